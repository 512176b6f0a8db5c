// The state behind the React hooks and Vue composables (frameworks/socket-source.ts), against the
// reference server: a lease from the first subscriber to the last, shared with <ws-connection>,
// and a snapshot replaced on every status, error and message.
import { expect } from '@open-wc/testing';
import {
  IDLE,
  optionsKey,
  SocketSource,
  type SocketSnapshot,
} from '../../frameworks/socket-source.js';
import { sharedSocketCount } from '../../src/socket-registry.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { connection, mount, status, unmountAll } from '../helpers/components/mount.js';

const PRESENCE = '/ws/noc/presence/';
const FAST = { reconnectInterval: 50, maxReconnectDelay: 200, jitter: 0 };

/** Subscribes to `source` and resolves once a snapshot passes `check` (now or after a change). */
function watch(source: SocketSource) {
  const seen: SocketSnapshot[] = [];
  let waiter: (() => void) | undefined;
  const unsubscribe = source.subscribe(() => {
    seen.push(source.snapshot);
    waiter?.();
  });
  const until = (check: (s: SocketSnapshot) => boolean, what: string, timeoutMs = 5000) =>
    new Promise<SocketSnapshot>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no snapshot ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiter = () => {
        if (!check(source.snapshot)) return;
        clearTimeout(timer);
        waiter = undefined;
        resolve(source.snapshot);
      };
      waiter();
    });
  return { seen, until, unsubscribe };
}

describe("SocketSource (the hooks' and composables' state)", () => {
  let server: TestServer;
  const cleanups: (() => void)[] = [];
  beforeEach(async () => {
    server = await startServer({ auth: 'connect', validTokens: ['good-token'] });
  });
  afterEach(async () => {
    cleanups.splice(0).forEach((cleanup) => cleanup());
    await unmountAll();
    await Promise.resolve();
    expect(sharedSocketCount()).to.equal(0);
    await server.stop();
  });

  it('is idle until subscribed, then follows the socket to connected; the last exit closes it', async () => {
    const source = new SocketSource(server.wsUrl(PRESENCE), { ...FAST, token: 'good-token' });
    expect(source.snapshot).to.equal(IDLE);
    const watcher = watch(source);
    expect(source.snapshot.status).to.equal('connecting');
    expect(source.snapshot.socket).to.not.equal(undefined);
    const connected = await watcher.until((s) => s.isConnected, 'connected');
    expect(connected.status).to.equal('connected');
    expect(source.snapshot).to.equal(source.snapshot, 'the same object until something changes');
    const second = watch(source);
    watcher.unsubscribe();
    expect(source.snapshot.status).to.equal('connected', 'a remaining subscriber keeps the lease');
    second.unsubscribe();
    expect(source.snapshot).to.equal(IDLE);
    await server.waitForConnections(0, { path: PRESENCE });
  });

  it('shares the socket of a <ws-connection> with the same URL and token', async () => {
    const url = server.wsUrl(PRESENCE);
    const el = mount(connection(url, { token: 'good-token' }));
    await status(el, 'connected');
    const source = new SocketSource(url, { token: 'good-token' });
    const watcher = watch(source);
    cleanups.push(watcher.unsubscribe);
    expect(source.snapshot.socket).to.equal(el.socket);
    expect(source.snapshot).to.include({ status: 'connected', isConnected: true });
    expect((await server.connections(PRESENCE)).accepted).to.equal(1);
  });

  it('keeps the latest message and the latency from the heartbeat answers', async () => {
    const source = new SocketSource(server.wsUrl(PRESENCE), {
      ...FAST,
      token: 'good-token',
      heartbeat: 'heartbeat',
      heartbeatInterval: 100,
    });
    const watcher = watch(source);
    cleanups.push(watcher.unsubscribe);
    await watcher.until((s) => s.latency !== undefined, 'with a latency');
    expect(source.send({ type: 'get_stats' })).to.equal(true);
    const withStats = await watcher.until((s) => s.lastMessage?.type === 'stats', 'with stats');
    expect(withStats.lastMessage).to.have.property('connections', 1);
  });

  it('keeps the last error until the status turns connected again', async () => {
    const source = new SocketSource(server.wsUrl(PRESENCE), { ...FAST, token: 'stale' });
    const watcher = watch(source);
    cleanups.push(watcher.unsubscribe);
    const refused = await watcher.until((s) => s.status === 'failed', 'failed');
    expect(refused.error?.kind).to.equal('auth');
    expect(refused.isConnected).to.equal(false);
    refused.socket!.updateToken('good-token');
    const back = await watcher.until((s) => s.isConnected, 'connected');
    expect(back.error).to.equal(undefined);
  });

  it('hands frames sent before the first subscriber to the socket, in order', async () => {
    const source = new SocketSource(server.wsUrl(PRESENCE), { ...FAST, token: 'good-token' });
    expect(source.send({ type: 'get_stats', n: 1 })).to.equal(false);
    expect(source.send({ type: 'get_stats', n: 2 })).to.equal(false);
    const watcher = watch(source);
    cleanups.push(watcher.unsubscribe);
    const frames = await server.waitForReceived('get_stats', { path: PRESENCE, count: 2 });
    expect(frames.map((r) => (r.frame as { n: number }).n)).to.deep.equal([1, 2]);
  });

  it('disconnect() and connect() act on the shared socket', async () => {
    const source = new SocketSource(server.wsUrl(PRESENCE), { ...FAST, token: 'good-token' });
    const watcher = watch(source);
    cleanups.push(watcher.unsubscribe);
    await watcher.until((s) => s.isConnected, 'connected');
    source.disconnect();
    expect(source.snapshot.status).to.equal('disconnected');
    source.connect();
    await watcher.until((s) => s.isConnected, 'connected again');
  });

  it('optionsKey: equal for equal options, functions by identity, Infinity apart from null', () => {
    const random = () => 0.5;
    expect(optionsKey({ token: 't', jitter: 0 })).to.equal(optionsKey({ token: 't', jitter: 0 }));
    expect(optionsKey({ random })).to.equal(optionsKey({ random }));
    expect(optionsKey({ random })).to.not.equal(optionsKey({ random: () => 0.5 }));
    expect(optionsKey({ maxReconnectAttempts: Infinity })).to.not.equal(
      optionsKey({ maxReconnectAttempts: undefined }),
    );
    expect(optionsKey(undefined)).to.equal(optionsKey({}));
  });
});
