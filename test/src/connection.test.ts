// Statuses, events, typed handlers and the close-code policy, against the reference server.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { ConnectionStatusDetail, ErrorDetail } from '../../src/types.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectEvents } from '../helpers/events.js';
import { errorOf, FAST, messageOf, statusOf } from '../helpers/socket.js';

interface Presence {
  connection_established: { heartbeat_interval: number };
  stats: { connections: number };
}

const PATH = '/ws/noc/presence/';

describe('ReconnectingSocket: connection and statuses', () => {
  let server: TestServer;
  let socket: ReconnectingSocket<Presence>;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    socket?.disconnect();
    await server.stop();
  });

  it('goes connecting → connected and dispatches every message, typed by the map', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    const seen: number[] = [];
    const off = socket.on('connection_established', (msg) => seen.push(msg.heartbeat_interval));
    socket.connect();
    expect(socket.status).to.equal('connecting');
    await statusOf(socket, 'connected');
    await messageOf(socket, 'connection_established');
    expect(seen).to.deep.equal([30]);
    expect(statuses.events.map((e) => [e.detail.previous, e.detail.status, e.detail.attempt])).to.deep.equal([
      ['disconnected', 'connecting', 0],
      ['connecting', 'connected', 0],
    ]);
    expect(socket.isConnected()).to.equal(true);
    off();
    socket.send({ type: 'get_stats' });
    const stats = await messageOf(socket, 'stats');
    expect(stats.connections).to.equal(1);
    expect(seen).to.have.length(1);
  });

  it('ignores a second connect() while connecting or connected: one socket', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    socket.connect();
    await statusOf(socket, 'connected');
    socket.connect();
    socket.send({ type: 'get_stats' });
    await messageOf(socket, 'stats');
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('disconnect() closes with 1000 quietly and stops retrying', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    const errors = collectEvents(socket, 'error');
    socket.connect();
    await statusOf(socket, 'connected');
    socket.disconnect();
    expect(socket.status).to.equal('disconnected');
    await server.waitForConnections(0, { path: PATH });
    expect(errors.events).to.have.length(0);
    expect(socket.nextRetryAt).to.equal(undefined);
  });

  it('reconnects after an abrupt drop, reporting the attempt and the delay', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await statusOf(socket, 'connected');
    const reconnecting = statusOf(socket, 'reconnecting');
    const network = errorOf(socket, 'network');
    await server.dropAll();
    const detail = await reconnecting;
    expect(detail).to.include({ attempt: 1, delay: FAST.reconnectInterval, previous: 'connected', code: 1006 });
    expect((await network).code).to.equal(1006);
    await statusOf(socket, 'connected');
    expect(socket.attempt).to.equal(0);
    expect((await server.connections(PATH)).accepted).to.equal(2);
  });

  it('backs off with doubling delays and fails after max attempts with max-attempts', async () => {
    await server.refuse(60000);
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), { ...FAST, maxReconnectAttempts: 3 });
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    const maxed = errorOf(socket, 'max-attempts');
    socket.connect();
    await statusOf(socket, 'failed');
    expect((await maxed).message).to.match(/3 reconnect attempt/);
    const delays = statuses.events.filter((e) => e.detail.delay !== undefined).map((e) => [e.detail.attempt, e.detail.delay]);
    expect(delays).to.deep.equal([
      [1, 40],
      [2, 80],
      [3, 160],
    ]);
    expect(socket.nextRetryAt).to.equal(undefined);
    await server.refuse(0);
    socket.connect();
    await statusOf(socket, 'connected');
  });

  for (const code of [4001, 4401]) {
    it(`treats close ${code} as an auth refusal: failed, no retry, until updateToken()`, async () => {
      socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), { ...FAST, token: 'old-token' });
      socket.connect();
      await statusOf(socket, 'connected');
      const auth = errorOf(socket, 'auth');
      const failed = statusOf(socket, 'failed');
      await server.closeAll(code, 'expired');
      expect((await auth).code).to.equal(code);
      expect(await failed).to.include({ code });
      expect(socket.nextRetryAt).to.equal(undefined);
      socket.updateToken('new-token');
      await statusOf(socket, 'connected');
      const log = (await server.connections(PATH)).log;
      expect(log.map((l) => l.token)).to.deep.equal(['old-token', 'new-token']);
    });
  }

  it('treats 4403 as forbidden: failed, no retry', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await statusOf(socket, 'connected');
    const forbidden = errorOf(socket, 'forbidden');
    await server.closeAll(4403);
    expect((await forbidden).code).to.equal(4403);
    expect(socket.status).to.equal('failed');
    expect(socket.nextRetryAt).to.equal(undefined);
  });

  it('treats 4408 as a timeout and reconnects', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await statusOf(socket, 'connected');
    const timeout = errorOf(socket, 'timeout');
    await server.closeAll(4408);
    expect((await timeout).code).to.equal(4408);
    await statusOf(socket, 'connected');
  });

  it('treats 4429 as throttled: the next delay is the cap', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await statusOf(socket, 'connected');
    const throttled = errorOf(socket, 'throttled');
    const reconnecting = statusOf(socket, 'reconnecting');
    await server.closeAll(4429);
    await throttled;
    expect((await reconnecting)?.delay).to.equal(FAST.maxReconnectDelay);
  });

  it('reports bad frames as parse errors and keeps the socket open', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), { ...FAST, maxMessageSize: 200 });
    socket.connect();
    await statusOf(socket, 'connected');
    const errors = collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
    const frames: [unknown, { raw?: boolean; binary?: boolean }][] = [
      ['not json', { raw: true }],
      ['{"type":"x"}', { raw: true, binary: true }],
      ['[1,2,3]', { raw: true }],
      ['{"no":"type"}', { raw: true }],
      [JSON.stringify({ type: 'big', pad: 'x'.repeat(300) }), { raw: true }],
    ];
    for (const [frame, opts] of frames) await server.send(frame, { path: PATH, ...opts });
    const after = messageOf(socket, 'after');
    await server.send({ type: 'after' }, { path: PATH });
    await after;
    expect(errors.events.map((e) => e.detail.kind)).to.deep.equal(['parse', 'parse', 'parse', 'parse', 'parse']);
    expect(errors.events.map((e) => e.detail.message).join(' ')).to.match(/JSON.*binary.*object.*type.*limit/s);
    expect(socket.status).to.equal('connected');
  });

  it('turns a server error frame into an error of kind server, socket open', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await statusOf(socket, 'connected');
    const serverError = errorOf(socket, 'server');
    socket.send({ type: 'no_such_thing' });
    const detail = await serverError;
    expect(detail.code).to.equal('unknown_type');
    expect(detail.message).to.contain('no_such_thing');
    expect(socket.isConnected()).to.equal(true);
  });

  it('keeps running when a page handler throws', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    const uncaught = new Promise<unknown>((resolve) => {
      const previous = window.onerror;
      window.onerror = (message) => {
        window.onerror = previous;
        resolve(message);
        return true;
      };
    });
    socket.on('connection_established', () => {
      throw new Error('page bug');
    });
    socket.connect();
    await statusOf(socket, 'connected');
    expect(String(await uncaught)).to.contain('page bug');
    socket.send({ type: 'get_stats' });
    await messageOf(socket, 'stats');
  });

  it('rejects data send() cannot serialise with a TypeError, socket untouched', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await statusOf(socket, 'connected');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => socket.send(circular)).to.throw(TypeError, /JSON-serialisable/);
    expect(() => socket.send(undefined as unknown as object)).to.throw(TypeError);
    expect(socket.isConnected()).to.equal(true);
  });
});
