// One socket per resolved URL + credential per page, shared by reference count: the last
// release closes it one microtask later, so moving an element in the DOM keeps it open.
import { resolveOptions } from './options.js';
import { ReconnectingSocket } from './reconnecting-socket.js';
import type { DefaultMessages } from './socket-events.js';
import { tokens } from './token-store.js';
import type { MessageMap, ReconnectingSocketOptions, ResolvedOptions } from './types.js';
import { pageHref, splitSocketUrl } from './url.js';

/** A claim on a socket; `release()` is idempotent. */
export interface SocketLease<M extends MessageMap = DefaultMessages> {
  readonly socket: ReconnectingSocket<M>;
  release(): void;
}

interface Entry {
  socket: ReconnectingSocket;
  users: number;
  warned: Set<string>;
}

const entries = new Set<Entry>();

/** The shared socket for this URL, auth mode and (current) token, if one is alive. */
function find(url: string, auth: string, token: string | undefined): Entry | undefined {
  for (const entry of entries) {
    const { socket } = entry;
    if (socket.url === url && socket.options.auth === auth && tokens.get(socket) === token)
      return entry;
  }
  return undefined;
}

/** Reports, once per set of names, the options a later user asked for and does not get. */
function warnDifferences(
  entry: Entry,
  given: ReconnectingSocketOptions,
  wanted: ResolvedOptions,
): void {
  // `manual` and `exclusive` concern one user only; `auth` and the token pick the entry.
  const differing = (Object.keys(wanted) as (keyof ResolvedOptions)[]).filter(
    (name) =>
      name !== 'manual' &&
      name !== 'exclusive' &&
      given[name] !== undefined &&
      !Object.is(wanted[name], entry.socket.options[name]),
  );
  const key = differing.join(', ');
  if (differing.length === 0 || entry.warned.has(key)) return;
  entry.warned.add(key);
  console.warn(
    `ws-widgets: the socket for ${entry.socket.url} is shared and keeps its first options; ` +
      `ignored here: ${key}. Use the exclusive option for a socket of your own.`,
  );
}

function lease<M extends MessageMap>(
  socket: ReconnectingSocket<M>,
  onRelease: () => void,
): SocketLease<M> {
  let released = false;
  return {
    socket,
    release() {
      if (released) return;
      released = true;
      onRelease();
    },
  };
}

/**
 * Returns a lease on the page's socket for `url` and these credentials, creating it on first use
 * and connecting it (unless `manual`). Later users with other options share the first one's
 * socket and get one console warning naming the ignored options. With `exclusive`, the socket is
 * never shared. Throws like the `ReconnectingSocket` constructor on bad input.
 * @example
 * const lease = acquireSocket('/ws/noc/dashboard/', { token, readyMessage: 'connection_established' });
 * const off = lease.socket.on('alert_new', (msg) => console.log(msg));
 * // later
 * off();
 * lease.release(); // the last release closes the socket
 */
export function acquireSocket<M extends MessageMap = DefaultMessages>(
  url: string,
  options: ReconnectingSocketOptions = {},
): SocketLease<M> {
  if (options.exclusive === true || options.share === 'none') {
    const socket = new ReconnectingSocket<M>(url, options);
    if (options.manual !== true) socket.connect();
    return lease(socket, () => socket.disconnect());
  }
  const split = splitSocketUrl(url, pageHref());
  const resolved = resolveOptions(options);
  let entry = find(split.url, resolved.options.auth, resolved.token ?? split.token);
  if (entry === undefined) {
    entry = { socket: new ReconnectingSocket(url, options), users: 0, warned: new Set() };
    entries.add(entry);
  } else {
    warnDifferences(entry, options, resolved.options);
  }
  const claimed = entry;
  claimed.users += 1;
  // A socket refused for its credentials waits for updateToken(): a new user must not retry it.
  if (options.manual !== true && claimed.socket.status === 'disconnected') claimed.socket.connect();
  return lease(claimed.socket as unknown as ReconnectingSocket<M>, () => {
    claimed.users -= 1;
    if (claimed.users > 0) return;
    queueMicrotask(() => {
      if (claimed.users > 0 || !entries.has(claimed)) return;
      entries.delete(claimed);
      claimed.socket.disconnect();
    });
  });
}

/**
 * Number of shared sockets alive on this page (for tests and leak checks).
 * @example
 * lease.release();
 * await Promise.resolve(); // the close waits one microtask
 * console.assert(sharedSocketCount() === 0);
 */
export function sharedSocketCount(): number {
  return entries.size;
}
