// CONTRACT 0.2 "Subscriptions come first", through the widgets and against the reference server:
// after a reconnect the feed's `subscribe_client` and the panel's `{action: "subscribe"}` reach
// the server before any frame queued while offline, so an acknowledgement clicked offline is
// answered and shown confirmed (issue 14: it used to fail after ack-timeout).
import { expect } from '@open-wc/testing';
import { startServer, type Received, type TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/events.js';
import { connection, create, mount, status, unmountAll } from '../helpers/components/mount.js';
import { FeedHarness } from '../helpers/components/feed-harness.js';
import { rendered } from '../helpers/components/dom.js';
import type { AlertAcknowledgedDetail, GcodePanel, NocAlertFeed } from '../../components/index.js';
import type { Message } from '../../src/types.js';

const NOC = '/ws/noc/dashboard/';
const GCODE = '/ws/dashboard/';

/** The frames of the newest connection the server saw on `path`, in arrival order. */
function lastConnection(frames: Received[]): Record<string, unknown>[] {
  const newest = Math.max(...frames.map((r) => r.connection));
  return frames.filter((r) => r.connection === newest).map((r) => r.frame);
}

const kind = (frame: Record<string, unknown>) => String(frame['type'] ?? frame['action']);

describe('subscriptions come first (CONTRACT 0.2)', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startServer()));
  afterEach(async () => {
    await unmountAll();
    await server.stop();
  });

  it('<noc-alert-feed>: an acknowledgement clicked while offline is confirmed after reconnect', async () => {
    const feed = create('noc-alert-feed', {
      'client-id': 'acme',
      // Well beyond the reconnect below, well within the test's timeout.
      'ack-timeout': 4000,
    }) as NocAlertFeed;
    const conn = connection(server.wsUrl(NOC), { 'max-reconnect-attempts': 'Infinity' }, feed);
    const subscribed = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.type === 'subscribed',
    );
    mount(conn);
    await subscribed;
    const h = new FeedHarness(feed);
    await server.alert({ id: 'offline-ack', title: 'Fan failure', severity: 'major' });
    await rendered('the alert', () => h.alerts.length === 1);

    // The server goes away; the click happens while the connection is down.
    await server.refuse(60_000);
    const down = status(conn, 'reconnecting');
    await server.dropAll(NOC);
    await down;
    const acknowledged = nextEvent<CustomEvent<AlertAcknowledgedDetail>>(
      feed,
      'alert-acknowledged',
      () => true,
      8000,
    );
    h.alert('Fan failure').button.click();
    await feed.updateComplete;
    expect(h.alert('Fan failure').state).to.equal('pending');
    expect(conn.isConnected()).to.equal(false);

    await server.refuse(0);
    const { detail } = await acknowledged;
    expect(detail.alertId).to.equal('offline-ack');
    await feed.updateComplete;
    expect(h.alert('Fan failure').state).to.equal('acknowledged');
    const frames = lastConnection(await server.received(NOC)).map(kind);
    expect(frames.indexOf('subscribe_client')).to.be.within(0, frames.indexOf('acknowledge_alert'));
  });

  it('<gcode-panel>: its subscribe goes out before what the page sent while offline', async () => {
    const panel = create('gcode-panel', { channel: 'user_7' }) as GcodePanel;
    const conn = connection(
      server.wsUrl(GCODE),
      { heartbeat: 'action-ping', 'max-reconnect-attempts': 'Infinity' },
      panel,
    );
    mount(conn);
    await server.waitForReceived('subscribe', { path: GCODE });
    await server.refuse(60_000);
    const down = status(conn, 'reconnecting');
    await server.dropAll(GCODE);
    await down;
    expect(conn.send({ action: 'ping' })).to.equal(false);
    await server.refuse(0);
    await server.waitForReceived('subscribe', { path: GCODE, count: 2 });
    await server.waitForReceived('ping', { path: GCODE });
    const frames = lastConnection(await server.received(GCODE)).map(kind);
    expect(frames.slice(0, 2)).to.deep.equal(['subscribe', 'ping']);
  });
});
