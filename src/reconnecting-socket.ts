// The reconnecting socket: owns at most one raw WebSocket at a time and runs the status machine
// (open, authenticate, wait for the ready message, drop, back off, give up or poll, come back),
// reporting through `connectionStatus`, `error` and `message` events.
import { backoffDelay } from './backoff.js';
import { AUTH_REFUSALS, CloseCode, closeRule } from './close-codes.js';
import { Heartbeat } from './heartbeat.js';
import { resolveOptions } from './options.js';
import { describeFrames, Outbox } from './outbox.js';
import { watchPage } from './page-lifecycle.js';
import { parseFrame } from './parse.js';
import { Poller } from './polling.js';
import { SocketEvents, type Cause, type DefaultMessages } from './socket-events.js';
import { RetryTimer } from './retry-timer.js';
import { tokens } from './token-store.js';
import { detachTransport, OPEN, openTransport } from './transport.js';
import type {
  MessageMap,
  ReconnectingSocketOptions,
  ResolvedOptions,
  WebSocketFactory,
  WebSocketLike,
} from './types.js';
import { pageHref, splitSocketUrl, withParams } from './url.js';

/**
 * A WebSocket that reconnects with backoff, keeps itself alive with heartbeats, authenticates,
 * queues what is sent while offline, and falls back to HTTP polling. An `EventTarget` with the
 * events `connectionStatus`, `error` and `message`; `on(type)` is typed by the message map `M`.
 * @example
 * interface Messages { alert_new: { alert: { id: string; severity: string } } }
 * const socket = new ReconnectingSocket<Messages>('/ws/noc/dashboard/', { token, readyMessage: 'connection_established' });
 * socket.addEventListener('connectionStatus', (e) => console.log(e.detail.status));
 * socket.on('alert_new', (msg) => console.log(msg.alert.severity));
 * socket.connect();
 */
export class ReconnectingSocket<M extends MessageMap = DefaultMessages> extends SocketEvents<M> {
  /** The resolved `ws(s)://` URL, never with the token. */
  readonly url: string;
  /** The options with their defaults applied; the token is not among them. */
  readonly options: Readonly<ResolvedOptions>;
  private readonly WebSocketClass: WebSocketFactory;
  private readonly random: () => number;
  private readonly outbox: Outbox;
  private readonly heartbeat: Heartbeat;
  private ws: WebSocketLike | null = null;
  private readonly retry = new RetryTimer();
  /** Why it stopped trying; decides what may restart it (auth: only updateToken() or connect()). */
  private stopped: 'auth' | 'forbidden' | 'exhausted' | undefined;
  /** The page wants a connection (connect() called, disconnect() not since). */
  private wanted = false;
  private resumeOnShow = false;
  private authed = true;
  private ready = true;
  private poller: Poller | undefined;
  private unwatch: (() => void) | undefined;

  constructor(url: string, options?: ReconnectingSocketOptions) {
    super();
    const split = splitSocketUrl(url, pageHref());
    const resolved = resolveOptions(options);
    this.url = split.url;
    this.options = resolved.options;
    this.WebSocketClass = resolved.WebSocket;
    this.random = resolved.random;
    const token = resolved.token ?? split.token;
    if (token !== undefined) tokens.set(this, token);
    this.outbox = new Outbox(this.options.queueSize);
    const { heartbeat, heartbeatInterval, heartbeatTimeout } = this.options;
    this.heartbeat = new Heartbeat(
      { mode: heartbeat, interval: heartbeatInterval, timeout: heartbeatTimeout },
      { send: (frame) => this.write(JSON.stringify(frame)), dead: (ms) => this.onDead(ms) },
    );
  }

  /** Latency in ms, from `heartbeat_ack.latency_ms` or the measured ping→pong round trip. */
  get latency(): number | undefined {
    return this.heartbeat.latency;
  }

  /** `Date.now()`-based time of the scheduled retry, while one is scheduled. */
  get nextRetryAt(): number | undefined {
    return this.retry.at;
  }

  /** Opens the socket. A no-op while connecting or open; after `failed` it starts afresh. */
  connect(): void {
    this.wanted = true;
    this.resumeOnShow = false;
    this.unwatch ??= watchPage({
      online: () => this.onOnline(),
      offline: () => this.probe(),
      visible: () => this.onVisible(),
      pagehide: () => this.onPageHide(),
      pageshow: (persisted) => {
        if (persisted && this.resumeOnShow) this.connect();
      },
    });
    if (this.ws !== null) return; // never two sockets
    // While polling, connect() probes the socket now; polling serves until the socket opens.
    if (this.current !== 'reconnecting' && this.current !== 'polling') this.retries = 0;
    this.stopped = undefined;
    this.open();
  }

