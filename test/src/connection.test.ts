// Statuses, events, typed handlers, backoff in action and the close-code table, against the
// reference server (no stand-in WebSocket).
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { ConnectionStatusDetail, ErrorDetail, Message } from '../../src/types.js';
import { collectEvents, until } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { errorEvent, FAST, messageEvent, quietPeriod, reach, statusEvent } from './support.js';

interface Presence {
  connection_established: { heartbeat_interval: number; message: string };
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
    expect(socket.status).to.equal('disconnected');
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    const seen: number[] = [];
    const off = socket.on('connection_established', (msg) => seen.push(msg.heartbeat_interval));
    const established = messageEvent(socket, 'connection_established');
    socket.connect();
    expect(socket.status).to.equal('connecting');
    await reach(socket, 'connected');
    await established;
    expect(seen).to.deep.equal([30]);
    expect(
      statuses.events.map((e) => [e.detail.previous, e.detail.status, e.detail.attempt]),
    ).to.deep.equal([
      ['disconnected', 'connecting', 0],
      ['connecting', 'connected', 0],
    ]);
    expect(socket.isConnected()).to.equal(true);
    off();
    expect(socket.send({ type: 'get_stats' })).to.equal(true);
    const stats = await messageEvent(socket, 'stats');
    expect(stats['connections']).to.equal(1);
    expect(seen).to.have.length(1);
  });

  it('gives each on() its own unsubscribe, even for the same function twice', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    const calls: string[] = [];
    const handler = (msg: { type: string }) => calls.push(msg.type);
    const offA = socket.on('stats', handler);
    const offB = socket.on('stats', handler);
    socket.connect();
    await reach(socket, 'connected');
    socket.send({ type: 'get_stats' });
    await messageEvent(socket, 'stats');
    expect(calls).to.deep.equal(['stats', 'stats']);
    offA();
    offA();
    socket.send({ type: 'get_stats' });
    await messageEvent(socket, 'stats');
    expect(calls).to.have.length(3);
    offB();
    socket.send({ type: 'get_stats' });
    await messageEvent(socket, 'stats');
    expect(calls).to.have.length(3);
    expect(() => socket.on('stats', 5 as never)).to.throw(TypeError);
  });

  it('ignores a second connect() while connecting or connected: one socket', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    socket.connect();
    await reach(socket, 'connected');
    socket.connect();
    socket.send({ type: 'get_stats' });
    expect((await messageEvent(socket, 'stats'))['connections']).to.equal(1);
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('disconnect() closes quietly: status disconnected, no error, no retry', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    const errors = collectEvents(socket, 'error');
    socket.connect();
    await reach(socket, 'connected');
    const accepted = (await server.connections(PATH)).accepted;
    socket.disconnect();
    expect(socket.status).to.equal('disconnected');
    await server.waitForConnections(0, { path: PATH });
    await quietPeriod(ReconnectingSocket);
    expect(errors.events).to.have.length(0);
    expect(socket.nextRetryAt).to.equal(undefined);
    expect((await server.connections(PATH)).accepted).to.equal(accepted);
    socket.disconnect(); // twice is fine
  });

  it('reconnects after an abrupt drop, reporting the attempt and the delay', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    const network = errorEvent(socket, 'network');
    const connected = statusEvent(socket, 'connected');
    await server.dropAll();
    await connected;
    const details = statuses.events.map((e) => e.detail);
    // Scheduled (with the delay), then begun (without), then connected.
    expect(details[0]).to.include({
      status: 'reconnecting',
      previous: 'connected',
      attempt: 1,
      delay: 40,
      code: 1006,
    });
    expect(details[1]).to.include({ status: 'reconnecting', previous: 'reconnecting', attempt: 1 });
    expect(details[1]).not.to.have.property('delay');
    // `connected` names the retry that succeeded; the count starts over once the server speaks.
    expect(details[2]).to.include({ status: 'connected', attempt: 1 });
    expect((await network).code).to.equal(1006);
    await until(socket, 'message', () => socket.attempt === 0);
    expect((await server.connections(PATH)).accepted).to.be.at.least(2);
  });

  it('backs off with doubling delays up to the cap, then fails with max-attempts', async () => {
    await server.refuse(60000);
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), {
      ...FAST,
      maxReconnectDelay: 100,
      maxReconnectAttempts: 4,
    });
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    const maxed = errorEvent(socket, 'max-attempts');
    socket.connect();
    await statusEvent(socket, 'failed');
    expect((await maxed).message).to.match(/gave up after 4 retries/);
    const delays = statuses.events
      .filter((e) => e.detail.delay !== undefined)
      .map((e) => [e.detail.attempt, e.detail.delay]);
    expect(delays).to.deep.equal([
      [1, 40],
      [2, 80],
      [3, 100],
      [4, 100],
    ]);
    expect(statuses.events[0]!.detail.status).to.equal('connecting');
    expect(socket.nextRetryAt).to.equal(undefined);
    expect(socket.attempt).to.equal(4);
    // Only connect() (or the network coming back) starts again, afresh.
    await server.refuse(0);
    socket.connect();
    expect(socket.status).to.equal('connecting');
    await reach(socket, 'connected');
  });

  it('draws jitter afresh for each attempt from the random source', async () => {
    await server.refuse(60000);
    const draws = [0.5, 0, 0.25];
    let n = 0;
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), {
      ...FAST,
      jitter: 0.5,
      maxReconnectAttempts: 3,
      random: () => draws[n++]!,
    });
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    socket.connect();
    await statusEvent(socket, 'failed');
    const delays = statuses.events.map((e) => e.detail.delay).filter((d) => d !== undefined);
    // 40·(1 − 0.5·0.5), 80·(1 − 0), 160·(1 − 0.5·0.25)
    expect(delays).to.deep.equal([30, 80, 140]);
    expect(n).to.equal(3);
  });

  it('exposes nextRetryAt while a retry waits', async () => {
    await server.refuse(60000);
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), {
      ...FAST,
      reconnectInterval: 30000,
      maxReconnectDelay: 60000,
    });
    const before = Date.now();
    socket.connect();
    const scheduled = await statusEvent(socket, 'reconnecting');
    expect(scheduled.delay).to.equal(30000);
    expect(socket.nextRetryAt).to.be.at.least(before + 30000);
    socket.disconnect();
    expect(socket.nextRetryAt).to.equal(undefined);
  });

  for (const code of [4001, 4401]) {
    it(`treats close ${code} as an auth refusal: failed, no retry, until updateToken()`, async () => {
      socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), {
        ...FAST,
        token: 'old-token',
      });
      socket.connect();
      await reach(socket, 'connected');
      const auth = errorEvent(socket, 'auth');
      const failed = statusEvent(socket, 'failed');
      await server.closeAll(code, 'expired');
      expect((await auth).code).to.equal(code);
      expect(await failed).to.include({ code });
      expect(socket.nextRetryAt).to.equal(undefined);
      await quietPeriod(ReconnectingSocket);
      expect((await server.connections(PATH)).log.map((l) => l.token)).to.deep.equal(['old-token']);
      socket.updateToken('new-token');
      await reach(socket, 'connected');
      const log = (await server.connections(PATH)).log;
      expect(log.map((l) => l.token)).to.deep.equal(['old-token', 'new-token']);
    });
  }

  it('after an auth refusal, connect() also tries again', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    await server.closeAll(4001);
    await reach(socket, 'failed');
    socket.connect();
    await reach(socket, 'connected');
  });

  it('treats an authentication_error message as a refusal even before the close', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const auth = errorEvent(socket, 'auth');
    await server.send({
      type: 'authentication_error',
      message: 'Token expired',
      error_code: 'AUTH_REQUIRED',
    });
    expect((await auth).message).to.contain('Token expired');
    expect(socket.status).to.equal('failed');
    // The client closed the socket itself.
    await server.waitForConnections(0, { path: PATH });
    expect(socket.nextRetryAt).to.equal(undefined);
  });

  it('treats 4403 as forbidden: failed, no retry', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const forbidden = errorEvent(socket, 'forbidden');
    await server.closeAll(4403);
    expect((await forbidden).code).to.equal(4403);
    expect(socket.status).to.equal('failed');
    expect(socket.nextRetryAt).to.equal(undefined);
    await quietPeriod(ReconnectingSocket);
    expect((await server.connections(PATH)).open).to.equal(0);
    expect(socket.status).to.equal('failed');
  });

  it('treats 4408 as a timeout and reconnects', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const timeout = errorEvent(socket, 'timeout');
    const connected = statusEvent(socket, 'connected');
    await server.closeAll(4408);
    expect((await timeout).code).to.equal(4408);
    await connected;
  });

  it('treats 4429 as throttled: the next delay is the cap', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const throttled = errorEvent(socket, 'throttled');
    const reconnecting = statusEvent(socket, 'reconnecting');
    const connected = statusEvent(socket, 'connected');
    await server.closeAll(4429);
    expect((await throttled).code).to.equal(4429);
    expect((await reconnecting).delay).to.equal(FAST.maxReconnectDelay);
    await connected;
  });

  it('reconnects with backoff after any other close code, carrying code and reason', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const reconnecting = statusEvent(socket, 'reconnecting');
    const connected = statusEvent(socket, 'connected');
    await server.closeAll(4000, 'maintenance');
    expect(await reconnecting).to.include({ code: 4000, reason: 'maintenance', delay: 40 });
    await connected;
  });

  it('waits for the ready message before turning connected', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), { ...FAST, readyMessage: 'go' });
    socket.connect();
    await messageEvent(socket, 'connection_established'); // the socket is open
    expect(socket.status).to.equal('connecting');
    expect(socket.isConnected()).to.equal(false);
    const connected = statusEvent(socket, 'connected');
    await server.send({ type: 'go' }, { path: PATH });
    await connected;
    expect(socket.isConnected()).to.equal(true);
  });

  it('reports bad frames as parse errors, drops them and keeps the socket open', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), { ...FAST, maxMessageSize: 200 });
    const established = messageEvent(socket, 'connection_established');
    socket.connect();
    await established;
    const errors = collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
    const messages = collectEvents<CustomEvent<Message>>(socket, 'message');
    const frames: [string, { raw?: boolean; binary?: boolean }][] = [
      ['not json', { raw: true }],
      ['{"type":"x"}', { raw: true, binary: true }],
      ['[1,2,3]', { raw: true }],
      ['"text"', { raw: true }],
      ['{"no":"type"}', { raw: true }],
      [JSON.stringify({ type: 'big', pad: 'x'.repeat(300) }), { raw: true }],
    ];
    for (const [frame, opts] of frames) await server.send(frame, { path: PATH, ...opts });
    const after = messageEvent(socket, 'after');
    await server.send({ type: 'after' }, { path: PATH });
    await after;
    expect(errors.events.map((e) => e.detail.kind)).to.deep.equal(Array(6).fill('parse'));
    expect(errors.events.map((e) => e.detail.message).join(' ')).to.match(
      /JSON.*binary.*object.*object.*type.*maxMessageSize/s,
    );
    expect(messages.events.map((e) => e.detail.type)).to.deep.equal(['after']);
    expect(socket.status).to.equal('connected');
  });

  it('never lets message fields reach object prototypes', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const got = messageEvent(socket, 'evil');
    await server.send(
      '{"type":"evil","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},"ok":true}',
      {
        path: PATH,
        raw: true,
      },
    );
    const message = await got;
    expect(Object.keys(message)).to.deep.equal(['type', 'ok']);
    const copy: Record<string, unknown> = { ...message };
    Object.assign(copy, message);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.getPrototypeOf(message)).to.equal(Object.prototype);
  });

  it('turns a server error frame into an error of kind server, socket open', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const serverError = errorEvent(socket, 'server');
    const frame = messageEvent(socket, 'error');
    socket.send({ type: 'no_such_thing' });
    const detail = await serverError;
    expect(detail.code).to.equal('unknown_type');
    expect(detail.message).to.contain('no_such_thing');
    expect((await frame)['code']).to.equal('unknown_type');
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
    const second: string[] = [];
    socket.on('connection_established', () => {
      throw new Error('page bug');
    });
    socket.on('connection_established', (msg) => second.push(msg.type));
    socket.connect();
    await reach(socket, 'connected');
    expect(String(await uncaught)).to.contain('page bug');
    expect(second).to.deep.equal(['connection_established']);
    socket.send({ type: 'get_stats' });
    await messageEvent(socket, 'stats');
  });

  it('dispatches the message event to capture, bubble and handleEvent listeners, and after they come and go', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    const seen: string[] = [];
    const bubble = (e: CustomEvent<Message>) => seen.push(`bubble ${e.detail.type}`);
    const captured = (e: CustomEvent<Message>) => seen.push(`capture ${e.detail.type}`);
    const object = {
      handleEvent: (e: Event) => seen.push(`object ${(e as CustomEvent<Message>).detail.type}`),
    };
    socket.addEventListener('message', bubble);
    socket.addEventListener('message', captured, { capture: true });
    socket.addEventListener('message', bubble, true); // the same function, as a capture listener
    socket.addEventListener('message', object);
    const handled: string[] = [];
    socket.on('stats', (msg) => handled.push(`on ${msg.type} ${seen.length}`));
    socket.connect();
    await reach(socket, 'connected');
    socket.send({ type: 'get_stats' });
    await messageEvent(socket, 'stats');
    expect(seen.filter((s) => s.endsWith('stats'))).to.have.members([
      'bubble stats',
      'bubble stats',
      'capture stats',
      'object stats',
    ]);
    // The message event comes first, then the on() handlers, with the same object.
    expect(handled).to.deep.equal([`on stats ${seen.length}`]);
    // Removing the capture registration of `bubble` keeps its bubble registration.
    socket.removeEventListener('message', bubble, { capture: true });
    socket.removeEventListener('message', captured, true);
    socket.removeEventListener('message', object);
    seen.length = 0;
    socket.send({ type: 'get_stats' });
    await messageEvent(socket, 'stats');
    expect(seen).to.deep.equal(['bubble stats']);
    // With no listener left, the on() handlers still get every message...
    socket.removeEventListener('message', bubble);
    seen.length = 0;
    const third = new Promise((resolve) => {
      const off = socket.on('stats', (msg) => {
        off(); // unsubscribing inside a handler leaves the others of this frame alone
        resolve(msg);
      });
    });
    socket.send({ type: 'get_stats' });
    await third;
    expect(handled).to.have.length(3);
    // ...and a listener added afterwards gets the next one, detail and all.
    const next = messageEvent(socket, 'stats');
    socket.send({ type: 'get_stats' });
    expect((await next)['connections']).to.equal(1);
    expect(seen).to.deep.equal([]);
    expect(handled).to.have.length(4);
  });

  it('dispatches the message event to once and signal listeners as the platform removes them', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    const seen: string[] = [];
    const abort = new AbortController();
    socket.addEventListener('message', (e) => seen.push(`once ${e.detail.type}`), { once: true });
    socket.addEventListener('message', (e) => seen.push(`signal ${e.detail.type}`), {
      signal: abort.signal,
    });
    socket.connect();
    await reach(socket, 'connected');
    socket.send({ type: 'get_stats' });
    await messageEvent(socket, 'stats');
    expect(seen).to.deep.equal([
      'once connection_established',
      'signal connection_established',
      'signal stats',
    ]);
    abort.abort();
    socket.send({ type: 'get_stats' });
    const detail = await new Promise<Message>((resolve) => socket.on('stats', resolve));
    expect(detail).to.have.property('connections', 1);
    expect(seen).to.have.length(3);
  });

  it('rejects data send() cannot serialise with a TypeError, socket untouched', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(() => socket.send(circular)).to.throw(TypeError, /JSON-serialisable/);
    expect(() => socket.send(undefined as unknown as object)).to.throw(TypeError);
    expect(() => socket.send(42 as unknown as object)).to.throw(TypeError);
    expect(socket.isConnected()).to.equal(true);
  });

  it('lets an error listener call disconnect(): no retry is scheduled behind its back', async () => {
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    socket.addEventListener('error', () => socket.disconnect());
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    await server.dropAll(PATH);
    await reach(socket, 'disconnected');
    await quietPeriod(ReconnectingSocket);
    expect(statuses.events.map((e) => e.detail.status)).to.deep.equal(['disconnected']);
    expect(socket.nextRetryAt).to.equal(undefined);
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('lets a max-attempts listener call connect(): a fresh cycle, not failed in between', async () => {
    await server.refuse(60000);
    socket = new ReconnectingSocket<Presence>(server.wsUrl(PATH), {
      ...FAST,
      maxReconnectAttempts: 1,
    });
    let again = true;
    socket.addEventListener('error', (e) => {
      if (e.detail.kind !== 'max-attempts' || !again) return;
      again = false;
      socket.connect();
    });
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    socket.connect();
    await statusEvent(socket, 'failed');
    expect(statuses.events.map((e) => `${e.detail.status}:${e.detail.attempt}`)).to.deep.equal([
      'connecting:0',
      'reconnecting:1',
      'reconnecting:1',
      'connecting:0',
      'reconnecting:1',
      'reconnecting:1',
      'failed:1',
    ]);
  });

  it('throws a clear error when there is no WebSocket implementation', () => {
    const saved = globalThis.WebSocket;
    try {
      (globalThis as { WebSocket?: unknown }).WebSocket = undefined;
      expect(() => new ReconnectingSocket(server.wsUrl(PATH))).to.throw(
        TypeError,
        /options\.WebSocket/,
      );
    } finally {
      globalThis.WebSocket = saved;
    }
  });
});
