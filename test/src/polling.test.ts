// The HTTP polling fallback once attempts are exhausted: frames from the poll log dispatched as
// messages, the X-Poll-Cursor/since scheme, the token, errors, and the way back to the socket.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { ConnectionStatusDetail, ErrorDetail, Message } from '../../src/types.js';
import { collectEvents, until } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { errorEvent, messageEvent, quietPeriod, reach, statusEvent } from './support.js';

const PATH = '/ws/noc/dashboard/';
const POLL = '/api/poll/noc/dashboard/';

/**
 * The first poll only learns the cursor (frames from now on), so send `sync` frames until one
 * is polled: from then on every frame sent reaches the poller.
 */
async function synced(server: TestServer, socket: ReconnectingSocket): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const got = messageEvent(socket, 'sync', 400).then(
      () => true,
      () => false,
    );
    await server.send({ type: 'sync', i }, { path: PATH });
    if (await got) return;
  }
  throw new Error('no sync frame was ever polled');
}

describe('ReconnectingSocket: polling fallback', () => {
  let server: TestServer;
  let socket: ReconnectingSocket;
  const polling = (options = {}) =>
    new ReconnectingSocket(server.wsUrl(PATH), {
      reconnectInterval: 20,
      maxReconnectDelay: 60000,
      jitter: 0,
      maxReconnectAttempts: 1,
      pollingUrl: server.httpUrl(POLL),
      pollingInterval: 40,
      ...options,
    });
  beforeEach(async () => {
    server = await startServer();
    await server.refuse(60000);
  });
  afterEach(async () => {
    socket?.disconnect();
    await server.stop();
  });

  it('switches to polling after the last attempt and dispatches polled frames once each', async () => {
    socket = polling();
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    const maxed = errorEvent(socket, 'max-attempts');
    socket.connect();
    await reach(socket, 'polling');
    await maxed;
    expect(statuses.events.map((e) => e.detail.status)).to.deep.equal([
      'connecting',
      'reconnecting',
      'reconnecting',
      'polling',
    ]);
    await synced(server, socket);
    const messages = collectEvents<CustomEvent<Message>>(socket, 'message');
    const typed: number[] = [];
    socket.on('tick', (msg) => typed.push(msg['n'] as number));
    for (let n = 1; n <= 3; n++) await server.send({ type: 'tick', n }, { path: PATH });
    const last = messageEvent(socket, 'last');
    await server.send({ type: 'last' }, { path: PATH });
    await last;
    await quietPeriod(ReconnectingSocket, 6); // several more polls: nothing comes twice
    const ticks = messages.events.map((e) => e.detail).filter((m) => m.type === 'tick');
    expect(ticks.map((m) => m['n'])).to.deep.equal([1, 2, 3]);
    expect(typed).to.deep.equal([1, 2, 3]);
    expect(socket.status).to.equal('polling');
    expect(socket.isConnected()).to.equal(false);
    expect(socket.send({ type: 'get_stats' })).to.equal(false); // queued for the socket
  });

  it('reports bad polled frames as parse errors and server error frames as server errors', async () => {
    socket = polling();
    socket.connect();
    await reach(socket, 'polling');
    await synced(server, socket);
    const errors = collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
    await server.send({ no_type: true }, { path: PATH });
    await server.send({ type: 'error', message: 'nope', code: 'x' }, { path: PATH });
    const after = messageEvent(socket, 'after');
    await server.send({ type: 'after' }, { path: PATH });
    await after;
    expect(errors.events.map((e) => e.detail.kind)).to.deep.equal(['parse', 'server']);
    expect(errors.events[0]!.detail.message).to.contain('no string "type"');
    expect(socket.status).to.equal('polling');
  });

  it('keeps polling through HTTP errors, reporting them as network errors', async () => {
    socket = polling({ pollingUrl: server.httpUrl('/api/poll/nowhere/') });
    const errors = collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
    const http = () => errors.events.map((e) => e.detail).filter((d) => d.code === 404);
    socket.connect();
    await until(socket, 'error', () => http().length >= 3); // it keeps polling
    expect(http()[0]).to.include({ kind: 'network' });
    expect(http()[0]!.message).to.contain('HTTP 404');
    expect(socket.status).to.equal('polling');
  });

  it('probes the socket every maxReconnectDelay and goes back to it, stopping the polls', async () => {
    socket = polling({ maxReconnectDelay: 150 });
    socket.connect();
    await reach(socket, 'polling');
    await synced(server, socket);
    socket.send({ type: 'subscribe_client', client_id: 'acme' }); // queued while polling
    const connected = statusEvent(socket, 'connected');
    await server.refuse(0);
    expect(await connected).to.include({ previous: 'polling' });
    await server.waitForReceived('subscribe_client', { path: PATH });
    // Frames for the poll log only (no socket subscribed to them) must no longer arrive.
    const messages = collectEvents<CustomEvent<Message>>(socket, 'message');
    await server.send({ type: 'tick', n: 1 }, { path: '/ws/noc/presence/' });
    await server.gcode('user_1', { type: 'gcode_updated', data: {} });
    const { alert } = await server.alert({ client_id: 'nobody' });
    await quietPeriod(ReconnectingSocket, 6);
    expect(messages.events.map((e) => e.detail.type)).not.to.include('alert_new');
    expect(alert.client_id).to.equal('nobody');
  });

  it('goes back to the socket when connect() is called while polling', async () => {
    socket = polling();
    socket.connect();
    await reach(socket, 'polling');
    await server.refuse(0);
    socket.connect();
    await statusEvent(socket, 'connected');
  });

  it('keeps polling when a probe fails, without errors for each probe', async () => {
    socket = polling({ maxReconnectDelay: 30 });
    socket.connect();
    await reach(socket, 'polling');
    const errors = collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
    const statuses = collectEvents(socket, 'connectionStatus');
    await quietPeriod(ReconnectingSocket, 8); // several probes, all refused
    expect(errors.events.map((e) => e.detail.kind)).to.deep.equal([]);
    expect(statuses.events).to.have.length(0);
    expect((await server.connections(PATH)).accepted).to.equal(0);
    expect(socket.status).to.equal('polling');
  });

  describe('with a token', () => {
    beforeEach(async () => {
      await server.stop();
      server = await startServer({ auth: 'connect' });
      await server.refuse(60000);
    });

    /** The URLs this page has polled, from the browser's own resource timing. */
    const polledUrls = () =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => name.includes(POLL));

    it('sends the token in an Authorization: Bearer header, never in the URL', async () => {
      performance.clearResourceTimings();
      socket = polling({ token: 'good-token' });
      socket.connect();
      await reach(socket, 'polling');
      // The server answers a poll without the header 401 and one with ?token= 400: frames
      // arriving prove the header (cross-origin here, so through a CORS preflight).
      await synced(server, socket);
      expect(socket.options.pollingUrl).to.equal(server.httpUrl(POLL));
      expect(polledUrls()).to.have.length.above(0);
      for (const url of polledUrls()) expect(url).not.to.contain('token');
    });

    it('sends it with auth message too, and not with auth cookie (cookies do it)', async () => {
      socket = polling({ token: 'good-token', auth: 'message' });
      socket.connect();
      await reach(socket, 'polling');
      await synced(server, socket);
      socket.disconnect();
      socket = polling({ token: 'good-token', auth: 'cookie' });
      const auth = errorEvent(socket, 'auth');
      socket.connect();
      expect((await auth).code).to.equal(401); // no header, and no cookie cross-origin
    });

    it('stops with an auth error when polling is refused (401): an expired token never loops', async () => {
      socket = polling({ token: 'expired' });
      const auth = errorEvent(socket, 'auth');
      socket.connect();
      expect((await auth).code).to.equal(401);
      expect(socket.status).to.equal('failed');
      const errors = collectEvents(socket, 'error');
      await quietPeriod(ReconnectingSocket, 6);
      expect(errors.events).to.have.length(0);
    });
  });
});
