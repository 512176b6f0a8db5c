// The connection state machine: opens the socket, authenticates, keeps it alive, decides after
// every close whether and when to try again, and reports all of it as events.
import { computeDelay } from './backoff.js';
import { closePolicy } from './close-codes.js';
import { Heartbeat } from './heartbeat.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { Outbox } from './outbox.js';
import { parseFrame } from './parse.js';
import { Poller } from './polling.js';
import { PageLifecycle } from './page-lifecycle.js';
import {
  ConnectionStatus,
  ErrorKind,
  type ConnectionStatusDetail,
  type ErrorDetail,
  type Message,
  type MessageMap,
  type MessageOf,
  type ReconnectingSocketEventMap,
  type ReconnectingSocketOptions,
  type WebSocketLike,
} from './types.js';
import { resolveHttpUrl, resolveSocketUrl, withParam } from './url.js';

const OPEN = 1;
const CONNECTING = 0;

type Listener<E> = ((event: E) => unknown) | { handleEvent(event: E): unknown } | null;

/**
 * A WebSocket that reconnects with jittered exponential backoff, detects dead connections by
 * heartbeat, queues frames while offline, authenticates, and falls back to HTTP polling.
 *
 * @example
 * interface Messages { alert_new: { alert: { id: string; severity: string } } }
 * const socket = new ReconnectingSocket<Messages>('/ws/noc/dashboard/', { token });
 * socket.addEventListener('connectionStatus', (e) => console.log(e.detail.status));
 * const off = socket.on('alert_new', (msg) => console.log(msg.alert.severity));
 * socket.connect();
 */
export class ReconnectingSocket<M extends MessageMap = Record<string, Record<string, unknown>>> extends EventTarget {
  /** The resolved `ws(s)://` URL, never with the token. */
  readonly url: string;
  readonly options: Readonly<ResolvedOptions>;

  private token: string | undefined;
  private ws: WebSocketLike | undefined;
  private _status: ConnectionStatus = ConnectionStatus.disconnected;
  private _attempt = 0;
  private _nextRetryAt: number | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private wanted = false; // the user asked for a connection (connect() without disconnect())
  private halted: ErrorKind | undefined; // auth/forbidden refusals stop retries until told otherwise
  private awaitingAuth = false;
  private awaitingReady = false;
  private readonly outbox: Outbox;
  private readonly heartbeat: Heartbeat;
  private readonly handlers = new Map<string, Set<(message: Message) => void>>();
  private readonly lifecycle: PageLifecycle;
  private poller: Poller | undefined;

  constructor(url: string, options: ReconnectingSocketOptions = {}) {
    super();
    this.url = resolveSocketUrl(url);
    this.options = Object.freeze(resolveOptions(options));
    if (this.options.pollingUrl) resolveHttpUrl(this.options.pollingUrl);
    this.token = options.token;
    this.outbox = new Outbox(this.options.queueSize);
    this.heartbeat = new Heartbeat({
      mode: this.options.heartbeat,
      interval: this.options.heartbeatInterval,
      timeout: this.options.heartbeatTimeout,
      send: (frame) => this.write(JSON.stringify(frame)),
      onDead: () => this.onDead(),
    });
    this.lifecycle = new PageLifecycle({
      online: () => this.retryNow(),
      visible: () => this.checkLiveness(),
      hide: () => this.suspend(),
      show: () => this.retryNow(),
    });
  }

  get status(): ConnectionStatus {
    return this._status;
  }
  /** 0 during the first attempt, n during the n-th retry after a drop. */
  get attempt(): number {
    return this._attempt;
  }
  /** ms, from `heartbeat_ack.latency_ms` or the measured ping round trip. */
  get latency(): number | undefined {
    return this.heartbeat.latency;
  }
  /** `Date.now()` time of the scheduled retry, while one is scheduled. */
  get nextRetryAt(): number | undefined {
    return this._nextRetryAt;
  }

