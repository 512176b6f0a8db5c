// Shared bits of the core's browser tests: awaiting a socket's statuses, errors and messages,
// fast options, and an event-driven "quiet period" to show that something did NOT happen.
import type { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type {
  ConnectionStatus,
  ConnectionStatusDetail,
  ErrorDetail,
  ErrorKind,
  Message,
} from '../../src/types.js';
import { nextEvent } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';

// Any socket, whatever its message map.
type AnySocket = ReconnectingSocket<object>;

/** Short delays and no jitter, so the suite stays fast and the delays are exact. */
export const FAST = {
  reconnectInterval: 40,
  maxReconnectDelay: 400,
  jitter: 0,
  heartbeatInterval: 5000,
} as const;

/** Resolves with the next `connectionStatus` detail with this status. */
export async function statusEvent(
  socket: AnySocket,
  status: ConnectionStatus,
  timeoutMs = 5000,
): Promise<ConnectionStatusDetail> {
  const event = await nextEvent<CustomEvent<ConnectionStatusDetail>>(
    socket,
    'connectionStatus',
    (e) => e.detail.status === status,
    timeoutMs,
  );
  return event.detail;
}

/** Resolves once the socket is in `status` (at once when it already is). */
export async function reach(
  socket: AnySocket,
  status: ConnectionStatus,
  timeoutMs = 5000,
): Promise<void> {
  if (socket.status !== status) await statusEvent(socket, status, timeoutMs);
}

/** Resolves with the next `error` detail of this kind. */
export async function errorEvent(
  socket: AnySocket,
  kind: ErrorKind,
  timeoutMs = 5000,
): Promise<ErrorDetail> {
  const event = await nextEvent<CustomEvent<ErrorDetail>>(
    socket,
    'error',
    (e) => e.detail.kind === kind,
    timeoutMs,
  );
  return event.detail;
}

/** Resolves with the next message of this type. */
export async function messageEvent(
  socket: AnySocket,
  type: string,
  timeoutMs = 5000,
): Promise<Message> {
  const event = await nextEvent<CustomEvent<Message>>(
    socket,
    'message',
    (e) => e.detail.type === type,
    timeoutMs,
  );
  return event.detail;
}

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
