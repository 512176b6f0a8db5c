// useMessage: a handler for one message type of a socket, for as long as the scope lives.
import { toValue, watch, type MaybeRefOrGetter } from 'vue';
import type { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { MessageMap, MessageOf } from '../../src/types.js';

/**
 * Calls `handler` with every message of `type` (typed by the socket's message map) while the
 * component (or effect scope) lives. `socket` may be a ref or getter, such as the `socket` of
 * `useSocket`: the handler follows it to each new socket.
 * @example
 * import { useSocket, useMessage } from 'ws-widgets/vue';
 * const { socket } = useSocket<NocMessages>('/ws/noc/dashboard/');
 * useMessage(socket, 'alert_new', (msg) => console.log(msg.alert.severity));
 */
export function useMessage<M extends MessageMap, K extends keyof M & string>(
  socket: MaybeRefOrGetter<ReconnectingSocket<M> | null | undefined>,
  type: K,
  handler: (message: MessageOf<M, K>) => void,
): void {
  watch(
    () => toValue(socket),
    (current, _, onCleanup) => {
      if (current) onCleanup(current.on(type, handler));
    },
    { immediate: true },
  );
}
