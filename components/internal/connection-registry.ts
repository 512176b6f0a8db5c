// The page's <ws-connection> elements, for the widgets' `for`: found by id as `<label for>` finds
// its control (the same tree scope first, then the document), with a change signal when one comes,
// goes or takes a new socket. Kept on globalThis under a registered symbol, so two copies of the
// kit on one page (CDN + npm) see each other's connections.
import type { AnySocket } from './context.js';

/** What the registry needs of a connection element. */
export interface RegisteredConnection extends Element {
  readonly socket: AnySocket | undefined;
}

interface Registry {
  connections: Set<RegisteredConnection>;
  watchers: Set<() => void>;
}

const KEY = Symbol.for('ws-widgets/connections');
const registry: Registry = ((globalThis as Record<symbol, Registry | undefined>)[KEY] ??= {
  connections: new Set(),
  watchers: new Set(),
});

/** Calls every watcher; a connection came, went, or holds a new socket. */
export function connectionsChanged(): void {
  for (const watcher of [...registry.watchers]) watcher();
}

/** Adds (`true`) or removes a connection, and tells the watchers. */
export function register(connection: RegisteredConnection, present: boolean): void {
  if (present) registry.connections.add(connection);
  else registry.connections.delete(connection);
  connectionsChanged();
}

/** Calls `watcher` after every change; returns the function that stops it. */
export function watchConnections(watcher: () => void): () => void {
  registry.watchers.add(watcher);
  return () => registry.watchers.delete(watcher);
}

/** The connection with this id for `host`: in the host's own tree scope first, then the document's. */
export function findConnection(host: Element, id: string): RegisteredConnection | undefined {
  const root = host.getRootNode();
  let fallback: RegisteredConnection | undefined;
  for (const connection of registry.connections) {
    if (connection.id !== id) continue;
    const scope = connection.getRootNode();
    if (scope === root) return connection;
    if (scope === document) fallback ??= connection;
  }
  return fallback;
}
