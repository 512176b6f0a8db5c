// Server-advised retry (CONTRACT 0.2): `retry-after=N` in the reason of a close 1012, 1013 or
// 4429 sets the next delay, whatever the cap says; against the reference server's closeAll.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { ConnectionStatusDetail } from '../../src/types.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { errorEvent, FAST, reach, statusEvent } from './support.js';

const PATH = '/ws/noc/presence/';

/** The `reconnecting` status that schedules the retry (the one with a delay). */
const scheduled = (socket: ReconnectingSocket): Promise<ConnectionStatusDetail> =>
  new Promise((resolve) => {
    const listener = (e: CustomEvent<ConnectionStatusDetail>) => {
      if (e.detail.status !== 'reconnecting' || e.detail.delay === undefined) return;
      socket.removeEventListener('connectionStatus', listener);
      resolve(e.detail);
    };
    socket.addEventListener('connectionStatus', listener);
  });

describe('ReconnectingSocket: server-advised retry', () => {
  let server: TestServer;
  let socket: ReconnectingSocket;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    socket?.disconnect();
    await server.waitForConnections(0);
  });

  async function connected(options = {}): Promise<ReconnectingSocket> {
    socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, ...options });
    socket.connect();
    await reach(socket, 'connected');
    return socket;
  }

  it('1013 retry-after=N: waits N s even above the cap, reports throttled, then reconnects', async () => {
    await connected({ maxReconnectDelay: 50 });
    const plan = scheduled(socket);
    const throttled = errorEvent(socket, 'throttled');
    const closedAt = Date.now();
    await server.closeAll(1013, 'overloaded; retry-after=0.3', PATH);
    expect(await plan).to.include({ delay: 300, code: 1013, attempt: 1 });
    expect((await throttled).code).to.equal(1013);
    await reach(socket, 'connected');
    expect(Date.now() - closedAt).to.be.at.least(300);
  });

  it('1012 retry-after=N reports network; 4429 retry-after=N is advised too', async () => {
    await connected();
    let plan = scheduled(socket);
    const network = errorEvent(socket, 'network');
    await server.closeAll(1012, 'retry-after=0.2', PATH);
    expect(await plan).to.include({ delay: 200, code: 1012 });
    expect((await network).code).to.equal(1012);
    await reach(socket, 'connected');
    plan = scheduled(socket);
    await server.closeAll(4429, 'too many; retry-after=0.25', PATH);
    expect(await plan).to.include({ delay: 250, code: 4429 });
  });

  it('draws the advised delay from [N·1000, N·1000·(1 + jitter)]', async () => {
    await connected({ jitter: 1, random: () => 0.5 });
    const plan = scheduled(socket);
    await server.closeAll(1013, 'retry-after=0.2', PATH);
    expect((await plan).delay).to.equal(300);
  });

  it('without advice: 1012 follows the backoff, 1013 waits the cap', async () => {
    await connected();
    let plan = scheduled(socket);
    await server.closeAll(1012, 'restarting', PATH);
    expect((await plan).delay).to.equal(FAST.reconnectInterval);
    await reach(socket, 'connected');
    plan = scheduled(socket);
    await server.closeAll(1013, '', PATH);
    expect((await plan).delay).to.equal(FAST.maxReconnectDelay);
  });

  it('counts more than 3600 s as 3600 s', async () => {
    await connected();
    const plan = scheduled(socket);
    await server.closeAll(1013, 'retry-after=99999', PATH);
    expect((await plan).delay).to.equal(3_600_000);
    expect(socket.nextRetryAt! - Date.now()).to.be.above(3_500_000);
  });

  it('ignores a malformed value (the backoff applies) and says so in the console once', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      await connected();
      let plan = scheduled(socket);
      await server.closeAll(1012, 'retry-after=soon', PATH);
      expect((await plan).delay).to.equal(FAST.reconnectInterval);
      await reach(socket, 'connected');
      plan = scheduled(socket);
      await server.closeAll(1012, 'retry-after=-4', PATH);
      expect((await plan).delay).to.equal(FAST.reconnectInterval);
      await statusEvent(socket, 'connected');
    } finally {
      console.warn = warn;
    }
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.contain('retry-after');
  });
});
