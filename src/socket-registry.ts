// One socket per resolved URL + credential per page, shared by reference count: the last
// release closes it, one microtask later so that moving an element in the DOM keeps it open.
import { ReconnectingSocket } from './reconnecting-socket.js';
import type { MessageMap, ReconnectingSocketOptions } from './types.js';
import { resolveSocketUrl } from './url.js';

/** A claim on a shared socket; `release()` is idempotent. */
export interface SocketLease<M extends MessageMap = Record<string, Record<string, unknown>>> {
  readonly socket: ReconnectingSocket<M>;
  release(): void;
}

interface Entry {
  socket: ReconnectingSocket<MessageMap>;
  options: ReconnectingSocketOptions;
  users: number;
  warned: Set<string>;
}

const entries = new Map<string, Entry>();

// Options that do not change what the socket is, only how a later user would have liked it.
const COMPARED: (keyof ReconnectingSocketOptions)[] = [
  'reconnectInterval', 'maxReconnectDelay', 'maxReconnectAttempts', 'jitter', 'heartbeat',
  'heartbeatInterval', 'heartbeatTimeout', 'readyMessage', 'queueSize', 'pollingUrl', 'pollingInterval',
];

/**
 * Returns a lease on the page's socket for `url` and these credentials, creating and connecting it
 * on first use (unless `manual`). With `exclusive`, the socket is never shared.
 * @example
 * const lease = acquireSocket('/ws/noc/dashboard/', { token });
 * lease.socket.on('alert_new', show);
 * lease.release(); // closes the socket once nobody else holds it
 */
export function acquireSocket<M extends MessageMap = Record<string, Record<string, unknown>>>(
  url: string,
  options: ReconnectingSocketOptions = {},
): SocketLease<M> {
  if (options.exclusive) {
    const socket = new ReconnectingSocket<M>(url, options);
    if (!options.manual) socket.connect();
    let released = false;
    return {
      socket,
      release() {
        if (released) return;
        released = true;
        socket.disconnect();
      },
    };
  }
  const key = [resolveSocketUrl(url), options.auth ?? '', options.token ?? ''].join('\n');
  let entry = entries.get(key);
  if (!entry) {
    entry = { socket: new ReconnectingSocket(url, options), options, users: 0, warned: new Set() };
    entries.set(key, entry);
  } else {
    warnDifferences(entry, options);
  }
  entry.users += 1;
  // Only start a socket that has never run: re-using a refused one must not retry a bad token.
  if (!options.manual && entry.socket.status === 'disconnected') entry.socket.connect();
  const claimed = entry;
  let released = false;
  return {
    socket: claimed.socket as ReconnectingSocket<M>,
    release() {
      if (released) return;
      released = true;
      claimed.users -= 1;
      if (claimed.users > 0) return;
      queueMicrotask(() => {
        if (claimed.users > 0 || entries.get(key) !== claimed) return;
        entries.delete(key);
        claimed.socket.disconnect();
      });
    },
  };
}

function warnDifferences(entry: Entry, options: ReconnectingSocketOptions): void {
  const differing = COMPARED.filter((name) => options[name] !== undefined && options[name] !== entry.options[name]);
  const fresh = differing.filter((name) => !entry.warned.has(name));
  if (fresh.length === 0) return;
  fresh.forEach((name) => entry.warned.add(name));
  console.warn(
    `ws-widgets: ${entry.socket.url} is already shared; the first user's options win. Ignored: ${fresh.join(', ')}. ` +
      'Use `exclusive` for a socket of your own.',
  );
}

/** Number of shared sockets alive on this page (for tests and leak checks). */
export function sharedSocketCount(): number {
  return entries.size;
}
