// Shared bits of the core's browser tests: awaiting a socket's statuses, errors and messages,
// fast options, and an event-driven "quiet period" to show that something did NOT happen.
import type { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import { startServer, type TestServer } from '../helpers/server.js';

export { errorEvent, FAST, messageEvent, reach, statusEvent } from '../helpers/socket.js';

let clock: Promise<TestServer> | undefined;

/**
 * Lets time pass by events, not by a sleep: a witness socket on a server of its own pings every
 * 25 ms, and this resolves once that server has received `pings` of them. Used to show that
 * something (a retry due after 40 ms) did NOT happen in that time.
 */
export async function quietPeriod(Socket: typeof ReconnectingSocket, pings = 8): Promise<void> {
  clock ??= startServer(); // stopped with the others when the run ends
  const server = await clock;
  const path = '/ws/mobile/sync/';
  const before = (await server.received(path)).filter((r) => r.frame['type'] === 'ping').length;
  const witness = new Socket(server.wsUrl(path), { heartbeatInterval: 25 });
  witness.connect();
  try {
    await server.waitForReceived('ping', { path, count: before + pings, timeoutMs: 10000 });
  } finally {
    witness.disconnect();
  }
}
