// Public types of the core service: statuses, error kinds, options and event details.
// Everything here is part of the contract (../shared/design/CONTRACT.md); keep it Lit-free.

/**
 * Connection statuses, as a value object and a derived union (Lit's `TaskStatus` idiom).
 * @example
 * if (socket.status === ConnectionStatus.polling) banner.hidden = false;
 */
export const ConnectionStatus = {
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  disconnected: 'disconnected',
  failed: 'failed',
  polling: 'polling',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/**
 * Kinds carried by `error` events.
 * @example
 * socket.addEventListener('error', (e) => {
 *   if (e.detail.kind === ErrorKind.auth) location.assign('/login');
 * });
 */
export const ErrorKind = {
  network: 'network',
  auth: 'auth',
  forbidden: 'forbidden',
  throttled: 'throttled',
  timeout: 'timeout',
  parse: 'parse',
  server: 'server',
  queueOverflow: 'queue-overflow',
  maxAttempts: 'max-attempts',
  config: 'config',
} as const;
export type ErrorKind = (typeof ErrorKind)[keyof typeof ErrorKind];

export type AuthMode = 'query' | 'message' | 'cookie';
export type HeartbeatMode = 'ping' | 'heartbeat' | 'action-ping' | 'none';
/** Who shares one socket: each document (`page`), every tab of the profile (`tabs`), nobody (`none`). */
export type ShareMode = 'page' | 'tabs' | 'none';

/** Any message the server sends: an object with a string `type`. */
export interface Message {
  type: string;
  [field: string]: unknown;
}

/**
 * A map from message type to its payload, used to type `on()`.
 * @example
 * interface NocMessages { alert_new: { alert: Alert }; subscribed: { client_id: string } }
 * const socket = new ReconnectingSocket<NocMessages>('/ws/noc/dashboard/');
 * socket.on('alert_new', (msg) => msg.alert.severity);
 */
export type MessageMap = object;

/** The message object a handler of type `K` receives: the payload plus its `type`. */
export type MessageOf<M extends MessageMap, K extends keyof M & string> = M[K] & { type: K };

/**
 * A handler type compared bivariantly (a method's parameter rules), so the DOM `WebSocket`, whose
 * handlers take `Event`/`CloseEvent`/`MessageEvent`, and the `ws` class both fit `WebSocketLike`.
 */
type SocketHandler<E> = { bivarianceHack(event: E): void }['bivarianceHack'];

/** The subset of the browser `WebSocket` the service uses; `ws` in Node and test stand-ins fit it. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount?: number;
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: SocketHandler<unknown> | null;
  onclose: SocketHandler<{ code: number; reason: string; wasClean?: boolean }> | null;
  onerror: SocketHandler<unknown> | null;
  onmessage: SocketHandler<{ data: unknown }> | null;
}
export type WebSocketFactory = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Options of `ReconnectingSocket`; each mirrors a `<ws-connection>` attribute (camelCase). */
export interface ReconnectingSocketOptions {
  /** Credential; never printed in logs, error messages or event details. */
  token?: string;
  /** How the token travels. Default `query` when a token is set. */
  auth?: AuthMode;
  /** First retry delay, ms. Default 1000. */
  reconnectInterval?: number;
  /** Cap on any delay, ms. Default 30000. */
  maxReconnectDelay?: number;
  /** Retries after a drop before `failed` (or `polling`); `Infinity` allowed. Default 10. */
  maxReconnectAttempts?: number;
  /** Randomisation factor 0..1: a delay d becomes a value in [d·(1−jitter), d]. Default 1 (full jitter). */
  jitter?: number;
  /** Heartbeat dialect. Default `ping`. */
  heartbeat?: HeartbeatMode;
  /** ms between heartbeats. Default 30000. */
  heartbeatInterval?: number;
  /** ms of silence before the socket is declared dead. Default 2 × heartbeatInterval. */
  heartbeatTimeout?: number;
  /** Message type that must arrive before the status turns `connected`. */
  readyMessage?: string;
  /**
   * After the server refuses the credentials, GET this URL once (with the page's cookies); a 200
   * `{"token": "..."}` becomes the token and the socket reconnects at once. Never a loop.
   */
  tokenUrl?: string;
  /** Used instead of `tokenUrl`: gives a fresh token after a refusal of the credentials. */
  refreshToken?: () => Promise<string>;
  /** Frames kept while not connected. Default 100. */
  queueSize?: number;
  /** HTTP fallback once attempts are exhausted. */
  pollingUrl?: string;
  /** ms between polls. Default 2000. */
  pollingInterval?: number;
  /** Do not connect on creation (the element's `manual`). The service itself never auto-connects. */
  manual?: boolean;
  /** Do not share the socket with other users of the same URL and credential (`share: 'none'`). */
  exclusive?: boolean;
  /**
   * `page` (default): one socket per document for each URL + credential; `tabs`: one socket per
   * browser profile, held by a leader tab and relayed to the others (`page` where Web Locks or
   * `BroadcastChannel` is missing); `none`: never shared, as `exclusive`.
   */
  share?: ShareMode;
  /** Largest accepted frame, in characters; larger frames give a `parse` error. Default 1 MiB. */
  maxMessageSize?: number;
  /** WebSocket implementation (the `ws` package in Node, a stand-in in Storybook). Default: global. */
  WebSocket?: WebSocketFactory;
  /** Random source in [0, 1), injectable for tests. Default `Math.random`. */
  random?: () => number;
}

/** Options after validation, with the defaults applied; the token is never part of them. */
export interface ResolvedOptions {
  auth: AuthMode;
  reconnectInterval: number;
  maxReconnectDelay: number;
  maxReconnectAttempts: number;
  jitter: number;
  heartbeat: HeartbeatMode;
  heartbeatInterval: number;
  /** `Infinity` when no liveness check runs (heartbeat `none` without an explicit timeout). */
  heartbeatTimeout: number;
  readyMessage: string | undefined;
  tokenUrl: string | undefined;
  queueSize: number;
  /** Resolved http(s) URL, without any token. */
  pollingUrl: string | undefined;
  pollingInterval: number;
  manual: boolean;
  exclusive: boolean;
  share: ShareMode;
  maxMessageSize: number;
}

export interface ConnectionStatusDetail {
  status: ConnectionStatus;
  previous: ConnectionStatus;
  /** Retry number: 0 for the first attempt, 1.. for retries after a drop. */
  attempt: number;
  /** Wait before the next attempt, ms (present while a retry is scheduled). */
  delay?: number;
  /** Close code that caused this change, when there was one. */
  code?: number;
  reason?: string;
}

export interface ErrorDetail {
  kind: ErrorKind;
  message: string;
  /** A close code (number) or the `code` of a server `error` frame (string). */
  code?: number | string;
  /** For `queue-overflow`: the frames that were dropped. */
  dropped?: unknown[];
}

/** Events the service dispatches, for typed `addEventListener`. */
export interface ReconnectingSocketEventMap {
  connectionStatus: CustomEvent<ConnectionStatusDetail>;
  error: CustomEvent<ErrorDetail>;
  message: CustomEvent<Message>;
  /** With `share: 'tabs'`: this tab took or gave up the socket (`socket.leader`). */
  leaderChange: CustomEvent<LeaderChangeDetail>;
}

export interface LeaderChangeDetail {
  /** True when this tab now holds the shared socket. */
  leader: boolean;
}