  /** Closes the socket with 1000 (quietly: no reconnect) and stops every timer. */
  disconnect(): void {
    this.wanted = false;
    this.resumeOnShow = false;
    this.unwatch?.();
    this.unwatch = undefined;
    this.halt();
    this.retries = 0;
    this.stopped = undefined;
    if (this.current !== 'disconnected') this.setStatus('disconnected');
  }

  /**
   * Sends an object (as JSON) or a string. Returns true when it is on the wire now, false when it
   * was queued until the connection is back (or dropped: see the `queue-overflow` error).
   */
  send(data: object | string): boolean {
    if (typeof data !== 'string' && (typeof data !== 'object' || data === null)) {
      throw new TypeError('ReconnectingSocket.send: data must be an object or a string');
    }
    let text: string;
    try {
      text = typeof data === 'string' ? data : JSON.stringify(data);
    } catch (error) {
      throw new TypeError(
        `ReconnectingSocket.send: data is not JSON-serialisable (${String(error)})`,
      );
    }
    if (this.isConnected()) {
      this.write(text);
      return true;
    }
    const dropped = this.outbox.push({ text, data });
    if (dropped.length > 0) {
      const what = describeFrames(dropped);
      const message = `the outbox is full (queueSize ${this.options.queueSize}): dropped the oldest frame(s): ${what}`;
      this.report('queue-overflow', message, { dropped: dropped.map((frame) => frame.data) });
    }
    return false;
  }

  /** True when the status is `connected` and the socket is open. */
  isConnected(): boolean {
    return this.current === 'connected' && this.ws?.readyState === OPEN;
  }

  /** Sets the token the next attempt uses; after a refusal of the credentials, reconnects now. */
  updateToken(token: string): void {
    if (typeof token !== 'string')
      throw new TypeError('ReconnectingSocket.updateToken: token must be a string');
    if (token === '') tokens.delete(this);
    else tokens.set(this, token);
    if (this.stopped === 'auth') this.connect();
  }

  private open(): void {
    this.retry.clear();
    const token = tokens.get(this);
    const { auth, readyMessage } = this.options;
    this.authed = auth !== 'message';
    this.ready = readyMessage === undefined;
    if (this.current !== 'polling')
      this.setStatus(this.retries === 0 ? 'connecting' : 'reconnecting');
    if (!this.wanted || this.ws !== null) return; // a status listener changed its mind
    const url = auth === 'query' ? withParams(this.url, { token }) : this.url;
    const events = {
      open: () => this.onOpen(),
      frame: (data: unknown) => this.onFrame(data),
      close: (code: number, reason: string) => this.onClose(code, reason),
    };
    try {
      this.ws = openTransport(this.WebSocketClass, url, events, (ws) => ws === this.ws);
      // The silence check starts now: a handshake that never completes is as dead as a mute peer.
      this.heartbeat.watch();
    } catch (error) {
      this.report('network', `could not open a socket to ${this.url}: ${String(error)}`);
      this.afterLoss({});
    }
  }

  private onOpen(): void {
    this.heartbeat.seen();
    if (this.authed) this.heartbeat.beat();
    else this.write(JSON.stringify({ type: 'auth', token: tokens.get(this) ?? '' }));
    this.settle();
  }

  /** Turns `connected` once authenticated and ready; then flushes the outbox, in order. */
  private settle(): void {
    if (!this.authed || !this.ready || this.current === 'connected' || this.ws?.readyState !== OPEN)
      return;
    const previous = this.current;
    this.current = 'connected';
    this.stopPolling();
    for (const frame of this.outbox.drain()) this.write(frame.text);
    this.emitStatus(previous, {});
  }

  private onFrame(data: unknown): void {
    this.heartbeat.seen();
    const result = parseFrame(data, this.options.maxMessageSize);
    if (!result.ok) return this.report('parse', `${result.reason}; the frame was dropped`);
    const message = result.message;
    this.heartbeat.seen(message);
    // A server that speaks is alive: only now does the backoff start over. (A proxy that accepts
    // the upgrade in front of a mute backend would otherwise loop forever.)
    if (this.current === 'connected') this.retries = 0;
    if (AUTH_REFUSALS.has(message.type)) {
      const text = typeof message['message'] === 'string' ? `: ${message['message']}` : '';
      this.refuse('auth', `the server refused the credentials (${message.type})${text}`);
    } else {
      if (message.type === 'auth_success' && !this.authed) {
        this.authed = true;
        this.heartbeat.beat();
      }
      if (message.type === this.options.readyMessage) this.ready = true;
      this.settle();
    }
    this.deliver(message);
  }

