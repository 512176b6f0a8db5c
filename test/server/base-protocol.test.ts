// The reference server's frames common to every endpoint, presence stats, the generic endpoint,
// and its answers to bad input (an `error` frame, the socket stays open).
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { connected, rawClient } from './raw-client.js';

const ENDPOINTS = ['/ws/noc/dashboard/', '/ws/noc/presence/', '/ws/dashboard/', '/ws/mobile/sync/'];

describe('reference server: every endpoint', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ heartbeatIntervalS: 0.2 })));
  after(() => server.stop());

  for (const path of ENDPOINTS) {
    it(`greets and answers ping, action-ping and heartbeat on ${path}`, async () => {
      const c = rawClient(server.wsUrl(path));
      const hello = await c.next('connection_established');
      expect(hello.heartbeat_interval).to.equal(0.2);
      expect(hello.message).to.be.a('string');
      expect(Date.parse(String(hello.timestamp))).to.be.above(0);
      c.send({ type: 'ping' });
      expect(Date.parse(String((await c.next('pong')).timestamp))).to.be.above(0);
      c.send({ action: 'ping' });
      await c.next('pong');
      c.send({ type: 'heartbeat', timestamp: new Date().toISOString() });
      const ack = await c.next('heartbeat_ack');
      expect(ack.latency_ms).to.be.a('number').and.at.least(0);
      expect(ack.uptime_seconds).to.be.a('number').and.at.least(0);
      expect(Date.parse(String(ack.server_time))).to.be.above(0);
      c.ws.close();
    });
  }

  it('measures heartbeat latency from the client timestamp, floored at 0', async () => {
    const c = await connected(server.wsUrl('/ws/noc/presence/'));
    // A timestamp 5 s in the past reads as at least 5 s of latency, in any of the accepted forms.
    const past = Date.now() - 5000;
    for (const timestamp of [new Date(past).toISOString(), past, past / 1000]) {
      c.send({ type: 'heartbeat', timestamp });
      expect((await c.next('heartbeat_ack')).latency_ms).to.be.at.least(5000);
    }
    c.send({ type: 'heartbeat', timestamp: new Date(Date.now() + 60000).toISOString() });
    expect((await c.next('heartbeat_ack')).latency_ms).to.equal(0);
    c.send({ type: 'heartbeat' });
    expect((await c.next('heartbeat_ack')).latency_ms).to.equal(0);
    c.ws.close();
  });

  it('answers bad frames with error and keeps the socket open', async () => {
    const c = await connected(server.wsUrl('/ws/noc/dashboard/'));
    const cases: [unknown, string][] = [
      ['not json', 'invalid_json'],
      ['[1,2]', 'invalid_frame'],
      ['42', 'invalid_frame'],
      [{ hello: 1 }, 'missing_type'],
      [{ type: 7 }, 'missing_type'],
      [{ type: 'no_such_thing' }, 'unknown_type'],
      [{ type: 'get_stats' }, 'unknown_type'], // presence only
    ];
    for (const [frame, code] of cases) {
      c.send(frame);
      const error = await c.next('error');
      expect(error.code, JSON.stringify(frame)).to.equal(code);
      expect(error.message).to.be.a('string').with.length.above(0);
    }
    c.ws.send(new Uint8Array([1, 2, 3]));
    expect((await c.next('error')).code).to.equal('binary');
    c.send({ type: 'ping' });
    await c.next('pong');
    expect(c.ws.readyState).to.equal(WebSocket.OPEN);
    c.ws.close();
  });

  it('answers an oversized frame with error too_large', async () => {
    await server.setOptions({ maxFrameBytes: 100 });
    const c = await connected(server.wsUrl('/ws/mobile/sync/'));
    c.send({ type: 'echo', pad: 'x'.repeat(200) });
    expect((await c.next('error')).code).to.equal('too_large');
    await server.setOptions({ maxFrameBytes: 65536 });
    c.ws.close();
  });

  it('reports presence stats', async () => {
    const other = await connected(server.wsUrl('/ws/dashboard/'));
    const c = await connected(server.wsUrl('/ws/noc/presence/'));
    await server.waitForConnections(2);
    c.send({ type: 'get_stats' });
    const stats = await c.next('stats');
    expect(stats.connections).to.equal(2);
    expect(stats.messages_in).to.be.a('number').and.at.least(1);
    expect(stats.messages_out).to.be.a('number').and.at.least(2);
    expect(stats.uptime_seconds).to.be.a('number');
    other.ws.close();
    c.ws.close();
    await server.waitForConnections(0);
  });

  it('echoes echo frames on the generic endpoint', async () => {
    const c = await connected(server.wsUrl('/ws/mobile/sync/'));
    c.send({ type: 'echo', payload: { n: 1, s: 'é' } });
    expect((await c.next('echo')).payload).to.deep.equal({ n: 1, s: 'é' });
    c.ws.close();
  });

  it('refuses an unknown endpoint at the upgrade', async () => {
    const c = rawClient(server.wsUrl('/ws/nowhere/'));
    const closed = await c.closed;
    expect(closed.code).to.equal(1006);
    expect((await server.connections('/ws/nowhere/')).accepted).to.equal(0);
  });

  it('records what it received, per path and in order', async () => {
    const fresh = await startServer();
    const a = await connected(fresh.wsUrl('/ws/noc/presence/'));
    const b = await connected(fresh.wsUrl('/ws/dashboard/'));
    a.send({ type: 'get_stats', n: 1 });
    b.send({ action: 'subscribe', channel: 'user_1' });
    a.send({ type: 'get_stats', n: 2 });
    const got = await fresh.waitForReceived('get_stats', { count: 2, path: '/ws/noc/presence/' });
    expect(got.map((r) => r.frame.n)).to.deep.equal([1, 2]);
    await fresh.waitForReceived('subscribe');
    const onDashboard = await fresh.received('/ws/dashboard/');
    expect(onDashboard.map((r) => r.frame)).to.deep.equal([
      { action: 'subscribe', channel: 'user_1' },
    ]);
    expect(got.map((r) => r.connection)).to.deep.equal([1, 1]);
    expect(onDashboard[0]?.connection).to.equal(2);
    expect((await fresh.received()).length).to.equal(3);
    await fresh.stop();
  });
});
