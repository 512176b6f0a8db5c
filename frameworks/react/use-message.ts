// useMessage: a handler for one message type of a socket, for as long as the component is mounted.
import { useEffect, useRef } from 'react';
import type { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { MessageMap, MessageOf } from '../../src/types.js';

/**
 * Calls `handler` with every message of `type` (typed by the socket's message map) while the
 * component is mounted. The latest `handler` is called, so an inline function does not
 * resubscribe on each render. `socket` may be undefined (before `useSocket` has one).
 * @example
 * import { useSocket, useMessage } from 'ws-widgets/react';
 * const { socket } = useSocket<NocMessages>('/ws/noc/dashboard/');
 * useMessage(socket, 'alert_new', (msg) => console.log(msg.alert.severity));
 */
export function useMessage<M extends MessageMap, K extends keyof M & string>(
  socket: ReconnectingSocket<M> | null | undefined,
  type: K,
  handler: (message: MessageOf<M, K>) => void,
): void {
  const latest = useRef(handler);
  // Declared first, so it runs before the subscription below sees a frame.
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => socket?.on(type, (message) => latest.current(message)), [socket, type]);
}
