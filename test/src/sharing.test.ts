// acquireSocket(): one socket per resolved URL + credential per page, reference counted, closed
// one microtask after the last release; exclusive and manual; differing options reported once.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import { acquireSocket, sharedSocketCount, type SocketLease } from '../../src/socket-registry.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { FAST, quietPeriod, reach } from './support.js';

const PATH = '/ws/noc/presence/';

describe('acquireSocket: shared sockets', () => {
  let server: TestServer;
  let leases: SocketLease[] = [];
  const take = (url: string, options = {}): SocketLease => {
    const lease = acquireSocket(url, { ...FAST, ...options });
    leases.push(lease);
    return lease;
  };
  beforeEach(async () => {
    server = await startServer({ auth: 'query', validTokens: ['a', 'b'] });
  });
  afterEach(async () => {
    leases.forEach((l) => l.release());
    leases = [];
    await Promise.resolve();
    expect(sharedSocketCount()).to.equal(0);
    await server.stop();
  });

  it('gives every user of one URL and token the same socket, connected once', async () => {
    const a = take(server.wsUrl(PATH), { token: 'a' });
    const b = take(`${server.wsUrl(PATH)}#other-fragment`, { token: 'a' });
    const c = take(`${server.wsUrl(PATH)}?token=a`);
    expect(b.socket).to.equal(a.socket);
    expect(c.socket).to.equal(a.socket);
    expect(sharedSocketCount()).to.equal(1);
    await reach(a.socket, 'connected');
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('keeps other credentials and other auth modes apart', async () => {
    const a = take(server.wsUrl(PATH), { token: 'a' });
    const b = take(server.wsUrl(PATH), { token: 'b' });
    const m = take(server.wsUrl(PATH), { token: 'a', auth: 'message', manual: true });
    expect(b.socket).not.to.equal(a.socket);
    expect(m.socket).not.to.equal(a.socket);
    await reach(a.socket, 'connected');
    await reach(b.socket, 'connected');
    expect((await server.connections(PATH)).log.map((l) => l.token).sort()).to.deep.equal([
      'a',
      'b',
    ]);
  });

  it('closes the socket one microtask after the last release, not before', async () => {
    const a = take(server.wsUrl(PATH), { token: 'a' });
    const b = take(server.wsUrl(PATH), { token: 'a' });
    await reach(a.socket, 'connected');
    a.release();
    a.release(); // idempotent: b still holds it
    await Promise.resolve();
    expect(b.socket.status).to.equal('connected');
    b.release();
    expect(b.socket.status).to.equal('connected'); // a DOM move gets one microtask
    await Promise.resolve();
    expect(b.socket.status).to.equal('disconnected');
    expect(sharedSocketCount()).to.equal(0);
    await server.waitForConnections(0, { path: PATH });
  });

  it('keeps the socket through a release and re-acquire in one task (an element moved)', async () => {
    const a = take(server.wsUrl(PATH), { token: 'a' });
    await reach(a.socket, 'connected');
    a.release();
    const again = take(server.wsUrl(PATH), { token: 'a' });
    expect(again.socket).to.equal(a.socket);
    await Promise.resolve();
    await quietPeriod(ReconnectingSocket, 2);
    expect(again.socket.status).to.equal('connected');
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('follows updateToken(): a later user with the new token finds the same socket', async () => {
    const a = take(server.wsUrl(PATH), { token: 'a' });
    await reach(a.socket, 'connected');
    a.socket.updateToken('b');
    const b = take(server.wsUrl(PATH), { token: 'b' });
    expect(b.socket).to.equal(a.socket);
    const old = take(server.wsUrl(PATH), { token: 'a' });
    expect(old.socket).not.to.equal(a.socket);
  });

  it('does not make a socket refused for its token try again for a new user', async () => {
    const a = take(server.wsUrl(PATH), { token: 'expired' });
    await reach(a.socket, 'failed');
    const b = take(server.wsUrl(PATH), { token: 'expired' });
    expect(b.socket).to.equal(a.socket);
    await quietPeriod(ReconnectingSocket);
    expect(b.socket.status).to.equal('failed');
    expect((await server.connections(PATH)).accepted).to.equal(1);
  });

  it('gives exclusive users a socket of their own, closed on release', async () => {
    const shared = take(server.wsUrl(PATH), { token: 'a' });
    const own = take(server.wsUrl(PATH), { token: 'a', exclusive: true });
    expect(own.socket).not.to.equal(shared.socket);
    expect(sharedSocketCount()).to.equal(1);
    await reach(own.socket, 'connected');
    own.release();
    expect(own.socket.status).to.equal('disconnected');
    await reach(shared.socket, 'connected');
    await server.waitForConnections(1, { path: PATH });
  });

  it('does not connect a manual user until connect()', async () => {
    const a = take(server.wsUrl(PATH), { token: 'a', manual: true });
    expect(a.socket.status).to.equal('disconnected');
    const own = take(server.wsUrl(PATH), { token: 'a', manual: true, exclusive: true });
    expect(own.socket.status).to.equal('disconnected');
    a.socket.connect();
    await reach(a.socket, 'connected');
  });

  it('warns once, naming the ignored options but never the token, when options differ', async () => {
    const warnings: string[] = [];
    const saved = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const first = take(server.wsUrl(PATH), { token: 'a', heartbeatInterval: 1000 });
      take(server.wsUrl(PATH), { token: 'a', heartbeatInterval: 1000 });
      expect(warnings).to.have.length(0);
      const later = take(server.wsUrl(PATH), { token: 'a', heartbeatInterval: 2000, queueSize: 5 });
      take(server.wsUrl(PATH), { token: 'a', heartbeatInterval: 2000, queueSize: 5 });
      expect(later.socket).to.equal(first.socket);
      expect(later.socket.options.heartbeatInterval).to.equal(1000);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.contain('heartbeatInterval, queueSize');
      expect(warnings[0]).not.to.match(/\ba\b.*token|token.*\ba\b/);
      expect(warnings[0]).not.to.contain('heartbeatTimeout');
    } finally {
      console.warn = saved;
    }
  });

  it('throws like the constructor on bad input', () => {
    expect(() => acquireSocket('ftp://h/x')).to.throw(TypeError);
    expect(() => acquireSocket(server.wsUrl(PATH), { jitter: 3 })).to.throw(RangeError);
    expect(sharedSocketCount()).to.equal(0);
  });
});
