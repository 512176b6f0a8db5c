// The bounded outbox: frames sent while not connected go out in order after the reconnect (after
// the ready message, never before); overflow drops the oldest and says so; heartbeats never queue.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { ErrorDetail } from '../../src/types.js';
import { collectEvents } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { errorEvent, FAST, messageEvent, quietPeriod, reach, statusEvent } from './support.js';

const PATH = '/ws/noc/presence/';

async function receivedStats(server: TestServer): Promise<unknown[]> {
  return (await server.received(PATH))
    .filter((r) => r.frame['type'] === 'get_stats')
    .map((r) => r.frame['n']);
}

describe('ReconnectingSocket: outbox', () => {
  let server: TestServer;
  let socket: ReconnectingSocket;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    socket?.disconnect();
    await server.stop();
  });

  it('queues frames sent before connect() and sends them in order once connected', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), FAST);
    expect(socket.send({ type: 'get_stats', n: 1 })).to.equal(false);
    expect(socket.send(JSON.stringify({ type: 'get_stats', n: 2 }))).to.equal(false);
    expect(socket.send({ type: 'get_stats', n: 3 })).to.equal(false);
    socket.connect();
    await server.waitForReceived('get_stats', { path: PATH, count: 3 });
    expect(await receivedStats(server)).to.deep.equal([1, 2, 3]);
  });

  it('queues frames sent during a drop and flushes them, in order, on the new connection', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      maxReconnectAttempts: Infinity,
    });
    socket.connect();
    await reach(socket, 'connected');
    await server.refuse(60000);
    const reconnecting = statusEvent(socket, 'reconnecting');
    await server.dropAll(PATH);
    await reconnecting;
    expect([1, 2, 3].map((n) => socket.send({ type: 'get_stats', n }))).to.deep.equal([
      false,
      false,
      false,
    ]);
    const connected = statusEvent(socket, 'connected');
    await server.refuse(0);
    await connected;
    const frames = await server.waitForReceived('get_stats', { path: PATH, count: 3 });
    expect(frames.map((r) => r.frame['n'])).to.deep.equal([1, 2, 3]);
    expect(new Set(frames.map((r) => r.connection)).size).to.equal(1);
    expect(frames[0]!.connection).to.be.greaterThan(1);
    expect(socket.send({ type: 'get_stats', n: 4 })).to.equal(true);
  });

  it('drops the oldest frame beyond queueSize and names it in a queue-overflow error', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, queueSize: 2 });
    const errors = collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
    socket.send({ type: 'get_stats', n: 1 });
    socket.send({ type: 'get_stats', n: 2 });
    expect(errors.events).to.have.length(0);
    socket.send({ type: 'get_stats', n: 3 });
    expect(errors.events).to.have.length(1);
    const detail = errors.events[0]!.detail;
    expect(detail.kind).to.equal('queue-overflow');
    expect(detail.message).to.contain("'get_stats'").and.to.contain('queueSize 2');
    expect(detail.dropped).to.deep.equal([{ type: 'get_stats', n: 1 }]);
    socket.connect();
    await server.waitForReceived('get_stats', { path: PATH, count: 2 });
    await reach(socket, 'connected');
    expect(await receivedStats(server)).to.deep.equal([2, 3]);
  });

  it('with queueSize 0 drops every frame sent while offline', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, queueSize: 0 });
    const overflow = errorEvent(socket, 'queue-overflow');
    expect(socket.send('plain text')).to.equal(false);
    expect((await overflow).dropped).to.deep.equal(['plain text']);
  });

  it('holds the outbox until the ready message, never flushing on open', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, readyMessage: 'go' });
    socket.send({ type: 'get_stats', n: 1 });
    const open = messageEvent(socket, 'connection_established');
    socket.connect();
    await open;
    await quietPeriod(ReconnectingSocket, 4);
    expect(await receivedStats(server)).to.deep.equal([]);
    await server.send({ type: 'go' }, { path: PATH });
    await server.waitForReceived('get_stats', { path: PATH });
    expect(await receivedStats(server)).to.deep.equal([1]);
  });

  it('never queues heartbeats: a long outage leaves the one queued frame alone', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      reconnectInterval: 20,
      maxReconnectDelay: 20,
      maxReconnectAttempts: Infinity,
      heartbeatInterval: 15,
      queueSize: 1,
    });
    const errors = collectEvents(socket, 'error');
    socket.connect();
    await reach(socket, 'connected');
    await server.refuse(60000);
    const reconnecting = statusEvent(socket, 'reconnecting');
    await server.dropAll(PATH);
    await reconnecting;
    socket.send({ type: 'get_stats', n: 1 });
    await quietPeriod(ReconnectingSocket); // many heartbeat intervals pass while down
    const connected = statusEvent(socket, 'connected');
    await server.refuse(0);
    await connected;
    await server.waitForReceived('get_stats', { path: PATH });
    expect(errors.events.map((e) => (e as CustomEvent<ErrorDetail>).detail.kind)).not.to.include(
      'queue-overflow',
    );
    expect(await receivedStats(server)).to.deep.equal([1]);
  });
});