  private onClose(code: number, reason: string): void {
    this.release();
    const rule = closeRule(code);
    if (rule.retry === 'never') return this.refuse(rule.kind, `${rule.text} (code ${code})`, code);
    if (this.current === 'polling') return this.poller?.probeLater(); // a failed probe: keep polling
    this.report(rule.kind, `${rule.text} (code ${code})`, { code });
    this.afterLoss(
      { code, reason },
      rule.retry === 'cap' ? this.options.maxReconnectDelay : undefined,
    );
  }

  /** Silence past heartbeatTimeout: a dead peer never answers a closing handshake, so do not wait. */
  private onDead(silentMs: number): void {
    const opened = this.ws?.readyState === OPEN;
    this.release(4000, 'heartbeat timeout');
    const ms = Math.round(silentMs);
    const text = opened ? `no frame for ${ms} ms` : `the socket did not open within ${ms} ms`;
    this.report('timeout', `${text}: the connection is dead`);
    this.afterLoss({}, 0);
  }

  /** Schedules the next retry (backoff, or `delay`), or gives up: `failed`, or `polling`. */
  private afterLoss(cause: Cause, delay?: number): void {
    if (!this.wanted) return;
    if (this.current === 'polling') return this.poller?.probeLater();
    this.retries += 1;
    const max = this.options.maxReconnectAttempts;
    if (this.retries > max) {
      this.retries = max;
      this.report('max-attempts', `gave up after ${max} ${max === 1 ? 'retry' : 'retries'}`);
      if (this.options.pollingUrl !== undefined)
        return this.startPolling(this.options.pollingUrl, cause);
      this.stopped = 'exhausted';
      return this.setStatus('failed', cause);
    }
    const wait = delay ?? backoffDelay(this.retries, this.options, this.random);
    // Armed before the event, so a listener calling disconnect() can cancel it.
    this.retry.schedule(wait, () => this.open());
    this.setStatus('reconnecting', { ...cause, delay: wait });
    if (wait === 0 && this.wanted && this.ws === null) this.open();
  }

  /** Credentials or origin refused: stop, say why, and wait for updateToken() or connect(). */
  private refuse(kind: 'auth' | 'forbidden', text: string, code?: number): void {
    this.halt();
    this.stopped = kind;
    this.report(kind, text, code === undefined ? {} : { code });
    this.setStatus('failed', code === undefined ? {} : { code });
  }

  /** Attempts are exhausted: poll over HTTP, probing the socket every maxReconnectDelay. */
  private startPolling(url: string, cause: Cause): void {
    const o = this.options;
    const token = (): string | undefined => (o.auth === 'query' ? tokens.get(this) : undefined);
    const config = { url, interval: o.pollingInterval, probeInterval: o.maxReconnectDelay, token };
    this.poller = new Poller(
      { ...config, maxMessageSize: o.maxMessageSize },
      {
        message: (message) => this.deliver(message),
        error: (kind, text, code) => this.report(kind, text, code === undefined ? {} : { code }),
        refused: (kind, code) => this.refuse(kind, `polling was refused (HTTP ${code})`, code),
        probe: () => this.ws === null && this.open(),
      },
    );
    this.setStatus('polling', cause);
    this.poller.start();
  }

  private stopPolling(): void {
    this.poller?.stop();
    this.poller = undefined;
  }

  /** The network is back: retry now instead of waiting out the backoff. */
  private onOnline(): void {
    if (!this.wanted) return;
    if (this.ws !== null) return this.probe();
    if (this.retry.pending || this.current === 'polling') this.open();
    else if (this.stopped === 'exhausted') this.connect();
  }

  /** The tab is visible again: its timers may have been throttled, so check by the wall clock. */
  private onVisible(): void {
    if (!this.wanted) return;
    if (this.ws !== null) return this.probe();
    if (this.retry.overdue) this.open();
  }

  private probe(): void {
    if (this.ws?.readyState === OPEN) this.heartbeat.probe();
  }

  /** Closing the tab closes the socket; coming back from the back/forward cache reopens it. */
  private onPageHide(): void {
    if (!this.wanted) return;
    this.halt();
    this.wanted = false;
    this.resumeOnShow = true;
    this.setStatus('disconnected');
  }

  private halt(): void {
    this.release(CloseCode.normal, 'client disconnect');
    this.retry.clear();
    this.stopPolling();
  }

  /** Detaches the raw socket, closing it if asked, without waiting for its close event. */
  private release(code?: number, reason?: string): void {
    const ws = this.ws;
    this.ws = null;
    this.heartbeat.stop();
    if (ws !== null) detachTransport(ws, code, reason);
  }

  private write(text: string): void {
    if (this.ws?.readyState === OPEN) this.ws.send(text);
  }
}
