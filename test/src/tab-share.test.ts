// `share: 'tabs'` between two sockets of one page (each is a tab to the other: its own lock
// request and BroadcastChannel), against the reference server: one socket at the server, the
// follower mirrors the leader and sends through it, a leader that leaves hands over (and the new
// one still delivers the old one's last messages), frames wait for a connected leader and go out
// once, in order; without Web Locks, `page`.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { LeaderChangeDetail, Message } from '../../src/types.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/events.js';
import { FAST, messageEvent, reach } from './support.js';

const PATH = '/ws/mobile/sync/';

describe('share: tabs', () => {
  let server: TestServer;
  let sockets: ReconnectingSocket[] = [];
  const open = (options = {}): ReconnectingSocket => {
    const socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      share: 'tabs',
      heartbeatTimeout: 5000, // no steal here: background pages of the runner wake once a second
      ...options,
    });
    sockets.push(socket);
    socket.connect();
    return socket;
  };
  /** Two connected sockets; resolves with [leader, follower]. */
  const pair = async (): Promise<[ReconnectingSocket, ReconnectingSocket]> => {
    const a = open();
    const b = open();
    await Promise.all([reach(a, 'connected'), reach(b, 'connected')]);
    await server.waitForConnections(1, { path: PATH });
    expect([a.leader, b.leader].filter(Boolean)).to.have.length(1);
    return a.leader ? [a, b] : [b, a];
  };
  const echoes = async (): Promise<unknown[]> =>
    (await server.received(PATH))
      .filter((r) => r.frame['type'] === 'echo')
      .map((r) => r.frame['n']);

  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    sockets.forEach((s) => s.disconnect());
    sockets = [];
    await server.waitForConnections(0, { path: PATH });
    await server.stop();
  });

  it('holds one socket; the follower mirrors it, gets its messages and sends through it', async () => {
    const [leader, follower] = await pair();
    expect(follower.isConnected()).to.equal(true);
    const heard = [messageEvent(leader, 'echo'), messageEvent(follower, 'echo')] as const;
    const typed = new Promise<Message>((resolve) => follower.on('echo', resolve));
    expect(follower.send({ type: 'echo', n: 1 })).to.equal(true);
    const [a, b] = await Promise.all(heard);
    expect([a['n'], b['n'], (await typed)['n']]).to.deep.equal([1, 1, 1]);
    expect(await echoes()).to.deep.equal([1]);
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('sends a follower’s subscription on every connect of the leader, once', async () => {
    const [leader, follower] = await pair();
    follower.subscribe({ type: 'echo', n: 'sub' });
    leader.subscribe({ type: 'echo', n: 'own' });
    await server.waitForReceived('echo', { path: PATH, count: 2 });
    await server.dropAll(PATH);
    await Promise.all([reach(leader, 'reconnecting'), reach(follower, 'reconnecting')]);
    await Promise.all([reach(leader, 'connected'), reach(follower, 'connected')]);
    await server.waitForReceived('echo', { path: PATH, count: 4 });
    follower.send({ type: 'echo', n: 'last' });
    await server.waitForReceived('echo', { path: PATH, count: 5 });
    expect(await echoes()).to.deep.equal(['own', 'sub', 'own', 'sub', 'last']);
  });

  it('keeps a follower’s frames until a leader is connected, then sends them once, in order', async () => {
    const [leader, follower] = await pair();
    await server.refuse(300);
    await server.dropAll(PATH);
    await reach(follower, 'reconnecting');
    expect(follower.send({ type: 'echo', n: 1 })).to.equal(false);
    follower.send({ type: 'echo', n: 2 });
    leader.send({ type: 'echo', n: 3 });
    await Promise.all([reach(leader, 'connected'), reach(follower, 'connected')]);
    await server.waitForReceived('echo', { path: PATH, count: 3 });
    const got = await echoes();
    expect(got.filter((n) => n !== 3)).to.deep.equal([1, 2]);
    expect(got).to.have.length(3);
  });

  it('connect() in a follower starts a failed leader afresh', async () => {
    const a = open({ maxReconnectAttempts: 0 });
    const b = open({ maxReconnectAttempts: 0 });
    await Promise.all([reach(a, 'connected'), reach(b, 'connected')]);
    const [leader, follower] = a.leader ? [a, b] : [b, a];
    await server.dropAll(PATH);
    await Promise.all([reach(leader, 'failed'), reach(follower, 'failed')]);
    follower.connect();
    await Promise.all([reach(leader, 'connected'), reach(follower, 'connected')]);
    expect(leader.leader).to.equal(true);
  });

  it('hands the socket to the follower when the leader disconnects', async () => {
    const [leader, follower] = await pair();
    const change = nextEvent<CustomEvent<LeaderChangeDetail>>(follower, 'leaderChange');
    leader.disconnect();
    expect(leader.status).to.equal('disconnected');
    expect(leader.leader).to.equal(false);
    expect((await change).detail.leader).to.equal(true);
    await reach(follower, 'connected');
    await server.waitForConnections(1, { path: PATH });
    follower.send({ type: 'echo', n: 9 });
    await server.waitForReceived('echo', { path: PATH, count: 1 });
    // Back again, it follows the new leader.
    leader.connect();
    await reach(leader, 'connected');
    expect([leader.leader, follower.leader]).to.deep.equal([false, true]);
    expect((await server.connections(PATH)).open).to.equal(1);
  });

  it('delivers, once leading, what the leader it followed relayed before the lock came', async () => {
    // The share's channel: its name, seen as the sockets open it.
    const Native = BroadcastChannel;
    const names = new Set<string>();
    globalThis.BroadcastChannel = class extends Native {
      constructor(name: string) {
        super(name);
        names.add(name);
      }
    };
    let pairs: [ReconnectingSocket, ReconnectingSocket];
    try {
      pairs = await pair();
    } finally {
      globalThis.BroadcastChannel = Native;
    }
    const [leader, follower] = pairs;
    const channel = new Native([...names][0]!);
    try {
      const state = new Promise<string>((resolve) => {
        channel.onmessage = (e: MessageEvent<{ k: string; term: string }>) => {
          if (e.data.k === 'state') resolve(e.data.term);
        };
      });
      channel.postMessage({ k: 'join', from: 'test' }); // the leader answers with its state
      const term = await state;
      const change = nextEvent<CustomEvent<LeaderChangeDetail>>(follower, 'leaderChange');
      leader.disconnect();
      expect((await change).detail.leader).to.equal(true);
      const third = open();
      await reach(third, 'connected');
      // As if they had been on their way when the lock came: the old leader's last message is
      // delivered, and not relayed (the other tabs had it); one of a leader never followed is not.
      const late = messageEvent(follower, 'echo');
      const relayed = messageEvent(third, 'echo');
      channel.postMessage({ k: 'msg', term: '0-other', message: { type: 'echo', n: 'other' } });
      channel.postMessage({ k: 'msg', term, message: { type: 'echo', n: 'late' } });
      expect((await late)['n']).to.equal('late');
      third.send({ type: 'echo', n: 'after' });
      expect((await relayed)['n']).to.equal('after');
    } finally {
      channel.close();
    }
  });

  it('behaves as page without Web Locks', async () => {
    const proto = Object.getPrototypeOf(navigator) as object;
    const locks = Object.getOwnPropertyDescriptor(proto, 'locks')!;
    delete (proto as { locks?: unknown }).locks;
    try {
      const a = open();
      const b = open();
      await Promise.all([reach(a, 'connected'), reach(b, 'connected')]);
      await server.waitForConnections(2, { path: PATH });
      expect([a.leader, b.leader]).to.deep.equal([false, false]);
    } finally {
      Object.defineProperty(proto, 'locks', locks);
    }
  });
});
