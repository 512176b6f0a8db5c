// <noc-alert-feed> against the reference server: subscription, alerts, acknowledgements and their
// failures, cap, filter, count, text-only rendering, axe in every state.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectEvents, nextEvent } from '../helpers/events.js';
import { connection, create, mount, unmountAll } from '../helpers/components/mount.js';
import { rendered, shadow } from '../helpers/components/dom.js';
import { FeedHarness } from '../helpers/components/feed-harness.js';
import type {
  AlertAcknowledgedDetail,
  AlertNewDetail,
  NocAlertFeed,
} from '../../components/index.js';
import type { Message } from '../../src/types.js';

const NOC = '/ws/noc/dashboard/';

describe('<noc-alert-feed>', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.setOptions({ ackMode: 'normal' });
    await server.waitForConnections(0);
    await server.forget(); // a new feed's first subscription gets a snapshot of what is left
  });

  /** A feed inside its own connection, resolved once the server confirmed the subscription. */
  async function feedOn(
    attrs: Record<string, string | number> = {},
    connAttrs: Record<string, string | number | boolean> = {},
  ) {
    const feed = create('noc-alert-feed', { 'client-id': 'acme', ...attrs }) as NocAlertFeed;
    const conn = connection(server.wsUrl(NOC), connAttrs, feed);
    const subscribed = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.type === 'subscribed',
    );
    mount(conn);
    await subscribed;
    return { conn, feed, h: new FeedHarness(feed) };
  }

  it('subscribes with client-id, and again after every reconnect', async () => {
    const { conn } = await feedOn({ 'client-id': 'globex' });
    const mine = async () =>
      (await server.received(NOC)).filter(
        (r) => r.frame.type === 'subscribe_client' && r.frame.client_id === 'globex',
      );
    expect(await mine()).to.have.length(1);
    const again = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.type === 'subscribed',
    );
    await server.dropAll(NOC);
    await again;
    const frames = await mine();
    expect(frames).to.have.length(2);
    expect(frames[1]!.connection).to.not.equal(frames[0]!.connection);
  });

  it('adds alerts newest first, de-duplicated by id, with severity as text and colour', async () => {
    const { feed, h } = await feedOn();
    const events = collectEvents<CustomEvent<AlertNewDetail>>(feed, 'alert-new');
    await expect(feed).to.be.accessible(); // empty
    expect(h.alertElements).to.have.length(0);
    await server.alert({ id: 'a1', title: 'Link down', severity: 'critical' });
    await server.alert({ id: 'a2', title: 'Disk 90% full', severity: 'info' });
    await server.alert({ id: 'a1', title: 'Link down (again)', severity: 'critical' });
    await server.alert({ id: 'a3', title: 'High CPU', severity: 'major' });
    await rendered(
      'three alerts',
      () => h.alerts.length === 3,
      () => h.titles,
    );
    expect(h.titles).to.deep.equal(['High CPU', 'Disk 90% full', 'Link down']);
    expect(events.events.map((e) => e.detail.alert.id)).to.deep.equal(['a1', 'a2', 'a3']);
    const [cpu, disk, link] = h.alerts;
    expect([cpu!.severityText, disk!.severityText, link!.severityText]).to.deep.equal([
      'major',
      'info',
      'critical',
    ]);
    expect([cpu!.state, link!.severity]).to.deep.equal(['new', 'critical']);
    expect(link!.time).to.match(/now|second/);
    const colour = (el: HTMLElement) =>
      getComputedStyle(el.querySelector('[part="severity"]')!).color;
    expect(colour(link!.el)).to.not.equal(colour(disk!.el));
    expect(h.countText).to.equal('3 unacknowledged');
    expect(link!.el.getAttribute('part')).to.equal('alert');
    await expect(feed).to.be.accessible();
  });

  it('renders an XSS payload in a title as text', async () => {
    const { feed, h } = await feedOn();
    const payload = '<img src=x onerror="window.__pwned = 1"><script>window.__pwned = 2</script>';
    await server.alert({ title: payload, message: '<b>not bold</b>' });
    await rendered('the alert', () => h.alerts.length === 1);
    expect(h.alerts[0]!.title).to.equal(payload);
    expect(shadow(feed).querySelector('img, script, b')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('acknowledges: pending until alert_acknowledged, then acknowledged, with an event', async () => {
    const { feed, h } = await feedOn();
    await server.alert({ id: 'ack-1', title: 'Packet loss', severity: 'minor' });
    await rendered('the alert', () => h.alerts.length === 1);
    const acknowledged = nextEvent<CustomEvent<AlertAcknowledgedDetail>>(
      feed,
      'alert-acknowledged',
    );
    h.alert('Packet loss').button.click();
    await feed.updateComplete;
    expect(h.alert('Packet loss').state).to.equal('pending');
    expect(h.alert('Packet loss').button.getAttribute('aria-disabled')).to.equal('true');
    await expect(feed).to.be.accessible();
    const { detail } = await acknowledged;
    expect(detail).to.deep.include({ alertId: 'ack-1', acknowledgedBy: 'anonymous' });
    expect(detail.alert?.title).to.equal('Packet loss');
    const sent = await server.waitForReceived('acknowledge_alert', { path: NOC });
    expect(sent.at(-1)!.frame.alert_id).to.equal('ack-1');
    await feed.updateComplete;
    expect(h.alert('Packet loss').state).to.equal('acknowledged');
    expect(h.alert('Packet loss').ackStatus).to.equal('Acknowledged by anonymous');
    expect(h.countText).to.equal('0 unacknowledged');
    await expect(feed).to.be.accessible();
  });

  it('is keyboard operable: Tab to Acknowledge, Enter sends it', async () => {
    const { feed, h } = await feedOn();
    await server.alert({ id: 'kb-1', title: 'Keyboard alert' });
    await rendered('the alert', () => h.alerts.length === 1);
    const button = h.alert('Keyboard alert').button;
    expect(button.getAttribute('aria-label')).to.equal('Acknowledge: Keyboard alert');
    button.focus();
    const acknowledged = nextEvent(feed, 'alert-acknowledged');
    await sendKeys({ press: 'Enter' });
    await acknowledged;
    await feed.updateComplete;
    expect(h.alert('Keyboard alert').state).to.equal('acknowledged');
    expect(shadow(feed).activeElement).to.equal(h.alert('Keyboard alert').button); // focus stays put
  });

  it('shows acknowledgements made by another client', async () => {
    const a = await feedOn({}, { exclusive: true });
    const b = await feedOn({}, { exclusive: true });
    await server.alert({ id: 'shared-1', title: 'BGP session flap', severity: 'critical' });
    await rendered('on both', () => a.h.alerts.length === 1 && b.h.alerts.length === 1);
    const seenByA = nextEvent<CustomEvent<AlertAcknowledgedDetail>>(a.feed, 'alert-acknowledged');
    b.feed.acknowledge('shared-1');
    expect((await seenByA).detail.alertId).to.equal('shared-1');
    await a.feed.updateComplete;
    expect(a.h.alert('BGP session flap').state).to.equal('acknowledged');
  });

  it('shows a visible failure when the server answers error', async () => {
    const { feed, h } = await feedOn();
    await server.alert({ id: 'fail-1', title: 'Cert expiring' });
    await rendered('the alert', () => h.alerts.length === 1);
    await server.setOptions({ ackMode: 'error' });
    h.alert('Cert expiring').button.click();
    await rendered(
      'failed',
      () => h.alert('Cert expiring').state === 'failed',
      () => h.alerts.map((x) => x.state),
    );
    const failed = h.alert('Cert expiring');
    expect(failed.ackError).to.match(/^Acknowledgement failed: .*fail-1/);
    expect(failed.button.textContent!.trim()).to.equal('Retry');
    await expect(feed).to.be.accessible();
    // Retrying once the server agrees works.
    await server.setOptions({ ackMode: 'normal' });
    const ok = nextEvent(feed, 'alert-acknowledged');
    failed.button.click();
    await ok;
  });

  it('shows a visible failure when the server says nothing within ack-timeout', async () => {
    const { feed, h } = await feedOn({ 'ack-timeout': 100 });
    await server.alert({ id: 'quiet-1', title: 'Nobody answers' });
    await rendered('the alert', () => h.alerts.length === 1);
    await server.setOptions({ ackMode: 'ignore' });
    feed.acknowledge('quiet-1');
    await rendered('failed', () => h.alert('Nobody answers').state === 'failed');
    expect(h.alert('Nobody answers').ackError).to.contain('no answer from the server');
  });

  it('keeps max-items, filters by severity and counts what passes the filter', async () => {
    const { feed, h } = await feedOn({ 'max-items': 3 });
    for (const severity of ['critical', 'major', 'minor', 'warning', 'info'] as const) {
      await server.alert({ title: `A ${severity} one`, severity });
    }
    await rendered(
      'three kept',
      () => h.alerts.length === 3 && h.titles[0] === 'A info one',
      () => h.titles,
    );
    expect(h.titles).to.deep.equal(['A info one', 'A warning one', 'A minor one']);
    expect(h.countText).to.equal('5 unacknowledged'); // counted even beyond the cap
    feed.maxItems = 10;
    feed.severity = 'critical, major';
    await server.alert({ title: 'Another critical', severity: 'critical' });
    await server.alert({ title: 'Another info', severity: 'info' });
    await rendered(
      'filtered',
      () => h.titles.join() === 'Another critical',
      () => h.titles,
    );
    expect(h.countText).to.equal('3 unacknowledged'); // critical + major + another critical
    feed.severity = '';
    await rendered(
      'unfiltered',
      () => h.alerts.length === 5,
      () => h.titles,
    );
    expect(h.titles).to.deep.equal([
      'Another info',
      'Another critical',
      'A info one',
      'A warning one',
      'A minor one',
    ]);
  });

  it('keeps its DOM bounded while old alerts keep leaving the list', async () => {
    const { h } = await feedOn({ 'max-items': 3 });
    const list = () => shadow(h.el).querySelector('[part="list"]')!;
    const nodes = () => {
      const walker = document.createTreeWalker(list(), NodeFilter.SHOW_ALL);
      let n = 0;
      while (walker.nextNode()) n += 1;
      return n;
    };
    // One alert per render: each is its own chunk, and each pushes the oldest chunk out.
    const oneByOne = async (from: number, count: number) => {
      for (let i = from; i < from + count; i += 1) {
        await server.alert({ id: `churn-${i}`, title: `Churn ${i}` });
        await rendered(
          `alert ${i} on top`,
          () => h.titles[0] === `Churn ${i}`,
          () => h.titles,
        );
      }
    };
    await oneByOne(0, 6);
    const settled = nodes();
    await oneByOne(6, 30);
    expect(h.alerts).to.have.length(3);
    // Before the fix every chunk that left kept one comment (its end marker) in the list.
    expect(nodes()).to.equal(settled);
  });

  it('a new client-id starts over with a new subscription', async () => {
    const { conn, feed, h } = await feedOn();
    await server.alert({ title: 'For acme' });
    await rendered('acme alert', () => h.alerts.length === 1);
    const subscribed = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.client_id === 'initech',
    );
    feed.clientId = 'initech';
    await subscribed;
    expect(h.alerts).to.have.length(0);
    await server.alert({ title: 'For acme again' });
    await server.alert({ title: 'For initech', client_id: 'initech' });
    await rendered(
      'initech alert',
      () => h.titles.join() === 'For initech',
      () => h.titles,
    );
  });
});
