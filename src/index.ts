// The Lit-free core of ws-widgets: the reconnecting socket service and its helpers.
export { ReconnectingSocket } from './reconnecting-socket.js';
export { acquireSocket, sharedSocketCount, type SocketLease } from './socket-registry.js';
export { resolveSocketUrl } from './url.js';
export { computeDelay, jittered, type BackoffOptions } from './backoff.js';
export { closePolicy, type ClosePolicy } from './close-codes.js';
export type { ResolvedOptions } from './options.js';
export * from './types.js';
