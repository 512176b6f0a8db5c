// Tests of the reference server itself, with raw browser sockets (this is the server under test).
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/events.js';

type Frame = Record<string, unknown>;

/** Opens a raw socket and records its frames; `next(type)` awaits the next frame of a type. */
function open(url: string) {
  const ws = new WebSocket(url);
  const frames: Frame[] = [];
  const bus = new EventTarget();
  ws.onmessage = (e) => {
    const frame = JSON.parse(String(e.data)) as Frame;
    frames.push(frame);
    bus.dispatchEvent(new CustomEvent('frame', { detail: frame }));
  };
  const next = async (type: string) => {
    const seen = frames.find((f) => f.type === type);
    if (seen) {
      frames.splice(frames.indexOf(seen), 1);
      return seen;
    }
    const e = await nextEvent<CustomEvent<Frame>>(bus, 'frame', (ev) => ev.detail.type === type);
    frames.splice(frames.indexOf(e.detail), 1);
    return e.detail;
  };
  const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener('close', resolve));
  return { ws, frames, next, closed, send: (f: unknown) => ws.send(typeof f === 'string' ? f : JSON.stringify(f)) };
}

describe('reference server', () => {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('greets, answers ping, heartbeat and action-ping, and reports errors without closing', async () => {
    server = await startServer();
    const c = open(server.wsUrl('/ws/noc/presence/'));
    const hello = await c.next('connection_established');
    expect(hello.heartbeat_interval).to.equal(30);
    c.send({ type: 'ping' });
    expect((await c.next('pong')).timestamp).to.be.a('string');
    c.send({ action: 'ping' });
    await c.next('pong');
    c.send({ type: 'heartbeat', timestamp: new Date().toISOString() });
    const ack = await c.next('heartbeat_ack');
    expect(ack.latency_ms).to.be.a('number').and.to.be.at.least(0);
    expect(ack.uptime_seconds).to.be.a('number');
    c.send('not json');
    expect((await c.next('error')).code).to.equal('invalid_json');
    c.send({ type: 'get_stats' });
    const stats = await c.next('stats');
    expect(stats.connections).to.equal(1);
    expect(c.ws.readyState).to.equal(WebSocket.OPEN);
    c.ws.close();
  });

  it('refuses a bad query token with authentication_error and 4001, accepts a good one', async () => {
    server = await startServer({ auth: 'query' });
    const bad = open(`${server.wsUrl('/ws/noc/presence/')}?token=nope`);
    expect((await bad.next('authentication_error')).error_code).to.equal('AUTH_REQUIRED');
    expect((await bad.closed).code).to.equal(4001);
    const good = open(`${server.wsUrl('/ws/noc/presence/')}?token=good-token`);
    await good.next('connection_established');
    const log = await server.connections('/ws/noc/presence/');
    expect(log.log.map((l) => l.token)).to.deep.equal(['nope', 'good-token']);
    good.ws.close();
  });

  it('answers first-message auth with auth_success or auth_failed + the close code', async () => {
    server = await startServer({ auth: 'message', authCloseCode: 4401 });
    const c = open(server.wsUrl('/ws/noc/dashboard/'));
    await c.next('connection_established');
    c.send({ type: 'ping' });
    expect((await c.next('error')).code).to.equal('auth_required');
    c.send({ type: 'auth', token: 'good-token' });
    await c.next('auth_success');
    await c.next('connected');
    const d = open(server.wsUrl('/ws/noc/dashboard/'));
    await d.next('connection_established');
    d.send({ type: 'auth', token: 'bad' });
    await d.next('auth_failed');
    expect((await d.closed).code).to.equal(4401);
    c.ws.close();
  });

  it('closes with 4403 for a refused origin and 4429 over the per-user cap', async () => {
    server = await startServer({ allowedOrigins: ['https://elsewhere.example'] });
    expect((await open(server.wsUrl('/ws/noc/presence/')).closed).code).to.equal(4403);
    await server.setOptions({ allowedOrigins: null, maxConnectionsPerUser: 1 });
    const first = open(server.wsUrl('/ws/noc/presence/'));
    await first.next('connection_established');
    expect((await open(server.wsUrl('/ws/noc/presence/')).closed).code).to.equal(4429);
    first.ws.close();
  });

  it('closes an idle socket with 4408', async () => {
    server = await startServer({ heartbeatTimeoutMs: 200 });
    const c = open(server.wsUrl('/ws/noc/presence/'));
    expect((await c.closed).code).to.equal(4408);
  });

  it('fans alerts and acknowledgements out to every subscriber of a client', async () => {
    server = await startServer();
    const a = open(server.wsUrl('/ws/noc/dashboard/'));
    const b = open(server.wsUrl('/ws/noc/dashboard/'));
    for (const c of [a, b]) {
      await c.next('connection_established');
      c.send({ type: 'subscribe_client', client_id: 'acme' });
    }
    await a.next('subscribed');
    await b.next('subscribed');
    const { alert } = await server.alert({ client_id: 'acme', severity: 'critical', title: 'Link down' });
    expect(((await a.next('alert_new')).alert as Frame).title).to.equal('Link down');
    await b.next('alert_new');
    a.send({ type: 'acknowledge_alert', alert_id: alert.id });
    expect((await b.next('alert_acknowledged')).alert_id).to.equal(alert.id);
    await a.next('alert_acknowledged');
    a.send({ type: 'acknowledge_alert', alert_id: 'missing' });
    expect((await a.next('error')).code).to.equal('unknown_alert');
    a.ws.close();
    b.ws.close();
  });

  it('subscribes G-Code channels and delivers updates to that channel only', async () => {
    server = await startServer();
    const c = open(server.wsUrl('/ws/dashboard/'));
    await c.next('connection_established');
    c.send({ action: 'subscribe', channel: 'bad channel' });
    expect((await c.next('error')).code).to.equal('invalid_channel');
    c.send({ action: 'subscribe', channel: 'user_7' });
    expect((await c.next('subscribed')).channel).to.equal('user_7');
    expect((await server.gcode('user_8', { type: 'gcode_updated', data: {} })).count).to.equal(0);
    await server.gcode('user_7', { type: 'gcode_updated', data: { g_code_score: 78 } });
    expect(((await c.next('gcode_updated')).data as Frame).g_code_score).to.equal(78);
    c.ws.close();
  });

  it('drops, silences, refuses and restarts on the same port', async () => {
    server = await startServer();
    const c = open(server.wsUrl('/ws/noc/presence/'));
    await c.next('connection_established');
    await server.silence(true);
    c.send({ type: 'ping' });
    await server.waitForReceived('ping', { count: 0 });
    await server.silence(false);
    c.send({ type: 'get_stats' });
    const stats = await c.next('stats');
    expect(c.frames.some((f) => f.type === 'pong')).to.equal(false);
    expect(stats.messages_in).to.equal(1);
    await server.dropAll();
    expect((await c.closed).code).to.equal(1006);
    await server.refuse(60000);
    const refused = open(server.wsUrl('/ws/noc/presence/'));
    expect((await refused.closed).code).to.equal(1006);
    await server.refuse(0);
    await server.restart(50);
    const again = open(server.wsUrl('/ws/noc/presence/'));
    await again.next('connection_established');
    await server.waitForConnections(1);
    again.ws.close();
    await server.waitForConnections(0);
  });

  it('serves polled frames after the cursor it handed out', async () => {
    server = await startServer();
    const first = await fetch(server.httpUrl('/api/poll/noc/dashboard/'));
    expect(await first.json()).to.deep.equal([]);
    const cursor = first.headers.get('X-Poll-Cursor');
    await server.alert({ client_id: 'acme', title: 'polled' });
    const next = await fetch(server.httpUrl(`/api/poll/noc/dashboard/?since=${cursor}`));
    const frames = (await next.json()) as Frame[];
    expect(frames.map((f) => f.type)).to.deep.equal(['alert_new']);
    expect(Number(next.headers.get('X-Poll-Cursor'))).to.be.greaterThan(Number(cursor));
  });

  it('accepts control operations over HTTP and rejects unknown ones', async () => {
    server = await startServer();
    const ok = await fetch(server.httpUrl('/control/alert'), { method: 'POST', body: JSON.stringify({ title: 'x' }) });
    expect(ok.status).to.equal(200);
    const bad = await fetch(server.httpUrl('/control/nope'), { method: 'POST', body: '{}' });
    expect(bad.status).to.equal(400);
    expect((await bad.json()).error).to.contain('unknown control operation');
  });
});
