// useSocket: the page's shared socket for a URL as Vue refs, opened once the component is mounted.
import {
  computed,
  getCurrentInstance,
  getCurrentScope,
  onMounted,
  onScopeDispose,
  shallowRef,
  toValue,
  watch,
  type ComputedRef,
  type MaybeRefOrGetter,
} from 'vue';
import type { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { DefaultMessages } from '../../src/socket-events.js';
import type {
  ConnectionStatus,
  ErrorDetail,
  Message,
  MessageMap,
  ReconnectingSocketOptions,
} from '../../src/types.js';
import {
  IDLE,
  optionsKey,
  SocketSource,
  type SocketActions,
  type SocketSnapshot,
} from '../socket-source.js';

/** What `useSocket` returns: read-only refs of the socket's state, and what to do with it. */
export interface UseSocketReturn<M extends MessageMap = DefaultMessages> extends SocketActions {
  status: ComputedRef<ConnectionStatus>;
  isConnected: ComputedRef<boolean>;
  latency: ComputedRef<number | undefined>;
  lastMessage: ComputedRef<Message | undefined>;
  error: ComputedRef<ErrorDetail | undefined>;
  socket: ComputedRef<ReconnectingSocket<M> | undefined>;
}

/**
 * The shared socket for `url` while the component is mounted: `<ws-connection>` elements and
 * other composables with the same URL and credential use the same socket, and the last one to
 * let go closes it. `url` and `options` may be refs or getters: a new value (options compared
 * by value) moves to the socket for it; an empty URL closes nothing but holds no socket. In a
 * component it opens on mount, so a server render opens nothing and hydrates as `disconnected`;
 * outside one (a store, an effect scope) it opens at once.
 * @example
 * import { useSocket, useMessage } from 'ws-widgets/vue';
 * const { status, isConnected, latency, error, send, socket } = useSocket<NocMessages>(
 *   '/ws/noc/dashboard/', () => ({ token: token.value }));
 * useMessage(socket, 'alert_new', (msg) => alerts.value.unshift(msg.alert));
 */
export function useSocket<M extends MessageMap = DefaultMessages>(
  url: MaybeRefOrGetter<string | null | undefined>,
  options: MaybeRefOrGetter<ReconnectingSocketOptions | undefined> = {},
): UseSocketReturn<M> {
  const state = shallowRef<SocketSnapshot<M>>(IDLE as SocketSnapshot<M>);
  let source: SocketSource<M> | undefined;
  let unsubscribe: (() => void) | undefined;
  const stop = () => {
    unsubscribe?.();
    unsubscribe = source = undefined;
    state.value = IDLE as SocketSnapshot<M>;
  };
  const start = () =>
    watch(
      () => [toValue(url), optionsKey(toValue(options))] as const,
      ([href]) => {
        // Subscribe to the new socket before letting go of the old: the same shared socket is
        // then kept rather than closed and opened again.
        const previous = unsubscribe;
        source = href ? new SocketSource<M>(href, toValue(options)) : undefined;
        const current = source;
        unsubscribe = current?.subscribe(() => (state.value = current.snapshot));
        state.value = current?.snapshot ?? (IDLE as SocketSnapshot<M>);
        previous?.();
      },
      { immediate: true },
    );
  if (getCurrentInstance()) onMounted(start);
  else start();
  if (getCurrentScope()) onScopeDispose(stop);
  const field = <K extends keyof SocketSnapshot<M>>(name: K) => computed(() => state.value[name]);
  return {
    status: field('status'),
    isConnected: field('isConnected'),
    latency: field('latency'),
    lastMessage: field('lastMessage'),
    error: field('error'),
    socket: field('socket'),
    send: (data) => source?.send(data) ?? false,
    connect: () => source?.connect(),
    disconnect: () => source?.disconnect(),
  };
}
