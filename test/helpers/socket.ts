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
