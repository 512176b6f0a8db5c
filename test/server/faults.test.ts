// The reference server's faults for tests: silence, drop, close with a code, refuse, restart on
// the same port; and pushing frames (JSON, raw text, binary) at open sockets.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { connected, rawClient, rejection } from './raw-client.js';

const PRESENCE = '/ws/noc/presence/';
const GCODE = '/ws/dashboard/';

describe('reference server: faults', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startServer()));
  afterEach(() => server.stop());

  it('silence: reads and answers nothing, keeps TCP open, catches up when it ends', async () => {
    const c = await connected(server.wsUrl(PRESENCE));
    const other = await connected(server.wsUrl(GCODE));
    await server.silence(true, PRESENCE);
    c.send({ type: 'ping' });
    other.send({ action: 'ping' });
    await other.next('pong'); // other endpoints still answer
    const notRead = await rejection(
      server.waitForReceived('ping', { path: PRESENCE, timeoutMs: 300 }),
    );
    expect(notRead.message).to.contain("timed out after 300 ms waiting for 1 'ping' frame(s)");
    expect(await server.send({ type: 'pushed' }, { path: PRESENCE })).to.equal(0);
    expect(c.frames.map((f) => f.type)).to.deep.equal([]);
    expect(c.ws.readyState).to.equal(WebSocket.OPEN);
    expect((await server.connections(PRESENCE)).open).to.equal(1);
    await server.silence(false);
    // The held ping is read and answered once the server wakes up, like a stalled server.
    await c.next('pong');
    await server.waitForReceived('ping', { path: PRESENCE });
    c.ws.close();
    other.ws.close();
  });

  it('silence of every path greets nobody new; closeAll still reaches silent sockets', async () => {
    await server.silence(true);
    const c = rawClient(server.wsUrl(PRESENCE));
    await c.opened;
    await server.waitForConnections(1);
    await server.closeAll(4000, 'bye');
    const closed = await c.closed;
    expect([closed.code, closed.reason]).to.deep.equal([4000, 'bye']);
    expect(c.frames).to.deep.equal([]);
    await server.waitForConnections(0);
  });

  it('dropAll: terminates without a close frame (1006), per path when asked', async () => {
    const a = await connected(server.wsUrl(PRESENCE));
    const b = await connected(server.wsUrl(GCODE));
    await server.dropAll(PRESENCE);
    const closed = await a.closed;
    expect([closed.code, closed.wasClean]).to.deep.equal([1006, false]);
    expect(b.ws.readyState).to.equal(WebSocket.OPEN);
    await server.dropAll();
    expect((await b.closed).code).to.equal(1006);
    await server.waitForConnections(0);
  });

  it('closeAll: closes with the code and reason given, and rejects a code no client may see', async () => {
    const a = await connected(server.wsUrl(PRESENCE));
    await server.closeAll(4408, 'heartbeat timeout', PRESENCE);
    const closed = await a.closed;
    expect([closed.code, closed.reason, closed.wasClean]).to.deep.equal([
      4408,
      'heartbeat timeout',
      true,
    ]);
    const error = await rejection(server.closeAll(1006));
    expect(error.message).to.contain('close code must be 1000, 1012, 1013 or 3000-4999');
  });

  it('refuse: new upgrades fail with HTTP 503 while open sockets stay; refuse(0) ends it', async () => {
    const kept = await connected(server.wsUrl(PRESENCE));
    await server.refuse(60000);
    const refused = rawClient(server.wsUrl(PRESENCE));
    expect((await refused.closed).code).to.equal(1006);
    expect((await server.connections()).accepted).to.equal(1);
    expect(kept.ws.readyState).to.equal(WebSocket.OPEN);
    await server.refuse(0);
    const again = await connected(server.wsUrl(PRESENCE));
    expect((await server.connections()).accepted).to.equal(2);
    kept.ws.close();
    again.ws.close();
  });

  it('restart: drops every socket, refuses connections while down, listens again on the same port', async () => {
    const c = await connected(server.wsUrl(PRESENCE));
    const restarted = server.restart(1000);
    expect((await c.closed).code).to.equal(1006);
    // The listener is closed before the sockets' closes reach the page, so this attempt fails.
    const whileDown = rawClient(server.wsUrl(PRESENCE));
    expect((await whileDown.closed).code).to.equal(1006);
    await restarted;
    const again = await connected(server.wsUrl(PRESENCE));
    expect((await server.connections()).accepted).to.equal(2);
    again.ws.close();
  });

  it('send: JSON to every socket or one path, raw text verbatim, binary frames', async () => {
    const a = await connected(server.wsUrl(PRESENCE));
    const b = await connected(server.wsUrl(GCODE));
    expect(await server.send({ type: 'hello', n: 1 })).to.equal(2);
    expect((await a.next('hello')).n).to.equal(1);
    await b.next('hello');
    expect(await server.send('{broken', { path: GCODE, raw: true })).to.equal(1);
    expect((await b.next('(text)')).text).to.equal('{broken');
    await server.send({ type: 'bin' }, { path: PRESENCE, binary: true });
    expect((await a.next('(binary)')).text).to.equal('{"type":"bin"}');
    const error = await rejection(server.send(42 as unknown as object));
    expect(error.message).to.contain('frame must be an object');
    a.ws.close();
    b.ws.close();
  });
});

describe('reference server: the test control API', () => {
  it('gives each caller its own server, and rejects calls to a stopped one clearly', async () => {
    const [one, two] = await Promise.all([startServer(), startServer()]);
    expect(one.port).to.not.equal(two.port);
    const c = await connected(one.wsUrl(PRESENCE));
    expect((await two.connections()).accepted).to.equal(0);
    await two.stop();
    const error = await rejection(two.connections());
    expect(error.message).to.match(/reference server: .*no reference server with id/);
    c.ws.close();
    await one.stop();
  });

  it('waitForConnections and waitForReceived time out with what they saw', async () => {
    const server = await startServer();
    const c = await connected(server.wsUrl(PRESENCE));
    const opens = await rejection(server.waitForConnections(3, { timeoutMs: 100 }));
    expect(opens.message).to.contain('waiting for 3 open socket(s) (1 open)');
    c.send({ type: 'ping' });
    await c.next('pong');
    const frames = await rejection(server.waitForReceived('ping', { count: 2, timeoutMs: 200 }));
    expect(frames.message).to.contain("2 'ping' frame(s) (received 1)");
    c.ws.close();
    await server.waitForConnections(0);
    await server.stop();
  });
});
