// useSocket: the page's shared socket for a URL as React state, through useSyncExternalStore.
import { useMemo, useSyncExternalStore } from 'react';
import type { DefaultMessages } from '../../src/socket-events.js';
import type { MessageMap, ReconnectingSocketOptions } from '../../src/types.js';
import {
  IDLE,
  optionsKey,
  SocketSource,
  type SocketActions,
  type SocketSnapshot,
} from '../socket-source.js';

/** What `useSocket` returns: the socket's state (re-rendered on change) and what to do with it. */
export interface UseSocketResult<M extends MessageMap = DefaultMessages>
  extends SocketSnapshot<M>, SocketActions {}

type Source<M extends MessageMap> = Pick<
  SocketSource<M>,
  'subscribe' | 'snapshot' | 'send' | 'connect' | 'disconnect'
>;
/** Without a URL: nothing to watch, nothing to send to. */
const NO_SOURCE: Source<never> = {
  subscribe: () => () => undefined,
  snapshot: IDLE,
  send: () => false,
  connect: () => undefined,
  disconnect: () => undefined,
};
const idle = (): SocketSnapshot<never> => IDLE;

/**
 * The shared socket for `url` while the component is mounted: `<ws-connection>` elements and
 * other hooks with the same URL and credential use the same socket, and the last one to let go
 * closes it. Re-renders on each status, error and message. Without a URL (`null`), and on the
 * server, it stays `disconnected` and opens nothing. Options are compared by value, so an
 * inline object is fine; a new URL or options move the component to the socket for them.
 * @example
 * import { useSocket, useMessage } from 'ws-widgets/react';
 * const { status, isConnected, latency, error, send, socket } = useSocket<NocMessages>(
 *   '/ws/noc/dashboard/', { token, readyMessage: 'connection_established' });
 * useMessage(socket, 'alert_new', (msg) => setAlerts((a) => [msg.alert, ...a]));
 */
export function useSocket<M extends MessageMap = DefaultMessages>(
  url: string | null | undefined,
  options?: ReconnectingSocketOptions,
): UseSocketResult<M> {
  const key = optionsKey(options);
  // Keyed by `key`, not `options`: an inline options object is new on every render.
  const source = useMemo(
    (): Source<M> => (url ? new SocketSource<M>(url, options) : (NO_SOURCE as Source<M>)),
    [url, key],
  );
  const snapshot = useSyncExternalStore(source.subscribe, () => source.snapshot, idle);
  return useMemo(
    () => ({
      ...snapshot,
      send: source.send,
      connect: source.connect,
      disconnect: source.disconnect,
    }),
    [snapshot, source],
  );
}
