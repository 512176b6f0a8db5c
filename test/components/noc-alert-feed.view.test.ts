// <noc-alert-feed>'s operator view against the reference server: density="compact" (one line per
// alert, severity labels of one width, at least twice the rows in the same height, light and
// dark) and the toolbar (severity, search, unacknowledged only, sort), by keyboard and announced.
import { expect } from '@open-wc/testing';
import { emulateMedia, sendKeys } from '@web/test-runner-commands';
import { startServer, type TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/events.js';
import { unmountAll } from '../helpers/components/mount.js';
import { rendered, shadow } from '../helpers/components/dom.js';
import { mountFeed, type FeedHarness } from '../helpers/components/feed-harness.js';

const SAMPLES = [
  { severity: 'info', title: 'Maintenance window at 02:00', source: 'lb-west' },
  { severity: 'warning', title: 'Certificate expires in 9 days', source: 'vpn-gw' },
  { severity: 'minor', title: 'Disk 85% full', source: 'db-primary' },
  { severity: 'major', title: 'Packet loss on uplink', source: 'edge-sw-4' },
  { severity: 'critical', title: 'Core router unreachable', source: 'core-rtr-1' },
] as const;

const box = (el: Element) => el.getBoundingClientRect();

describe('<noc-alert-feed> operator view', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(async () => {
    await emulateMedia({ colorScheme: 'light' });
    await server.stop();
  });
  afterEach(async () => {
    await unmountAll();
    await server.waitForConnections(0);
    await server.forget(); // a new feed's first subscription gets a snapshot of what is left
  });

  async function raiseSamples(...feeds: FeedHarness[]) {
    for (const s of SAMPLES) await server.alert({ ...s, message: `About ${s.source}` });
    await rendered('the samples', () => feeds.every((h) => h.alerts.length === SAMPLES.length));
  }

  for (const scheme of ['light', 'dark'] as const) {
    it(`density="compact": one line each, labels of one width, twice the rows (${scheme})`, async () => {
      await emulateMedia({ colorScheme: scheme });
      const comfortable = await mountFeed(server, {}, { exclusive: true });
      const compact = await mountFeed(server, { density: 'compact' }, { exclusive: true });
      expect(compact.feed.getAttribute('density')).to.equal('compact');
      await raiseSamples(comfortable.h, compact.h);
      const height = (h: FeedHarness) =>
        h.alertElements.reduce((sum, el) => sum + box(el).height, 0) / SAMPLES.length;
      const pitch = (h: FeedHarness) => {
        const [a, b] = h.alertElements;
        return box(b!).top - box(a!).top; // height plus the gap between rows
      };
      expect(pitch(comfortable.h) / pitch(compact.h), 'rows per height').to.be.at.least(2);
      for (const h of [comfortable.h, compact.h]) {
        const labels = h.alertElements.map((el) => box(el.querySelector('[part="severity"]')!));
        const titles = h.alertElements.map((el) => box(el.querySelector('[part="title"]')!));
        // Every label as wide as the others, so every title starts at the same x.
        expect(new Set(labels.map((l) => Math.round(l.width))).size, 'label widths').to.equal(1);
        expect(new Set(titles.map((t) => Math.round(t.left))).size, 'title columns').to.equal(1);
      }
      // One line: title, message and meta side by side, no taller than one line of the button.
      for (const el of compact.h.alertElements) {
        const [title, message, meta] = ['title', 'message', 'meta'].map((p) =>
          box(el.querySelector(`[part="${p}"]`)!),
        );
        expect(Math.abs(title!.top - meta!.top), 'meta on the title line').to.be.below(4);
        expect(Math.abs(title!.top - message!.top), 'message on the title line').to.be.below(4);
        expect(box(el).height).to.be.below(2 * title!.height);
      }
      expect(height(compact.h)).to.be.below(height(comfortable.h) / 2);
      await expect(comfortable.feed).to.be.accessible();
      await expect(compact.feed).to.be.accessible();
    });
  }

  it('compact grouped rows and expanded groups stay accessible in the dark scheme', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const { feed, h } = await mountFeed(server, {
      density: 'compact',
      'group-by': 'source',
      controls: true,
    });
    await server.alerts(3, { source: 'edge-sw-4', severity: 'major' });
    await server.alert({ source: 'core-rtr-1', severity: 'critical' });
    await rendered('two groups', () => h.alerts.map((a) => a.count).join() === '1,3');
    h.alerts[1]!.expand!.click();
    await feed.updateComplete;
    expect(h.alerts[1]!.members).to.have.length(3);
    await expect(feed).to.be.accessible();
    await emulateMedia({ colorScheme: 'light' });
    await expect(feed).to.be.accessible();
  });

  it('controls filter by severity, by text and to unacknowledged, and sort, by keyboard, announced', async () => {
    const { feed, h } = await mountFeed(server, { controls: true });
    await raiseSamples(h);
    const acknowledged = nextEvent(feed, 'alert-acknowledged');
    feed.acknowledge(h.alert('Disk 85% full').el.querySelector('button')!.dataset.alertId!);
    await acknowledged;
    await feed.updateComplete;
    await expect(feed).to.be.accessible();

    // Severity: a threshold, chosen with the arrow keys on the focused select.
    const severity = h.control('Severity');
    severity.focus();
    const changed = nextEvent(severity, 'change');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await changed;
    await rendered(
      'major and above',
      () => h.titles.join() === 'Core router unreachable,Packet loss on uplink',
      () => h.titles,
    );
    expect(feed.severity).to.equal('critical,major');
    expect(severity.selectedOptions[0]!.textContent!.trim()).to.equal('Major and above');
    expect(h.feedback).to.equal('2 of 5 alerts shown');

    // Tab to the search box and type: source or title, any case.
    await sendKeys({ press: 'Tab' });
    const search = h.control<HTMLInputElement>('Search');
    expect(shadow(feed).activeElement).to.equal(search);
    await sendKeys({ type: 'CORE' });
    await rendered(
      'searched',
      () => h.titles.join() === 'Core router unreachable',
      () => h.titles,
    );
    expect(h.feedback).to.equal('1 of 5 alerts shown');
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    await sendKeys({ press: 'Backspace' });
    feed.severity = '';
    await rendered(
      'all again',
      () => h.alerts.length === 5,
      () => h.titles,
    );

    // Tab to "Unacknowledged only", Space toggles it.
    await sendKeys({ press: 'Tab' });
    const unacked = h.control<HTMLInputElement>('Unacknowledged only');
    expect(shadow(feed).activeElement).to.equal(unacked);
    await sendKeys({ press: 'Space' });
    await rendered(
      'unacknowledged only',
      () => h.alerts.length === 4,
      () => h.titles,
    );
    expect(h.titles).to.not.include('Disk 85% full');
    expect(h.feedback).to.equal('4 of 5 alerts shown');
    await expect(feed).to.be.accessible();
    await sendKeys({ press: 'Space' });

    // Tab to Sort: most severe first.
    await sendKeys({ press: 'Tab' });
    const sort = h.control('Sort');
    expect(shadow(feed).activeElement).to.equal(sort);
    const sorted = nextEvent(sort, 'change');
    await sendKeys({ press: 'ArrowDown' });
    await sorted;
    await rendered(
      'by severity',
      () => h.alerts.map((a) => a.severity).join() === 'critical,major,minor,warning,info',
      () => h.alerts.map((a) => a.severity),
    );
    expect(feed.sort).to.equal('severity');
    expect(h.feedback).to.equal('5 of 5 alerts shown, most severe first');
    // A new minor alert goes below the worse ones, above the older minor one.
    await server.alert({ severity: 'minor', title: 'Newest minor' });
    await rendered(
      'placed',
      () => h.titles[2] === 'Newest minor',
      () => h.titles,
    );
    await expect(feed).to.be.accessible();

    // Nothing passes: said so, visibly.
    feed.search = 'nothing like this';
    await feed.updateComplete;
    expect(shadow(feed).querySelector('[part="empty"]')!.textContent).to.equal(
      'No alerts match the filters',
    );
    await expect(feed).to.be.accessible();
  });
});