  /** Opens the connection. A no-op while connecting or connected. */
  connect(): void {
    if (this.ws && (this.ws.readyState === CONNECTING || this.ws.readyState === OPEN)) return;
    this.wanted = true;
    this.halted = undefined;
    this.lifecycle.attach();
    this.stopPolling();
    this.open();
  }

  /** Closes with 1000 and stops every timer; queued frames are kept for a later `connect()`. */
  disconnect(): void {
    this.wanted = false;
    this.lifecycle.detach();
    this.stopPolling();
    this.clearRetry();
    this.drop(1000, 'client disconnect');
    this._attempt = 0;
    this.setStatus(ConnectionStatus.disconnected, { code: 1000 });
  }

  isConnected(): boolean {
    return this._status === ConnectionStatus.connected;
  }

  /**
   * Sends an object as JSON (a string goes as it is). Returns true when it went on the wire now,
   * false when it was queued for after the reconnect.
   */
  send(data: object | string): boolean {
    let frame: string | undefined;
    try {
      frame = typeof data === 'string' ? data : JSON.stringify(data);
    } catch (error) {
      throw new TypeError(`ws-widgets: send() needs JSON-serialisable data (${(error as Error).message})`);
    }
    if (typeof frame !== 'string') throw new TypeError('ws-widgets: send() needs an object or a string');
    if (this.isConnected() && this.write(frame)) return true;
    const dropped = this.outbox.push(frame);
    if (dropped.length > 0) {
      const types = dropped.map(describe).join(', ');
      this.emitError({
        kind: ErrorKind.queueOverflow,
        message: `offline queue is full (${this.options.queueSize}); dropped the oldest ${dropped.length} frame(s): ${types}`,
        dropped: dropped.map(decode),
      });
    }
    return false;
  }

  /** Uses `token` from the next attempt on; after an auth refusal, tries again at once. */
  updateToken(token: string): void {
    this.token = token;
    if (this.halted === ErrorKind.auth && this.wanted) {
      this.halted = undefined;
      this._attempt = 0;
      this.open();
    }
  }

  /** Calls `handler` for every message of `type`; returns the unsubscribe function. */
  on<K extends keyof M & string>(type: K, handler: (message: MessageOf<M, K>) => void): () => void {
    const set = this.handlers.get(type) ?? new Set();
    const h = handler as unknown as (message: Message) => void;
    set.add(h);
    this.handlers.set(type, set);
    return () => void set.delete(h);
  }

