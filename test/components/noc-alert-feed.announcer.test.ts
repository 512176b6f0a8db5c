// <noc-alert-feed>'s live region (part="announcer") against the reference server: in the page and
// empty before the first alert, one summary per announce-interval, a critical alert at once, and
// nothing else in the feed that a storm would make speak.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectEvents, nextEvent, until } from '../helpers/events.js';
import { unmountAll } from '../helpers/components/mount.js';
import { rendered, shadow, textOf } from '../helpers/components/dom.js';
import { mountFeed } from '../helpers/components/feed-harness.js';
import type { AlertNewDetail } from '../../components/index.js';

/** Every text the region takes, with when (performance.now()). */
function record(region: HTMLElement) {
  const said: { text: string; at: number }[] = [];
  const observer = new MutationObserver(() => {
    const text = textOf(region);
    if (text !== said.at(-1)?.text) said.push({ text, at: performance.now() });
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return { said, stop: () => observer.disconnect() };
}

describe('<noc-alert-feed> announcer', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.waitForConnections(0);
    await server.forget(); // a new feed's first subscription gets a snapshot of what is left
  });

  it('is in the page, polite and empty, before the first alert; the count is no live region', async () => {
    const { feed, h } = await mountFeed(server);
    const region = h.announcer;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.getAttribute('aria-atomic')).to.equal('true');
    expect(textOf(region)).to.equal('');
    // Live regions in the feed: the announcer, the answer to the operator's actions and the
    // notice after a rebuild from a snapshot (empty until then), no more.
    const live = shadow(feed).querySelectorAll(
      '[aria-live], [role="status"], [role="log"], [role="alert"]',
    );
    expect(live).to.have.length(3);
    await expect(feed).to.be.accessible();
    await server.alert({ severity: 'major', title: 'Fan failure', source: 'rack-7' });
    await rendered('the first alert announced', () => textOf(region) !== '');
    expect(textOf(region)).to.equal('New major alert: Fan failure, rack-7');
    expect(h.announcer).to.equal(region); // the same element: screen readers keep watching it
    await expect(feed).to.be.accessible();
  });

  it('says one summary per interval, and a critical alert at once', async () => {
    const interval = 1500;
    const { feed, h } = await mountFeed(server, { 'announce-interval': interval });
    const { said, stop } = record(h.announcer);
    const events = collectEvents<CustomEvent<AlertNewDetail>>(feed, 'alert-new');
    try {
      await server.alert({ severity: 'major', title: 'First' });
      await rendered('the first alert said', () => said.length === 1);
      // Twelve more within the interval: held back, then said as one.
      await server.alerts(9, { severity: 'major' });
      await server.alerts(3, { severity: 'minor' });
      await until(feed, 'alert-new', () => events.events.length === 13);
      expect(said).to.have.length(1);
      await rendered(
        'the summary',
        () => said.length === 2,
        () => said,
        interval + 3000,
      );
      expect(said.map((s) => s.text)).to.deep.equal([
        'New major alert: First, reference-server',
        '12 new alerts: 9 major, 3 minor',
      ]);
      expect(said[1]!.at - said[0]!.at).to.be.at.least(interval - 20);
      // A critical does not wait for the interval: it is said with what is pending, at once.
      await server.alert({ severity: 'warning', title: 'Pending warning' });
      const critical = nextEvent<CustomEvent<AlertNewDetail>>(
        feed,
        'alert-new',
        (e) => e.detail.alert.severity === 'critical',
      );
      await server.alert({ severity: 'critical', title: 'Core router down' });
      await critical;
      const arrived = performance.now();
      await rendered(
        'the critical',
        () => said.length === 3,
        () => said,
      );
      expect(said[2]!.text).to.equal('2 new alerts: 1 critical, 1 warning');
      expect(said[2]!.at - said[1]!.at).to.be.below(interval);
      expect(said[2]!.at - arrived).to.be.below(200);
    } finally {
      stop();
      events.stop();
    }
  });

  it('summarises only the alerts that pass the filters', async () => {
    const { feed, h } = await mountFeed(server, {
      severity: 'critical,major',
      'announce-interval': 60_000,
    });
    await server.alert({ severity: 'info', title: 'Filtered out' });
    await server.alert({ severity: 'major', title: 'Shown' });
    await rendered('announced', () => textOf(h.announcer) !== '');
    expect(textOf(h.announcer)).to.equal('New major alert: Shown, reference-server');
    await expect(feed).to.be.accessible();
  });
});
