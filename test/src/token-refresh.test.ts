// Token refresh (CONTRACT 0.2): after a refusal of the credentials, one GET of `tokenUrl` (or one
// call of `refreshToken`), then a reconnect with the fresh token; a second refusal in a row or a
// failed refresh ends in `failed`. Against the reference server and its `GET /api/token`.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { ErrorDetail } from '../../src/types.js';
import { collectEvents } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST, quietPeriod, reach } from './support.js';

const PATH = '/ws/noc/presence/';

describe('ReconnectingSocket: token refresh', () => {
  let server: TestServer;
  let socket: ReconnectingSocket;
  afterEach(async () => {
    socket?.disconnect();
    await server.stop();
  });

  function refreshing(auth: 'query' | 'message' = 'query', token = 'expired', ready = true) {
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      auth,
      token,
      tokenUrl: server.httpUrl('/api/token'),
      // Without it a refused socket counts as connected for the moment between open and refusal.
      ...(ready ? { readyMessage: 'connection_established' } : {}),
    });
    return collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
  }

  it('refused: GETs token-url once and reconnects at once with the fresh token, no auth error', async () => {
    server = await startServer({ auth: 'connect' });
    const errors = refreshing();
    socket.connect();
    await reach(socket, 'connected');
    expect(await server.tokenRequests()).to.equal(1);
    const { log } = await server.connections(PATH);
    expect(log.map((l) => l.token)).to.deep.equal(['expired', 'issued-token-1']);
    expect(errors.events.map((e) => e.detail.kind)).to.deep.equal([]);
    expect(JSON.stringify(socket)).not.to.contain('issued-token-1');
  });

  it('a second refusal in a row ends in failed: never a loop', async () => {
    server = await startServer({ auth: 'connect', tokenEndpoint: 'stale' });
    // No ready message: each socket opens (status connected) before it is refused, and that
    // does not re-arm the refresh.
    const errors = refreshing('query', 'expired', false);
    socket.connect();
    await reach(socket, 'failed');
    await quietPeriod(ReconnectingSocket);
    expect(await server.tokenRequests()).to.equal(1);
    expect((await server.connections(PATH)).accepted).to.equal(2);
    expect(errors.events.map((e) => e.detail.kind)).to.deep.equal(['auth']);
    // The refreshed token is never printed, like any token.
    expect(errors.events[0]!.detail.message).not.to.contain('stale-token-1');
  });

  it('a failed refresh (401) ends in failed with an auth error', async () => {
    server = await startServer({ auth: 'connect', tokenEndpoint: 'refuse' });
    const errors = refreshing();
    socket.connect();
    await reach(socket, 'failed');
    expect(errors.events.map((e) => e.detail.kind)).to.deep.equal(['auth']);
    expect(errors.events[0]!.detail.message).to.contain('token refresh failed (HTTP 401)');
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('is re-armed by a connection that reached connected, not by one refused after opening', async () => {
    server = await startServer({ auth: 'message' });
    const errors = refreshing('message', 'good-token');
    socket.connect();
    await reach(socket, 'connected');
    // Revoked: the server closes with 4001; the refresh brings a valid token.
    await server.setTokens([]);
    await reach(socket, 'reconnecting');
    await reach(socket, 'connected');
    expect(await server.tokenRequests()).to.equal(1);
    // Revoked again, and the endpoint now hands out tokens the server refuses: the first refusal
    // refreshes (re-armed by the connection above); the stale token opens, is refused, and stops.
    await server.setOptions({ tokenEndpoint: 'stale' });
    await server.setTokens([]);
    await reach(socket, 'failed');
    expect(await server.tokenRequests()).to.equal(2);
    expect(errors.events.map((e) => e.detail.kind)).to.deep.equal(['auth']);
  });

  it('uses refreshToken() instead of token-url', async () => {
    server = await startServer({ auth: 'connect', validTokens: ['from-the-page'] });
    let calls = 0;
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      token: 'expired',
      readyMessage: 'connection_established',
      tokenUrl: server.httpUrl('/api/token'),
      refreshToken: () => {
        calls += 1;
        return Promise.resolve('from-the-page');
      },
    });
    socket.connect();
    await reach(socket, 'connected');
    expect(calls).to.equal(1);
    expect(await server.tokenRequests()).to.equal(0);
    expect(() => new ReconnectingSocket(server.wsUrl(PATH), { refreshToken: 5 as never })).to.throw(
      TypeError,
      /refreshToken/,
    );
  });
});
