// Awaiting a ReconnectingSocket's statuses and errors in tests.
import type { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type {
  ConnectionStatus,
  ConnectionStatusDetail,
  ErrorDetail,
  ErrorKind,
  Message,
} from '../../src/types.js';
import { nextEvent } from './events.js';

// Any socket, whatever its message map.
type AnySocket = ReconnectingSocket<object>;

/** Resolves when the socket reports `status` (at once if it is already there). */
export async function statusOf(
  socket: AnySocket,
  status: ConnectionStatus,
  timeoutMs = 5000,
): Promise<ConnectionStatusDetail | undefined> {
  if (socket.status === status) return undefined;
  const e = await nextEvent<CustomEvent<ConnectionStatusDetail>>(
    socket,
    'connectionStatus',
    (ev) => ev.detail.status === status,
    timeoutMs,
  );
  return e.detail;
}

/** Resolves with the next `error` of `kind`. */
export async function errorOf(
  socket: AnySocket,
  kind: ErrorKind,
  timeoutMs = 5000,
): Promise<ErrorDetail> {
  const e = await nextEvent<CustomEvent<ErrorDetail>>(
    socket,
    'error',
    (ev) => ev.detail.kind === kind,
    timeoutMs,
  );
  return e.detail;
}

/** Resolves with the next message of `type`. */
export async function messageOf(
  socket: AnySocket,
  type: string,
  timeoutMs = 5000,
): Promise<Message> {
  const e = await nextEvent<CustomEvent<Message>>(
    socket,
    'message',
    (ev) => ev.detail.type === type,
    timeoutMs,
  );
  return e.detail;
}

/** Fast settings for tests: short delays, no jitter unless asked. */
export const FAST = {
  reconnectInterval: 40,
  maxReconnectDelay: 400,
  jitter: 0,
  heartbeatInterval: 5000,
} as const;
