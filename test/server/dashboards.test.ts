// The reference server's NOC dashboard (subscriptions, alerts, acknowledgements, ackMode) and
// G-Code dashboard (channels and their updates).
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { connected, rejection, type Frame, type RawClient } from './raw-client.js';

const NOC = '/ws/noc/dashboard/';
const GCODE = '/ws/dashboard/';

async function subscriber(server: TestServer, clientId: string): Promise<RawClient> {
  const c = await connected(server.wsUrl(NOC));
  c.send({ type: 'subscribe_client', client_id: clientId });
  expect((await c.next('subscribed')).client_id).to.equal(clientId);
  return c;
}

describe('reference server: NOC dashboard', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startServer()));
  afterEach(() => server.stop());

  it('sends alerts only to the subscribers of their client, filling id and created_at', async () => {
    const a = await subscriber(server, 'acme');
    const b = await subscriber(server, 'acme');
    const other = await subscriber(server, 'globex');
    const { alert, count } = await server.alert({
      client_id: 'acme',
      severity: 'critical',
      title: 'Link down',
    });
    expect(count).to.equal(2);
    expect(alert.id).to.be.a('string');
    expect(Date.parse(alert.created_at)).to.be.above(0);
    for (const c of [a, b]) expect((await c.next('alert_new')).alert).to.deep.equal(alert);
    const { alert: theirs } = await server.alert({
      client_id: 'globex',
      message: 'm',
      source: 's',
    });
    expect(((await other.next('alert_new')).alert as Frame).id).to.equal(theirs.id);
    expect(theirs.severity).to.equal('warning');
    expect(a.frames.filter((f) => f.type === 'alert_new')).to.deep.equal([]);
  });

  it('fans an acknowledgement out to every subscriber of that client', async () => {
    const a = await subscriber(server, 'acme');
    const b = await subscriber(server, 'acme');
    const { alert } = await server.alert({ client_id: 'acme', id: 'a-1' });
    a.send({ type: 'acknowledge_alert', alert_id: 'a-1' });
    for (const c of [a, b]) {
      const ack = await c.next('alert_acknowledged');
      expect(ack.alert_id).to.equal(alert.id);
      expect(ack.acknowledged_by).to.equal('anonymous');
      expect(Date.parse(String(ack.acknowledged_at))).to.be.above(0);
    }
  });

  it('answers an unknown alert, a bad subscription and ackMode error with error frames', async () => {
    const a = await subscriber(server, 'acme');
    a.send({ type: 'acknowledge_alert', alert_id: 'missing' });
    const unknown = await a.next('error');
    expect(unknown).to.include({ code: 'unknown_alert', alert_id: 'missing' });
    a.send({ type: 'subscribe_client' });
    expect((await a.next('error')).code).to.equal('invalid_client');
    await server.setOptions({ ackMode: 'error' });
    await server.alert({ id: 'a-2' });
    a.send({ type: 'acknowledge_alert', alert_id: 'a-2' });
    expect(await a.next('error')).to.include({ code: 'ack_failed', alert_id: 'a-2' });
    expect(a.ws.readyState).to.equal(WebSocket.OPEN);
  });

  it('leaves an acknowledgement unanswered in ackMode ignore', async () => {
    await server.setOptions({ ackMode: 'ignore' });
    const a = await subscriber(server, 'acme');
    await server.alert({ id: 'a-3' });
    a.send({ type: 'acknowledge_alert', alert_id: 'a-3' });
    await server.waitForReceived('acknowledge_alert');
    // A ping sent after the ack is answered after it: had the ack been answered, it would be here.
    a.send({ type: 'ping' });
    await a.next('pong');
    expect(a.frames.map((f) => f.type)).to.deep.equal(['connected', 'alert_snapshot', 'alert_new']);
  });

  it('rejects an alert with an unknown severity with a clear message', async () => {
    const error = await rejection(server.alert({ severity: 'loud' as 'info' }));
    expect(error.message).to.contain(
      'severity must be one of critical, major, minor, warning, info',
    );
  });
});

describe('reference server: G-Code dashboard', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());

  it('subscribes a channel and delivers its updates only', async () => {
    const c = await connected(server.wsUrl(GCODE));
    c.send({ action: 'subscribe', channel: 'user_7' });
    expect((await c.next('subscribed')).channel).to.equal('user_7');
    expect(await server.gcode('user_8', { type: 'gcode_updated', data: {} })).to.equal(0);
    const data = { date: '2026-01-02', g_code_score: 78, intensity: 'high', themes: ['focus'] };
    expect(await server.gcode('user_7', { type: 'gcode_updated', data })).to.equal(1);
    expect((await c.next('gcode_updated')).data).to.deep.equal(data);
    await server.gcode('user_7', {
      type: 'annotation_added',
      data: { id: 1, date: '2026-01-02', note: 'n' },
    });
    await server.gcode('user_7', {
      type: 'content_generated',
      data: { id: 2, platform: 'blog', status: 'draft' },
    });
    expect(((await c.next('annotation_added')).data as Frame).note).to.equal('n');
    expect(((await c.next('content_generated')).data as Frame).platform).to.equal('blog');
    c.ws.close();
  });

  it('answers a bad channel with error', async () => {
    const c = await connected(server.wsUrl(GCODE));
    for (const channel of ['bad channel', 'user_', 42, undefined]) {
      c.send({ action: 'subscribe', channel });
      expect((await c.next('error')).code).to.equal('invalid_channel');
    }
    const error = await rejection(server.gcode('nope', { type: 'gcode_updated' }));
    expect(error.message).to.contain('channel must look like user_<id>');
    c.ws.close();
  });
});