  override addEventListener<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: Listener<ReconnectingSocketEventMap[K]>,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: Listener<never>, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  override removeEventListener<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: Listener<ReconnectingSocketEventMap[K]>,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: Listener<never>, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject | null, options);
  }

  // --- the attempt -------------------------------------------------------------------------

  private open(): void {
    this.clearRetry();
    const polling = Boolean(this.poller?.active);
    if (!polling) {
      this.setStatus(this._attempt === 0 ? ConnectionStatus.connecting : ConnectionStatus.reconnecting);
    }
    let url = this.url;
    if (this.options.auth === 'query' && this.token !== undefined) url = withParam(url, 'token', this.token);
    const Impl = this.options.WebSocket ?? (globalThis.WebSocket as unknown as ReconnectingSocketOptions['WebSocket']);
    if (!Impl) throw new TypeError('ws-widgets: no WebSocket implementation; pass options.WebSocket in Node');
    let ws: WebSocketLike;
    try {
      ws = new Impl(url);
    } catch {
      // The constructor's own message could contain the URL, and so the token: report our own.
      this.emitError({ kind: ErrorKind.network, message: `could not open a socket to ${this.url}` });
      this.afterClose(1006, '');
      return;
    }
    this.ws = ws;
    this.awaitingAuth = this.options.auth === 'message' && this.token !== undefined;
    this.awaitingReady = this.options.readyMessage !== undefined;
    ws.onopen = () => {
      this.heartbeat.start();
      if (this.awaitingAuth) this.write(JSON.stringify({ type: 'auth', token: this.token }));
      this.maybeReady();
    };
    ws.onmessage = (event) => this.receive(event.data);
    ws.onerror = () => undefined; // the close event that follows carries what we need
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.detach();
      this.afterClose(event.code, event.reason);
    };
  }

  private maybeReady(): void {
    if (this.awaitingAuth || this.awaitingReady || this.ws?.readyState !== OPEN) return;
    this.stopPolling();
    this._attempt = 0;
    this.setStatus(ConnectionStatus.connected);
    for (const frame of this.outbox.drain()) this.write(frame);
  }

  private receive(data: unknown): void {
    this.heartbeat.seen();
    const result = parseFrame(data, this.options.maxMessageSize);
    if ('problem' in result) {
      this.emitError({ kind: ErrorKind.parse, message: result.problem });
      return;
    }
    this.handle(result.message);
  }

  /** One parsed message, from the socket or from polling. */
  private handle(message: Message): void {
    this.heartbeat.seen(message);
    const type = message.type;
    if (type === 'authentication_error' || type === 'auth_failed') {
      this.refuse(ErrorKind.auth, textOf(message.message, 'the server refused the credentials'));
    } else if (type === 'auth_success' && this.awaitingAuth) {
      this.awaitingAuth = false;
      this.maybeReady();
    } else if (type === this.options.readyMessage && this.awaitingReady) {
      this.awaitingReady = false;
      this.maybeReady();
    } else if (type === 'error') {
      const code = typeof message.code === 'number' || typeof message.code === 'string' ? message.code : undefined;
      this.emitError({ kind: ErrorKind.server, message: textOf(message.message, 'the server refused a request'), code });
    }
    this.dispatchEvent(new CustomEvent('message', { detail: message }));
    for (const handler of [...(this.handlers.get(type) ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        // A page's handler must not break the socket; surface the error the way EventTarget does.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  private afterClose(code: number, reason: string): void {
    this.heartbeat.stop();
    if (!this.wanted || this.halted) return;
    if (this.poller?.active) {
      this.scheduleProbe();
      return;
    }
    const policy = closePolicy(code);
    if (!policy.reconnect && policy.kind) {
      this.refuse(policy.kind, policy.message ?? 'refused', code, reason);
      return;
    }
    if (code !== 1000 && code !== 1001 && policy.kind) {
      this.emitError({ kind: policy.kind, message: policy.message ?? 'connection lost', code });
    }
    this.scheduleRetry(policy.throttled ? this.options.maxReconnectDelay : undefined, code, reason);
  }

  /** Stops for good (until updateToken() or connect()): credentials or origin refused. */
  private refuse(kind: ErrorKind, message: string, code?: number, reason?: string): void {
    if (this.halted) return;
    this.halted = kind;
    this.clearRetry();
    this.drop(1000, 'refused');
    this.emitError({ kind, message, ...(code !== undefined ? { code } : {}) });
    this.setStatus(ConnectionStatus.failed, { code, reason });
  }

  private scheduleRetry(fixedDelay?: number, code?: number, reason?: string): void {
    this._attempt += 1;
    if (this._attempt > this.options.maxReconnectAttempts) {
      this._attempt = this.options.maxReconnectAttempts;
      this.emitError({
        kind: ErrorKind.maxAttempts,
        message: `gave up after ${this.options.maxReconnectAttempts} reconnect attempt(s)`,
      });
      if (this.options.pollingUrl) this.startPolling();
      else this.setStatus(ConnectionStatus.failed, { code, reason });
      return;
    }
    const delay = fixedDelay ?? computeDelay(this._attempt, this.options, this.options.random);
    this._nextRetryAt = Date.now() + delay;
    this.retryTimer = setTimeout(() => this.open(), delay);
    this.setStatus(ConnectionStatus.reconnecting, { delay, code, reason });
  }

  /** Heartbeat silence: close without waiting for a handshake a dead peer never answers. */
  private onDead(): void {
    this.emitError({
      kind: ErrorKind.timeout,
      message: `no frame for ${this.options.heartbeatTimeout} ms; the connection is presumed dead`,
    });
    this.drop(4000, 'heartbeat timeout');
    if (this.poller?.active) return this.scheduleProbe();
    this.scheduleRetry(0);
  }

  // --- page lifecycle ----------------------------------------------------------------------

  /** The network came back or the page was restored: skip any remaining wait. */
  private retryNow(): void {
    if (!this.wanted || this.halted) return;
    if (this.ws && (this.ws.readyState === CONNECTING || this.ws.readyState === OPEN)) return;
    if (this._status === ConnectionStatus.failed) this._attempt = 0;
    this.open();
  }

  /** A hidden tab became visible: its timers were throttled, so judge by the wall clock. */
  private checkLiveness(): void {
    if (this.ws?.readyState === OPEN) {
      if (this.heartbeat.isStale()) this.onDead();
      else this.heartbeat.beat();
    } else if (this._nextRetryAt !== undefined && Date.now() >= this._nextRetryAt) {
      this.retryNow();
    }
  }

  /** The page is going away (or into the back-forward cache): close, but remember we want to be open. */
  private suspend(): void {
    this.clearRetry();
    this.drop(1000, 'page hidden');
    this.setStatus(ConnectionStatus.disconnected, { code: 1000 });
  }

  // --- polling -----------------------------------------------------------------------------

  private startPolling(): void {
    let url = resolveHttpUrl(this.options.pollingUrl ?? '');
    if (this.options.auth === 'query' && this.token !== undefined) url = withParam(url, 'token', this.token);
    this.poller = new Poller({
      url,
      interval: this.options.pollingInterval,
      onFrames: (frames) => frames.forEach((frame) => this.receive(safeStringify(frame))),
      onError: (message) => this.emitError({ kind: ErrorKind.network, message: `polling failed: ${message}` }),
    });
    this.poller.start();
    this.setStatus(ConnectionStatus.polling);
    this.scheduleProbe();
  }

  /** While polling, try the socket again every max-reconnect-delay. */
  private scheduleProbe(): void {
    this.clearRetry();
    this._nextRetryAt = Date.now() + this.options.maxReconnectDelay;
    this.retryTimer = setTimeout(() => this.open(), this.options.maxReconnectDelay);
  }

  private stopPolling(): void {
    this.poller?.stop();
    this.poller = undefined;
  }

  // --- plumbing ----------------------------------------------------------------------------

  private write(frame: string): boolean {
    if (this.ws?.readyState !== OPEN) return false;
    this.ws.send(frame);
    return true;
  }

  private detach(): void {
    const ws = this.ws;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    this.ws = undefined;
  }

  /** Forgets the current socket and closes it; its close event is no longer ours. */
  private drop(code: number, reason: string): void {
    const ws = this.ws;
    this.detach();
    this.heartbeat.stop();
    if (!ws) return;
    try {
      ws.close(code, reason);
    } catch {
      ws.close();
    }
  }

  private clearRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this._nextRetryAt = undefined;
  }

  private setStatus(status: ConnectionStatus, extra: Partial<ConnectionStatusDetail> = {}): void {
    const previous = this._status;
    this._status = status;
    const detail: ConnectionStatusDetail = { status, previous, attempt: this._attempt };
    if (extra.delay !== undefined) detail.delay = extra.delay;
    if (extra.code !== undefined) detail.code = extra.code;
    if (extra.reason) detail.reason = extra.reason;
    this.dispatchEvent(new CustomEvent('connectionStatus', { detail }));
  }

  private emitError(detail: ErrorDetail): void {
    this.dispatchEvent(new CustomEvent('error', { detail }));
  }
}

function textOf(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function decode(frame: string): unknown {
  try {
    return JSON.parse(frame);
  } catch {
    return frame;
  }
}

function describe(frame: string): string {
  const value = decode(frame) as { type?: unknown; action?: unknown } | string;
  if (typeof value === 'object' && value) return String(value.type ?? value.action ?? 'frame');
  return 'text frame';
}

function safeStringify(frame: unknown): string | undefined {
  try {
    return JSON.stringify(frame);
  } catch {
    return undefined;
  }
}
