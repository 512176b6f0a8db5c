// The one seam between a ReconnectingSocket and what runs the connection it shows (SocketRole):
// by default the socket's own machine; with `share: 'tabs'`, the tab role (tab-role.ts, loaded
// on demand here, with a stand-in until it has loaded), which shows the leader tab's socket
// while this tab follows.
import type { Outbox } from './outbox.js';
import type { SocketEventTarget } from './socket-events.js';
import type { Subscriptions } from './subscriptions.js';
import type { LeaderState } from './tab-relay.js';
import type {
  ConnectionStatus,
  ConnectionStatusDetail,
  Message,
  ReconnectingSocketEventMap,
  ResolvedOptions,
} from './types.js';

/** The few operations in which a socket that follows another tab's socket differs. */
export interface SocketRole {
  /** Status, attempt, latency and retry time: what the getters of the same names read. */
  state(): LeaderState;
  connect(): void;
  disconnect(): void;
  isConnected(): boolean;
  /** Puts a frame on the wire now; false when it must wait in the outbox. */
  send(text: string): boolean;
  /** A subscription added while connected goes out now. */
  subscribe(text: string): void;
  /** The own machine changed status: `detail` to announce. */
  announce(detail: ConnectionStatusDetail): void;
  /** The own machine connected and wrote `texts` (its subscriptions). */
  connected?(texts: string[]): void;
  /** The own machine (or the leader it follows) delivered a message. */
  delivered?(message: Message): void;
  /** True while this tab holds the socket the other tabs share. */
  readonly leader?: boolean;
}

/** What the tab role gets from the socket: its own machine, and the parts a follower needs. */
export interface RoleHost {
  own: SocketRole;
  target: SocketEventTarget;
  /** The status last announced: the `previous` of the next announcement. */
  announced(): ConnectionStatus;
  /** Emits a status change the own machine did not make; `status` becomes the last announced. */
  show(detail: ConnectionStatusDetail, status: ConnectionStatus): void;
  emit<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    detail: ReconnectingSocketEventMap[K]['detail'],
  ): void;
  /** Delivers a message as if this socket had received it. */
  deliver(message: Message): void;
  subscriptions: Subscriptions;
  outbox: Outbox;
}

/** Web Locks and BroadcastChannel, without which `share: 'tabs'` falls back to `page`. */
export const canShareTabs = (): boolean =>
  typeof (globalThis as { navigator?: { locks?: { request?: unknown } } }).navigator?.locks
    ?.request == 'function' && typeof BroadcastChannel == 'function';

/**
 * Loads the tab share (only pages that ask for it load it) and gives `use` the role to take: at
 * once a stand-in, then the tab role. Until then the socket waits to know who leads: connect()
 * says `connecting` and opens nothing.
 */
export function shareTabs(
  url: string,
  token: string | undefined,
  options: ResolvedOptions,
  use: (role: SocketRole) => void,
  host: RoleHost,
): void {
  const { own } = host;
  let wanted = false;
  const show = (status: ConnectionStatus): void => {
    const previous = host.announced();
    if (status !== previous) host.show({ status, attempt: 0, previous }, status);
  };
  use({
    ...own,
    state: () => ({ status: wanted ? 'connecting' : 'disconnected', attempt: 0 }),
    connect: () => {
      wanted = true;
      show('connecting');
    },
    disconnect: () => {
      wanted = false;
      own.disconnect();
      show('disconnected');
    },
  });
  const take = (role: SocketRole): void => {
    use(role);
    if (wanted) role.connect();
  };
  import('./tab-role.js')
    .then((module) => module.tabRole(url, token, options, host))
    // No share after all (a failed load, no crypto.subtle): `page`, as without Web Locks.
    .then(take, () => take(own));
}
