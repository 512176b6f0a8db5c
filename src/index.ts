// The Lit-free core of ws-widgets: the reconnecting socket service and what it is made of.
export { ReconnectingSocket } from './reconnecting-socket.js';
export { acquireSocket, sharedSocketCount, type SocketLease } from './socket-registry.js';
export { resolveSocketUrl } from './url.js';
export { backoffDelay, baseDelay, jittered, type BackoffConfig } from './backoff.js';
export { CloseCode, closeRule, type CloseRule, type RetryRule } from './close-codes.js';
export type { DefaultMessages } from './socket-events.js';
export type { SubscriptionFrame } from './subscriptions.js';
export * from './types.js';
