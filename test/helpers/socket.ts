// Awaiting a ReconnectingSocket's statuses, errors and messages in tests, and fast options.
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

/** Short delays and no jitter, so the suite stays fast and the delays are exact. */
export const FAST = {
  reconnectInterval: 40,
  maxReconnectDelay: 400,
  jitter: 0,
  heartbeatInterval: 5000,
} as const;

/** Resolves with the detail of the next event of this type that `matches`. */
async function nextDetail<T>(
  socket: AnySocket,
  type: string,
  matches: (detail: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const event = await nextEvent<CustomEvent<T>>(socket, type, (e) => matches(e.detail), timeoutMs);
  return event.detail;
}

/** Resolves with the next `connectionStatus` detail with this status. */
export function statusEvent(
  socket: AnySocket,
  status: ConnectionStatus,
  timeoutMs = 5000,
): Promise<ConnectionStatusDetail> {
  return nextDetail<ConnectionStatusDetail>(
    socket,
    'connectionStatus',
    (d) => d.status === status,
    timeoutMs,
  );
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
export function errorEvent(
  socket: AnySocket,
  kind: ErrorKind,
  timeoutMs = 5000,
): Promise<ErrorDetail> {
  return nextDetail<ErrorDetail>(socket, 'error', (d) => d.kind === kind, timeoutMs);
}

/** Resolves with the next message of this type. */
export function messageEvent(socket: AnySocket, type: string, timeoutMs = 5000): Promise<Message> {
  return nextDetail<Message>(socket, 'message', (d) => d.type === type, timeoutMs);
}
