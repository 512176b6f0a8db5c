// The reference server's credential modes (connect: query or cookie; first message), its
// refusals and their close codes (4001/4401, 4403, 4408, 4429), and token revocation.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { connected, rawClient, rejection } from './raw-client.js';

const PRESENCE = '/ws/noc/presence/';
const NOC = '/ws/noc/dashboard/';

describe('reference server: authentication and refusals', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('connect mode refuses a forged ?token= with AUTH_REQUIRED and 4001, and takes a good one', async () => {
    server = await startServer({ auth: 'connect' });
    const bad = rawClient(`${server.wsUrl(PRESENCE)}?token=forged`);
    expect((await bad.next('authentication_error')).error_code).to.equal('AUTH_REQUIRED');
    expect((await bad.closed).code).to.equal(4001);
    const good = await connected(`${server.wsUrl(PRESENCE)}?token=good-token`);
    good.ws.close();
  });

  it('query auth: refuses a missing or bad token with authentication_error then 4001', async () => {
    server = await startServer({ auth: 'connect' });
    for (const url of [server.wsUrl(PRESENCE), `${server.wsUrl(PRESENCE)}?token=nope`]) {
      const c = rawClient(url);
      const refusal = await c.next('authentication_error');
      expect(refusal.error_code).to.equal('AUTH_REQUIRED');
      expect(refusal.message).to.be.a('string');
      expect((await c.closed).code).to.equal(4001);
    }
    const good = await connected(`${server.wsUrl(PRESENCE)}?token=good-token`);
    const { log } = await server.connections(PRESENCE);
    expect(log.map((l) => l.token)).to.deep.equal([undefined, 'nope', 'good-token']);
    expect(log.every((l) => l.origin === location.origin)).to.equal(true);
    good.ws.close();
  });

  it('closes with 4401 when configured so', async () => {
    server = await startServer({ auth: 'connect', authCloseCode: 4401 });
    expect((await rawClient(`${server.wsUrl(PRESENCE)}?token=old`).closed).code).to.equal(4401);
  });

  it('ignores tokens when auth is none, and greets the NOC dashboard with connected', async () => {
    server = await startServer();
    const c = await connected(`${server.wsUrl(NOC)}?token=whatever`);
    const hello = await c.next('connected');
    expect(hello.user).to.equal('anonymous');
    expect(hello.permissions).to.be.an('array');
    c.ws.close();
  });

  it('message auth: auth_required before auth, auth_success then connected, auth_failed then the close code', async () => {
    server = await startServer({ auth: 'message', authCloseCode: 4401 });
    const c = await connected(server.wsUrl(NOC));
    c.send({ type: 'ping' });
    expect((await c.next('error')).code).to.equal('auth_required');
    c.send({ type: 'auth', token: 'good-token' });
    await c.next('auth_success');
    expect((await c.next('connected')).user).to.be.a('string');
    c.send({ type: 'ping' });
    await c.next('pong');
    const d = await connected(server.wsUrl(NOC));
    d.send({ type: 'auth', token: 'bad' });
    expect((await d.next('auth_failed')).message).to.be.a('string');
    expect((await d.closed).code).to.equal(4401);
    expect(c.ws.readyState).to.equal(WebSocket.OPEN);
    c.ws.close();
  });

  it('cookie auth: reads the token from the cookie of the upgrade request', async () => {
    server = await startServer({ auth: 'connect', cookieName: 'test_ws_token' });
    // Cookies go by host, not port: connect to the page's own host so the browser sends it.
    const host = location.hostname;
    const refused = rawClient(server.wsUrl(PRESENCE, host));
    await refused.next('authentication_error');
    expect((await refused.closed).code).to.equal(4001);
    document.cookie = 'test_ws_token=good-token; path=/; SameSite=Lax';
    try {
      const c = await connected(server.wsUrl(PRESENCE, host));
      const { log } = await server.connections();
      expect(log.map((l) => l.hasCookie)).to.deep.equal([false, true]);
      c.ws.close();
    } finally {
      document.cookie = 'test_ws_token=; path=/; max-age=0';
    }
  });

  it('closes with 4403 for an origin it does not allow', async () => {
    server = await startServer({ allowedOrigins: ['https://elsewhere.example'] });
    expect((await rawClient(server.wsUrl(PRESENCE)).closed).code).to.equal(4403);
    await server.setOptions({ allowedOrigins: [location.origin] });
    const c = await connected(server.wsUrl(PRESENCE));
    c.ws.close();
  });

  it('closes with 4429 beyond the per-user cap; users are told apart by token', async () => {
    server = await startServer({
      maxConnectionsPerUser: 1,
      auth: 'connect',
      validTokens: ['t1', 't2'],
    });
    const first = await connected(`${server.wsUrl(PRESENCE)}?token=t1`);
    expect((await rawClient(`${server.wsUrl(NOC)}?token=t1`).closed).code).to.equal(4429);
    const other = await connected(`${server.wsUrl(PRESENCE)}?token=t2`);
    await server.waitForConnections(2);
    first.ws.close();
    await server.waitForConnections(1);
    const again = await connected(`${server.wsUrl(PRESENCE)}?token=t1`);
    for (const c of [other, again]) c.ws.close();
  });

  it('applies the cap after first-message auth too', async () => {
    server = await startServer({ maxConnectionsPerUser: 1, auth: 'message' });
    const a = await connected(server.wsUrl(NOC));
    a.send({ type: 'auth', token: 'good-token' });
    await a.next('auth_success');
    const b = await connected(server.wsUrl(NOC));
    b.send({ type: 'auth', token: 'good-token' });
    expect((await b.closed).code).to.equal(4429);
    a.ws.close();
  });

  it('closes an idle socket with 4408, not one that keeps sending heartbeats', async () => {
    server = await startServer({ heartbeatTimeoutMs: 300 });
    const idle = rawClient(server.wsUrl(PRESENCE));
    const busy = await connected(server.wsUrl(PRESENCE));
    const timer = setInterval(
      () => busy.send({ type: 'heartbeat', timestamp: new Date().toISOString() }),
      50,
    );
    try {
      const closed = await idle.closed;
      expect(closed.code).to.equal(4408);
      // The busy socket outlived the idle one's timeout, and is still open.
      expect(busy.ws.readyState).to.equal(WebSocket.OPEN);
    } finally {
      clearInterval(timer);
    }
    busy.ws.close();
  });

  it('revoking a token closes its sockets with authentication_error and the close code', async () => {
    server = await startServer({ auth: 'connect', validTokens: ['keep', 'revoke'] });
    const kept = await connected(`${server.wsUrl(NOC)}?token=keep`);
    const revoked = await connected(`${server.wsUrl(NOC)}?token=revoke`);
    expect(await server.setTokens(['keep'])).to.equal(1);
    await revoked.next('authentication_error');
    expect((await revoked.closed).code).to.equal(4001);
    expect(kept.ws.readyState).to.equal(WebSocket.OPEN);
    expect((await rawClient(`${server.wsUrl(NOC)}?token=revoke`).closed).code).to.equal(4001);
    kept.ws.close();
  });

  it('rejects bad options with a clear message', async () => {
    server = await startServer();
    const bad = await rejection(server.setOptions({ auth: 'bogus' as 'none' }));
    expect(bad.message).to.contain("server option 'auth' must be one of");
    const badStart = await rejection(startServer({ authCloseCode: 1000 as 4001 }));
    expect(badStart.message).to.contain("server option 'authCloseCode'");
  });
});
