// The Lit-free core of ws-widgets: the reconnecting socket service and its public helpers. The
// pieces it is made of (backoff arithmetic, the close-code table, the registry's count) are
// internal: tests import them from their modules.
export { ReconnectingSocket } from './reconnecting-socket.js';
export { acquireSocket, type SocketLease } from './socket-registry.js';
export { resolveSocketUrl } from './url.js';
export { backoffDelay, type BackoffConfig } from './backoff.js';
export { CloseCode } from './close-codes.js';
export type { DefaultMessages } from './socket-events.js';
export type { SubscriptionFrame } from './subscriptions.js';
export * from './types.js';
