// The page around the socket: the network coming back (retry now), going away (probe), the tab
// becoming visible (probe now), and pagehide / pageshow (close the socket, reopen from bfcache).
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import { collectEvents } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST, quietPeriod, reach, statusEvent } from './support.js';

const PATH = '/ws/noc/presence/';
const SLOW = { ...FAST, reconnectInterval: 60000, maxReconnectDelay: 60000 };

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('ReconnectingSocket: page lifecycle', () => {
  let server: TestServer;
  let socket: ReconnectingSocket;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    socket?.disconnect();
    // Back to the prototype's getter.
    delete (document as { visibilityState?: unknown }).visibilityState;
    await server.stop();
  });

  it('retries at once when the network comes back, skipping a long scheduled delay', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), SLOW);
    socket.connect();
    await reach(socket, 'connected');
    await server.refuse(60000);
    const waiting = statusEvent(socket, 'reconnecting');
    await server.dropAll(PATH);
    expect((await waiting).delay).to.equal(60000);
    window.dispatchEvent(new Event('offline'));
    expect(socket.status).to.equal('reconnecting');
    await server.refuse(0);
    const connected = statusEvent(socket, 'connected'); // well before the 60 s delay
    window.dispatchEvent(new Event('online'));
    await connected;
  });

  it('starts again when the network comes back after giving up', async () => {
    await server.refuse(60000);
    socket = new ReconnectingSocket(server.wsUrl(PATH), { ...SLOW, maxReconnectAttempts: 0 });
    socket.connect();
    await reach(socket, 'failed');
    await server.refuse(0);
    const connected = statusEvent(socket, 'connected');
    window.dispatchEvent(new Event('online'));
    await connected;
  });

  it('does not retry a refused credential when the network comes back', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), SLOW);
    socket.connect();
    await reach(socket, 'connected');
    await server.closeAll(4001);
    await reach(socket, 'failed');
    window.dispatchEvent(new Event('online'));
    await quietPeriod(ReconnectingSocket, 4);
    expect(socket.status).to.equal('failed');
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('probes an open socket when the network changes', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), SLOW); // no heartbeat for 5 s
    socket.connect();
    await reach(socket, 'connected');
    window.dispatchEvent(new Event('offline'));
    await server.waitForReceived('ping', { path: PATH, count: 1, timeoutMs: 2000 });
    window.dispatchEvent(new Event('online'));
    await server.waitForReceived('ping', { path: PATH, count: 2, timeoutMs: 2000 });
  });

  it('sends a heartbeat at once when a hidden tab becomes visible, not while hidden', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), SLOW);
    socket.connect();
    await reach(socket, 'connected');
    setVisibility('hidden');
    await quietPeriod(ReconnectingSocket, 2);
    expect((await server.received(PATH)).filter((r) => r.frame['type'] === 'ping')).to.have.length(
      0,
    );
    setVisibility('visible');
    await server.waitForReceived('ping', { path: PATH, count: 1, timeoutMs: 2000 });
  });

  it('on becoming visible, starts a retry whose (throttled) timer is overdue', async () => {
    await server.refuse(60000);
    socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, reconnectInterval: 30 });
    socket.connect();
    const scheduled = await statusEvent(socket, 'reconnecting');
    expect(scheduled.delay).to.equal(30);
    const statuses = collectEvents(socket, 'connectionStatus');
    // Stand-in for a hidden tab's throttled timers: hold the thread past the due time, so the
    // retry timer cannot have run when the tab comes back.
    const due = socket.nextRetryAt!;
    while (Date.now() <= due) {
      /* busy */
    }
    setVisibility('visible');
    // The retry began synchronously, inside the visibilitychange handler.
    expect(statuses.events).to.have.length(1);
    expect(socket.nextRetryAt).to.equal(undefined);
  });

  it('closes the socket on pagehide and reopens it on a pageshow from the bfcache', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), FAST);
    socket.connect();
    await reach(socket, 'connected');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
    expect(socket.status).to.equal('disconnected');
    await server.waitForConnections(0, { path: PATH });
    // Neither the network nor a plain pageshow reopens it.
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: false }));
    await quietPeriod(ReconnectingSocket, 4);
    expect(socket.status).to.equal('disconnected');
    expect((await server.connections(PATH)).accepted).to.equal(1);
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    await reach(socket, 'connected');
    expect((await server.connections(PATH)).accepted).to.equal(2);
  });

  it('stops listening to the page after disconnect()', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), FAST);
    const statuses = collectEvents(socket, 'connectionStatus');
    socket.connect();
    await reach(socket, 'connected');
    socket.disconnect();
    window.dispatchEvent(new Event('online'));
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    setVisibility('visible');
    await quietPeriod(ReconnectingSocket, 4);
    expect(statuses.events).to.have.length(3); // connecting, connected, disconnected
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });
});
