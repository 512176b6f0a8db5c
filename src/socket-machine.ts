// The status machine behind ReconnectingSocket: opens one raw WebSocket at a time,
// authenticates, waits for the ready message, and after every loss decides whether and when to
// try again (backoff, at once, the cap), when to give up (`failed`) or to poll over HTTP.
import { advisedDelay, backoffDelay } from './backoff.js';
import { AUTH_REFUSALS, CloseCode, closeRule, retryAfter } from './close-codes.js';
import { Heartbeat } from './heartbeat.js';
import { resolveOptions } from './options.js';
import { Outbox } from './outbox.js';
import { parseFrame } from './parse.js';
import { Poller } from './polling.js';
import { RetryTimer } from './retry-timer.js';
import { SocketEvents, type Cause } from './socket-events.js';
import { TokenRefresh } from './token-refresh.js';
import { tokens } from './token-store.js';
import { detachTransport, OPEN, openTransport } from './transport.js';
import type {
  ErrorDetail,
  ErrorKind,
  MessageMap,
  ReconnectingSocketOptions,
  ResolvedOptions,
  WebSocketFactory,
  WebSocketLike,
} from './types.js';
import { pageHref, splitSocketUrl, withParams } from './url.js';

export abstract class SocketMachine<M extends MessageMap> extends SocketEvents<M> {
  /** The resolved `ws(s)://` URL, never with the token. */
  readonly url: string;
  /** The options with their defaults applied; the token is not among them. */
  readonly options: Readonly<ResolvedOptions>;
  protected readonly outbox: Outbox;
  protected readonly heartbeat: Heartbeat;
  protected readonly retry = new RetryTimer();
  protected ws: WebSocketLike | null = null;
  /** Why it stopped trying; decides what may restart it (auth: only updateToken() or connect()). */
  protected stopped: 'auth' | 'forbidden' | 'exhausted' | undefined;
  /** The page wants a connection (connect() called, disconnect() not since). */
  protected wanted = false;
  readonly #WebSocketClass: WebSocketFactory;
  readonly #random: () => number;
  #authed = true;
  #ready = true;
  #poller: Poller | undefined;
  readonly #refresh: TokenRefresh;
  /** A malformed `retry-after` is reported in the console once per socket. */
  #warnedAdvice = false;
  /**
   * Bumped whenever a socket is opened or everything halts: code that has just dispatched an
   * event can tell whether a listener (calling connect() or disconnect()) has taken over.
   */
  #epoch = 0;

