// <noc-alert-feed> keeps gap-free against the reference server (CONTRACT.md 0.2): `since` on
// every reconnect, a skip asked about at once, duplicates ignored, a snapshot that rebuilds with a
// polite notice, `alert-recovery`, and the initial JSON child with its seq.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectEvents, nextEvent } from '../helpers/events.js';
import { connection, create, mount, unmountAll } from '../helpers/components/mount.js';
import { rendered, shadow, textOf } from '../helpers/components/dom.js';
import { FeedHarness } from '../helpers/components/feed-harness.js';
import type { AlertRecoveryDetail, NocAlertFeed } from '../../components/index.js';
import type { ErrorDetail, Message } from '../../src/types.js';

const NOC = '/ws/noc/dashboard/';

describe('<noc-alert-feed> recovery', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.waitForConnections(0);
    await server.setOptions({ historySize: 1000 });
    await server.forget();
  });

  /** A feed in its own connection, resolved once its first subscription is answered. */
  async function feedOn(...children: Node[]) {
    const feed = create('noc-alert-feed', { 'client-id': 'acme' }, ...children) as NocAlertFeed;
    const conn = connection(server.wsUrl(NOC), {}, feed);
    const answered = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.type === 'alert_snapshot' || e.detail.recovered === true,
    );
    mount(conn);
    await answered;
    return { conn, feed, h: new FeedHarness(feed) };
  }

  /** The `subscribe_client` frames the server received, in order. */
  async function subscriptions() {
    return (await server.received(NOC))
      .filter((r) => r.frame.type === 'subscribe_client')
      .map((r) => r.frame);
  }

  const notice = (feed: NocAlertFeed) => shadow(feed).querySelector('[part="notice"]')!;

  it('sends since on every reconnect and replays what it missed: alert-recovery, no notice', async () => {
    const { feed, h } = await feedOn();
    await server.alert({ title: 'One' });
    await server.alert({ title: 'Two' });
    await rendered('two alerts', () => h.alerts.length === 2);
    // Raised while this feed's frames are lost on the way: numbered, never sent.
    for (const title of ['Three', 'Four', 'Five']) await server.alert({ title }, { live: false });
    const recovery = nextEvent<CustomEvent<AlertRecoveryDetail>>(feed, 'alert-recovery');
    await server.dropAll(NOC);
    expect((await recovery).detail).to.deep.equal({ recovered: true, replayed: 3 });
    expect((await subscriptions()).map((f) => f.since)).to.deep.equal([undefined, 2]);
    await rendered('all five', () => h.alerts.length === 5);
    expect(h.titles).to.deep.equal(['Five', 'Four', 'Three', 'Two', 'One']);
    expect(textOf(notice(feed))).to.equal('');
  });

  it('asks again at once when seq skips ahead, and shows every alert once', async () => {
    const { feed, h } = await feedOn();
    const added = collectEvents(feed, 'alert-new');
    await server.alert({ title: 'First' });
    await server.alert({ title: 'Lost A' }, { live: false });
    await server.alert({ title: 'Lost B' }, { live: false });
    const recovery = nextEvent<CustomEvent<AlertRecoveryDetail>>(feed, 'alert-recovery');
    await server.alert({ title: 'After the gap' }); // seq 4 after 1: a skip
    expect((await recovery).detail).to.deep.equal({ recovered: true, replayed: 3 });
    const asked = (await subscriptions()).at(-1)!;
    expect(asked).to.deep.equal({ type: 'subscribe_client', client_id: 'acme', since: 1 });
    await rendered('four alerts', () => h.alerts.length === 4);
    expect(h.titles).to.deep.equal(['After the gap', 'Lost B', 'Lost A', 'First']);
    // A frame already seen (here: seq 1 again, under another id) is ignored.
    await server.send({
      type: 'alert_new',
      alert: { id: 'again', client_id: 'acme', title: 'Resent', severity: 'info' },
      seq: 1,
    });
    await server.alert({ title: 'Next' });
    await rendered('the next one', () => h.alerts.length === 5);
    expect(h.titles).to.not.include('Resent');
    // The frame that showed the skip waited for the replay: every alert applied in order, once.
    expect(added.events.map((e) => (e as CustomEvent).detail.alert.title)).to.deep.equal([
      'First',
      'Lost A',
      'Lost B',
      'After the gap',
      'Next',
    ]);
    added.stop();
  });

  it('rebuilds from a snapshot when the history no longer holds what it missed, and says so politely', async () => {
    await server.setOptions({ historySize: 2 });
    const { feed, h } = await feedOn();
    await server.alert({ title: 'Seen', id: 'seen' });
    await rendered('the first', () => h.alerts.length === 1);
    for (const n of [1, 2, 3, 4]) await server.alert({ title: `Missed ${n}` }, { live: false });
    const recovery = nextEvent<CustomEvent<AlertRecoveryDetail>>(feed, 'alert-recovery');
    await server.dropAll(NOC);
    expect((await recovery).detail).to.deep.equal({ recovered: false, replayed: 0 });
    await rendered('the rebuilt list', () => h.alerts.length === 5);
    expect(h.titles[0]).to.equal('Missed 4');
    const status = notice(feed);
    expect(status.getAttribute('role')).to.equal('status'); // polite: role=status
    expect(textOf(status)).to.equal('Reconnected: the alerts were reloaded from the server.');
    await expect(feed).to.be.accessible();
  });

  it('shows its initial JSON before the socket opens, and its first subscription resumes from that seq', async () => {
    const { alert: first } = await server.alert({ title: 'Stored one', id: 's1' });
    const { alert: second } = await server.alert({ title: 'Stored two', id: 's2' });
    const json = create('script', { type: 'application/json' });
    json.textContent = JSON.stringify({
      seq: 2,
      alerts: [
        { ...second, acknowledged_by: 'bob', acknowledged_at: '2026-01-01T00:00:00Z' },
        first,
      ],
    });
    const feed = create('noc-alert-feed', { 'client-id': 'acme' }, json) as NocAlertFeed;
    const added = collectEvents(feed, 'alert-new');
    const h = new FeedHarness(feed);
    mount(feed); // no connection yet: what it shows comes from the page
    await rendered('the stored alerts', () => h.alerts.length === 2);
    expect(h.titles).to.deep.equal(['Stored two', 'Stored one']);
    expect(h.alert('Stored two').state).to.equal('acknowledged');
    expect(h.alert('Stored two').ackStatus).to.contain('bob');
    const recovery = nextEvent<CustomEvent<AlertRecoveryDetail>>(feed, 'alert-recovery');
    const conn = mount(connection(server.wsUrl(NOC)));
    conn.append(feed);
    expect((await recovery).detail).to.deep.equal({ recovered: true, replayed: 0 });
    expect((await subscriptions()).at(-1)).to.deep.equal({
      type: 'subscribe_client',
      client_id: 'acme',
      since: 2,
    });
    await server.alert({ title: 'Live three' });
    await rendered('the live one', () => h.alerts.length === 3);
    // State from the page is not news: only the live alert fired alert-new.
    expect(added.events).to.have.length(1);
    added.stop();
  });

  it('reports initial JSON it cannot read as an error event, and subscribes without since', async () => {
    const json = create('script', { type: 'application/json' });
    json.textContent = '{"seq": 3, "alerts": [';
    const feed = create('noc-alert-feed', { 'client-id': 'acme' }, json) as NocAlertFeed;
    const failed = nextEvent<CustomEvent<ErrorDetail>>(feed, 'error');
    const conn = connection(server.wsUrl(NOC), {}, feed);
    mount(conn);
    expect((await failed).detail.kind).to.equal('parse');
    await nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.type === 'alert_snapshot',
    );
    expect((await subscriptions()).at(-1)).to.deep.equal({
      type: 'subscribe_client',
      client_id: 'acme',
    });
  });
});