  constructor(url: string, options?: ReconnectingSocketOptions) {
    super();
    const split = splitSocketUrl(url, pageHref());
    const resolved = resolveOptions(options);
    this.url = split.url;
    this.options = resolved.options;
    this.#WebSocketClass = resolved.WebSocket;
    this.#random = resolved.random;
    const token = resolved.token ?? split.token;
    if (token !== undefined) tokens.set(this, token);
    this.outbox = new Outbox(this.options.queueSize);
    this.#refresh = new TokenRefresh({
      tokenUrl: this.options.tokenUrl,
      refreshToken: resolved.refreshToken,
    });
    const { heartbeat, heartbeatInterval, heartbeatTimeout } = this.options;
    this.heartbeat = new Heartbeat(
      { mode: heartbeat, interval: heartbeatInterval, timeout: heartbeatTimeout },
      { send: (frame) => this.write(JSON.stringify(frame)), dead: (ms) => this.#onDead(ms) },
    );
  }

  /** Opens a socket (the first attempt, a retry, or a probe while polling). */
  protected open(): void {
    this.#epoch += 1;
    this.retry.clear();
    const token = tokens.get(this);
    const { auth, readyMessage } = this.options;
    this.#authed = auth !== 'message';
    this.#ready = readyMessage === undefined;
    if (this.current !== 'polling')
      this.setStatus(this.retries === 0 ? 'connecting' : 'reconnecting');
    if (!this.wanted || this.ws !== null) return; // a status listener changed its mind
    const url = auth === 'query' ? withParams(this.url, { token }) : this.url;
    try {
      // Handlers fall silent once this socket is no longer the current one.
      const ws = openTransport(this.#WebSocketClass, url);
      ws.onopen = () => ws === this.ws && this.#onOpen();
      ws.onmessage = (event) => ws === this.ws && this.#onFrame(event.data);
      ws.onclose = (event) => ws === this.ws && this.#onClose(event.code, event.reason);
      this.ws = ws;
      // The silence check starts now: a handshake that never completes is as dead as a mute peer.
      this.heartbeat.watch();
    } catch (error) {
      this.#reportThen(
        'network',
        `could not open a socket to ${this.url}: ${String(error)}`,
        {},
        () => this.#afterLoss({}),
      );
    }
  }

  #onOpen(): void {
    this.heartbeat.seen();
    if (this.#authed) this.heartbeat.beat();
    else this.write(JSON.stringify({ type: 'auth', token: tokens.get(this) ?? '' }));
    this.#settle();
  }

  /**
   * Turns `connected` once authenticated and ready; then sends the subscriptions, and after them
   * the outbox, in order: a frame queued offline may need the subscription (CONTRACT 0.2).
   */
  #settle(): void {
    if (
      !this.#authed ||
      !this.#ready ||
      this.current === 'connected' ||
      this.ws?.readyState !== OPEN
    )
      return;
    const previous = this.current;
    this.current = 'connected';
    this.#stopPolling();
    for (const text of this.subscriptions.texts()) this.write(text);
    for (const frame of this.outbox.drain()) this.write(frame.text);
    this.emitStatus(previous, {});
  }

  #onFrame(data: unknown): void {
    const message = parseFrame(data, this.options.maxMessageSize);
    this.heartbeat.seen(message);
    if (typeof message == 'string')
      return this.report('parse', `${message}; the frame was dropped`);
    // A server that speaks is alive: only now does the backoff start over. (A proxy that accepts
    // the upgrade in front of a mute backend would otherwise loop forever.)
    if (this.current === 'connected') this.retries = 0;
    if (AUTH_REFUSALS.has(message.type)) {
      const text = typeof message['message'] === 'string' ? `: ${message['message']}` : '';
      this.#refuse('auth', `the server refused the credentials (${message.type})${text}`);
    } else {
      if (message.type === 'auth_success' && !this.#authed) {
        this.#authed = true;
        this.heartbeat.beat();
      }
      if (message.type === this.options.readyMessage) this.#ready = true;
      this.#settle();
      // Re-armed by a connection the server accepted, not by one it opened and then refused.
      if (this.current === 'connected') this.#refresh.arm();
    }
    this.deliver(message);
  }

  #onClose(code: number, reason: string): void {
    this.#release();
    const rule = closeRule(code);
    if (rule.retry === 'never') return this.#refuse(rule.kind, `${rule.text} (code ${code})`, code);
    if (this.current === 'polling') return this.#poller?.probeLater(); // a failed probe: keep polling
    const advised = rule.advised ? this.#advice(reason) : undefined;
    this.#reportThen(rule.kind, `${rule.text} (code ${code})`, { code }, () =>
      this.#afterLoss(
        { code, reason },
        advised ?? (rule.retry === 'cap' ? this.options.maxReconnectDelay : undefined),
      ),
    );
  }

  /** The delay a `retry-after=N` in a close reason asks for; a malformed one is reported once. */
  #advice(reason: string): number | undefined {
    const seconds = retryAfter(reason);
    if (seconds === undefined) return undefined;
    if (Number.isNaN(seconds)) {
      if (!this.#warnedAdvice)
        console.warn(
          `ws-widgets: ignored a malformed retry-after in the close reason of ${this.url}: the backoff applies`,
        );
      this.#warnedAdvice = true;
      return undefined;
    }
    return advisedDelay(seconds, this.options.jitter, this.#random());
  }

  /** Silence past heartbeatTimeout: a dead peer never answers a closing handshake, so do not wait. */
  #onDead(silentMs: number): void {
    const opened = this.ws?.readyState === OPEN;
    this.#release(4000, 'heartbeat timeout');
    const ms = Math.round(silentMs);
    const text = opened ? `no frame for ${ms} ms` : `the socket did not open within ${ms} ms`;
    this.#reportThen('timeout', `${text}: the connection is dead`, {}, () =>
      this.#afterLoss({}, 0),
    );
  }

  /** Schedules the next retry (backoff, or `delay`), or gives up: `failed`, or `polling`. */
  #afterLoss(cause: Cause, delay?: number): void {
    if (!this.wanted) return;
    if (this.current === 'polling') return this.#poller?.probeLater();
    this.retries += 1;
    const max = this.options.maxReconnectAttempts;
    if (this.retries > max) {
      this.retries = max;
      const text = `gave up after ${max} ${max === 1 ? 'retry' : 'retries'}`;
      this.stopped = 'exhausted'; // a listener's connect() starts afresh
      return this.#reportThen('max-attempts', text, {}, () => {
        if (this.options.pollingUrl === undefined) return this.setStatus('failed', cause);
        this.stopped = undefined;
        this.#startPolling(this.options.pollingUrl, cause);
      });
    }
    const wait = delay ?? backoffDelay(this.retries, this.options, this.#random);
    // Armed before the event, so a listener calling disconnect() can cancel it.
    this.retry.schedule(wait, () => this.open());
    this.setStatus('reconnecting', { ...cause, delay: wait });
    if (wait === 0 && this.wanted && this.ws === null) this.open();
  }

  /**
   * Credentials or origin refused: stop, say why, and wait for updateToken() or connect(); unless
   * a token refresh is armed, which is tried once first.
   */
  #refuse(kind: 'auth' | 'forbidden', text: string, code?: number): void {
    this.halt();
    const extra = code === undefined ? {} : { code };
    const fresh = kind === 'auth' ? this.#refresh.take() : undefined;
    if (fresh) return this.#refreshThen(fresh, text, extra);
    this.stopped = kind;
    this.#reportThen(kind, text, extra, () => this.setStatus('failed', extra));
  }

  /** Waits for a fresh token, then reconnects at once; a failed refresh ends in `failed`. */
  #refreshThen(fresh: Promise<string>, text: string, extra: { code?: number }): void {
    const epoch = this.#epoch;
    // A listener's connect() or disconnect() meanwhile takes over (the epoch moves on).
    const current = () => epoch === this.#epoch && this.wanted && this.ws === null;
    this.retries += 1;
    this.setStatus('reconnecting', extra);
    fresh.then(
      (token) => {
        if (!current()) return;
        tokens.set(this, token);
        this.open();
      },
      (error: unknown) => {
        if (!current()) return;
        this.stopped = 'auth';
        const why = error instanceof Error ? error.message : String(error);
        this.#reportThen('auth', `${text}; the token refresh failed (${why})`, extra, () =>
          this.setStatus('failed', extra),
        );
      },
    );
  }

  /** Attempts are exhausted: poll over HTTP, probing the socket every maxReconnectDelay. */
  #startPolling(url: string, cause: Cause): void {
    // A token authenticates polls whatever the socket does with it; `cookie` leaves it to cookies.
    const bearer = this.options.auth !== 'cookie';
    this.#poller = new Poller(url, this.options, () => (bearer ? tokens.get(this) : undefined), {
      message: (message) => this.deliver(message),
      error: (kind, text, code) => this.report(kind, text, code ? { code } : {}),
      refused: (kind, code) => this.#refuse(kind, `polling was refused (HTTP ${code})`, code),
      probe: () => this.ws === null && this.open(),
    });
    this.setStatus('polling', cause);
    this.#poller.start();
  }

  #stopPolling(): void {
    this.#poller?.stop();
    this.#poller = undefined;
  }

  /** Reports an error, then goes on unless a listener called connect() or disconnect(). */
  #reportThen(kind: ErrorKind, text: string, extra: Partial<ErrorDetail>, then: () => void): void {
    const epoch = this.#epoch;
    this.report(kind, text, extra);
    if (epoch === this.#epoch) then();
  }

  /** Closes the socket (1000) and stops retries and polling. */
  protected halt(): void {
    this.#epoch += 1;
    this.#release(CloseCode.normal, 'client disconnect');
    this.retry.clear();
    this.#stopPolling();
  }

  /** Detaches the raw socket, closing it if asked, without waiting for its close event. */
  #release(code?: number, reason?: string): void {
    const ws = this.ws;
    this.ws = null;
    this.heartbeat.stop();
    if (ws !== null) detachTransport(ws, code, reason);
  }

  protected write(text: string): void {
    if (this.ws?.readyState === OPEN) this.ws.send(text);
  }
}
