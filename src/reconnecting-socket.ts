// The public face of the core: composes the Connection (the raw socket and its handshake), the
// ConnectionMonitor (when it is dead, when to retry), the Subscriptions (frames sent on every
// connect, handlers by type), the outbox and the polling fallback; keeps the one State and
// makes the world match it after every transition; owns the three events. What differs in a tab
// that follows another tab's socket (`share: 'tabs'`) is behind one seam, its role (socket-role.ts).
import { CloseCode } from './close-codes.js';
import { Connection } from './connection.js';
import { ConnectionMonitor } from './connection-monitor.js';
import { resolveOptions } from './options.js';
import { describeFrames, encode, Outbox } from './outbox.js';
import { Poller } from './polling.js';
import { SocketEventTarget, type DefaultMessages } from './socket-events.js';
import {
  announces,
  holdsSocket,
  INITIAL,
  statusOf,
  transition,
  type MachineConfig,
  type SocketEvent,
  type State,
} from './state.js';
import { canShareTabs, shareTabs, type SocketRole } from './socket-role.js';
import { frameText, Subscriptions, type SubscriptionFrame } from './subscriptions.js';
import { freshToken, type TokenSource } from './token-refresh.js';
import { tokens } from './token-store.js';
import type {
  ConnectionStatus,
  ConnectionStatusDetail,
  ErrorDetail,
  ErrorKind,
  Message,
  MessageMap,
  MessageOf,
  ReconnectingSocketOptions,
  ResolvedOptions,
} from './types.js';
import { pageHref, splitSocketUrl } from './url.js';

/** What a status change carries besides the status. */
interface Cause {
  delay?: number;
  code?: number;
  reason?: string;
}

/** An error to report on the way into a state. */
type Report = [kind: ErrorKind, message: string, extra?: Partial<ErrorDetail>];

/**
 * A WebSocket that reconnects with backoff, keeps itself alive with heartbeats, authenticates,
 * queues what is sent while offline, and falls back to HTTP polling. An `EventTarget` with the
 * events `connectionStatus`, `error` and `message`; `on(type)` is typed by the message map `M`.
 * Throws a `TypeError` or `RangeError` on a bad URL or option (never quoting the token).
 * @example
 * interface Messages { alert_new: { alert: { id: string; severity: string } } }
 * const socket = new ReconnectingSocket<Messages>('/ws/noc/dashboard/', { token, readyMessage: 'connection_established' });
 * socket.addEventListener('connectionStatus', (e) => console.log(e.detail.status));
 * socket.on('alert_new', (msg) => console.log(msg.alert.severity));
 * socket.connect();
 */
export class ReconnectingSocket<M extends MessageMap = DefaultMessages> extends SocketEventTarget {
  /** The resolved `ws(s)://` URL, never with the token. */
  readonly url: string;
  /** The options with their defaults applied; the token is not among them. */
  readonly options: Readonly<ResolvedOptions>;
  readonly #connection: Connection;
  readonly #monitor: ConnectionMonitor;
  readonly #subscriptions = new Subscriptions();
  readonly #outbox: Outbox;
  readonly #poller: Poller;
  readonly #config: MachineConfig;
  readonly #tokenSource: TokenSource;
  #state: State = INITIAL;
  /** The status last announced: the `previous` of the next announcement. */
  #announced: ConnectionStatus = 'disconnected';
  /** The refusal a token refresh answers, for the error if the refresh fails. */
  #refusal: { text: string; extra: { code?: number } } = { text: '', extra: {} };
  /** What runs the connection shown (socket-role.ts): the own machine, or the tab share's role. */
  #role: SocketRole;

  constructor(url: string, options?: ReconnectingSocketOptions) {
    super();
    const split = splitSocketUrl(url, pageHref());
    const resolved = resolveOptions(options);
    const o = (this.options = resolved.options);
    this.url = split.url;
    const token = resolved.token ?? split.token;
    if (token !== undefined) tokens.set(this, token);
    this.#outbox = new Outbox(o.queueSize);
    this.#tokenSource = { tokenUrl: o.tokenUrl, refreshToken: resolved.refreshToken };
    this.#config = {
      maxReconnectAttempts: o.maxReconnectAttempts,
      polling: o.pollingUrl !== undefined,
      refresh: o.tokenUrl !== undefined || resolved.refreshToken !== undefined,
    };
    const monitor = (this.#monitor = new ConnectionMonitor(o, resolved.random, {
      heartbeat: (frame) => this.#connection.write(JSON.stringify(frame)),
      dead: (ms) => this.#onDead(ms),
      due: () => this.#dispatch({ type: 'due' }),
      online: () => (this.#connection.active ? this.#probe() : this.#dispatch({ type: 'online' })),
      offline: () => this.#probe(),
      // Timers of a hidden tab are throttled: the wall clock says whether the retry is overdue.
      visible: () => {
        if (this.#connection.active) this.#probe();
        else if (monitor.overdue) this.#dispatch({ type: 'due' });
      },
      pagehide: () => this.#dispatch({ type: 'pagehide' }),
      pageshow: (persisted) => persisted && this.#dispatch({ type: 'pageshow' }),
    }));
    this.#connection = new Connection(resolved.WebSocket, o, {
      heard: (frame) => monitor.heard(frame),
      authenticated: () => monitor.beat(),
      ready: () => this.#dispatch({ type: 'ready' }),
      message: (message) => this.#onMessage(message),
      invalid: (reason) => this.report('parse', `${reason}; the frame was dropped`),
      refused: (text) => this.#refuse('auth', text),
      closed: (code, reason) => this.#onClosed(code, reason),
    });
    this.#poller = new Poller(o, () => tokens.get(this), {
      message: (message) => this.#deliver(message),
      error: (kind, text, code) => this.report(kind, text, code ? { code } : {}),
      refused: (kind, code) => this.#refuse(kind, `polling was refused (HTTP ${code})`, code),
      probe: () => this.#dispatch({ type: 'due' }),
    });
    const own: SocketRole = (this.#role = {
      state: () => ({
        status: statusOf(this.#state),
        attempt: this.#state.attempt,
        latency: monitor.latency,
        retryAt: monitor.nextRetryAt,
      }),
      connect: () => {
        monitor.watchPage();
        this.#dispatch({ type: 'connect' });
      },
      disconnect: () => {
        monitor.unwatchPage();
        this.#dispatch({ type: 'disconnect' });
      },
      isConnected: () => this.#state.phase === 'connected' && this.#connection.open,
      send: (text) => own.isConnected() && this.#connection.write(text),
      subscribe: (text) => own.send(text),
      // A tab that said `connecting` while it waited to know who leads does not say it twice.
      announce: (detail) => {
        if (detail.status !== 'connecting' || detail.previous !== 'connecting') this.#show(detail);
      },
    });
    // A stand-in role until the tab share has loaded, then the role it gives (socket-role.ts).
    if (o.share === 'tabs' && canShareTabs())
      shareTabs(this.url, token, o, (role) => (this.#role = role), {
        own,
        target: this,
        announced: () => this.#announced,
        show: (detail, status) => this.#show(detail, status),
        emit: (type, detail) => this.emit(type, detail),
        deliver: (message) => this.#deliver(message),
        subscriptions: this.#subscriptions,
        outbox: this.#outbox,
      });
  }

  /**
   * With `share: 'tabs'`: true while this tab holds the socket the other tabs share; false in a
   * follower, before the election, and when the socket is not shared across tabs.
   */
  get leader(): boolean {
    return this.#role.leader === true;
  }

  /** The current status: `connecting`, `connected`, `reconnecting`, `disconnected`, `failed` or `polling`. */
  get status(): ConnectionStatus {
    return this.#role.state().status;
  }

  /** 0 on the first attempt, n on the n-th retry after a drop. */
  get attempt(): number {
    return this.#role.state().attempt;
  }

  /** Latency in ms, from `heartbeat_ack.latency_ms` or the measured ping→pong round trip. */
  get latency(): number | undefined {
    return this.#role.state().latency;
  }

  /** `Date.now()`-based time of the scheduled retry, while one is scheduled. */
  get nextRetryAt(): number | undefined {
    return this.#role.state().retryAt;
  }

  /** Opens the socket. A no-op while connecting or open; after `failed` it starts afresh. */
  connect(): void {
    this.#role.connect();
  }

  /** Closes the socket with 1000 (quietly: no reconnect) and stops every timer. */
  disconnect(): void {
    this.#role.disconnect();
  }

  /**
   * Sends an object (as JSON) or a string. Returns true when it is on the wire now, false when it
   * was queued until the connection is back (or dropped: see the `queue-overflow` error).
   */
  send(data: object | string): boolean {
    const text = encode(data);
    if (this.#role.send(text)) return true;
    const dropped = this.#outbox.push({ text, data });
    if (dropped.length > 0) {
      const what = describeFrames(dropped);
      const message = `the outbox is full (queueSize ${this.options.queueSize}): dropped the oldest frame(s): ${what}`;
      this.report('queue-overflow', message, { dropped: dropped.map((frame) => frame.data) });
    }
    return false;
  }

  /**
   * Registers a frame to send on every connect: after authentication and the ready message,
   * before anything queued while offline; at once too when connected now. A function is asked
   * for the frame each time (return undefined to send nothing). Returns the unsubscribe function,
   * which only stops the re-sending: tell the server yourself if it keeps state.
   * @example
   * const off = socket.subscribe({ type: 'subscribe_client', client_id: 'acme' });
   * // later
   * off();
   */
  subscribe(frame: SubscriptionFrame): () => void {
    const off = this.#subscriptions.add(frame);
    if (this.isConnected()) {
      const text = frameText(frame);
      if (text !== undefined) this.#role.subscribe(text);
    }
    return off;
  }

  /**
   * Calls `handler` with every message of type `type` (typed by the message map); returns the
   * function that unsubscribes it. One function subscribed twice is called twice.
   * @example
   * const off = socket.on('alert_new', (msg) => console.log(msg.alert.severity));
   * off();
   */
  on<K extends keyof M & string>(type: K, handler: (message: MessageOf<M, K>) => void): () => void {
    if (typeof type != 'string' || typeof handler != 'function')
      throw new TypeError('ReconnectingSocket.on: type must be a string, handler a function');
    return this.#subscriptions.on(type, handler as (message: Message) => void);
  }

  /** True when the status is `connected` and the socket is open. */
  isConnected(): boolean {
    return this.#role.isConnected();
  }

  /** Sets the token the next attempt uses; after a refusal of the credentials, reconnects now. */
  updateToken(token: string): void {
    if (typeof token !== 'string')
      throw new TypeError('ReconnectingSocket.updateToken: token must be a string');
    if (token === '') tokens.delete(this);
    else tokens.set(this, token);
    this.#dispatch({ type: 'tokenUpdated' });
  }

  /** Runs one event through the transition function and makes the world match. */
  #dispatch(
    event: SocketEvent,
    cause: Cause = {},
    given: Report[] | ((next: State) => Report[]) = [],
  ): void {
    const prev = this.#state;
    const next = transition(prev, event, this.#config);
    const reports = typeof given == 'function' ? given(next) : given;
    if (event.type === 'lost') {
      // A retry at once is announced once, with no wait (not as scheduled, then begun).
      if (next.phase === 'opening') cause = { ...cause, delay: 0 };
      const exhausted = next.phase === 'polling' || next.phase === 'failed';
      if (exhausted && prev.phase !== 'polling') {
        const max = this.options.maxReconnectAttempts;
        reports.push(['max-attempts', `gave up after ${max} ${max === 1 ? 'retry' : 'retries'}`]);
      }
    }
    if (next !== prev || reports.length > 0) this.#enter(prev, next, cause, reports);
  }

  /**
   * Makes the world match `next`: lets go of what it does not hold, reports, announces, then
   * sets up what it needs. A listener of any of these events may call connect() or disconnect();
   * whatever this call had left to do is then no longer its business.
   */
  #enter(prev: State, next: State, cause: Cause, reports: Report[]): void {
    if (!holdsSocket(next)) this.#dropSocket(CloseCode.normal, 'client disconnect');
    if (next.phase !== 'waiting') this.#monitor.cancel();
    if (next.phase !== 'polling') this.#poller.stop();
    this.#state = next;
    if (next.phase === 'waiting' && prev.phase !== 'waiting') {
      // Armed before the events, so a listener reads nextRetryAt and may cancel it.
      const delay = this.#monitor.delay(next.attempt, next.wait);
      this.#monitor.schedule(delay);
      cause = { ...cause, delay };
    }
    if (next.phase === 'connected' && prev.phase !== 'connected') {
      // Subscriptions first, then the outbox: a frame queued offline may need the subscription.
      const subscriptions = this.#subscriptions.texts();
      for (const text of subscriptions) this.#connection.write(text);
      this.#role.connected?.(subscriptions);
      for (const frame of this.#outbox.drain()) this.#connection.write(frame.text);
    }
    for (const [kind, message, extra] of reports) {
      this.report(kind, message, extra);
      if (this.#state !== next) return;
    }
    if (announces(prev, next)) this.#announce(cause);
    if (this.#state !== next) return;
    if (holdsSocket(next) && !this.#connection.active) this.#openSocket();
    else if (next.phase === 'polling') this.#poller.run(prev.phase === 'polling' && prev.probing);
    else if (next.phase === 'refreshing') this.#refresh(next);
  }

  #openSocket(): void {
    try {
      this.#connection.connect(this.url, tokens.get(this));
      // The silence check starts now: a handshake that never completes is as dead as a mute peer.
      this.#monitor.watch();
    } catch (error) {
      const text = `could not open a socket to ${this.url}: ${String(error)}`;
      this.#dispatch({ type: 'lost', wait: 'backoff' }, {}, [['network', text]]);
    }
  }

  #dropSocket(code?: number, reason?: string): void {
    this.#connection.close(code, reason);
    this.#monitor.stop();
  }

  #onMessage(message: Message): void {
    const state = this.#state;
    // A server that speaks is alive: only now does the backoff start over and the token refresh
    // re-arm. (A proxy that accepts upgrades in front of a mute backend would loop otherwise.)
    if (state.phase === 'connected' && (state.attempt !== 0 || !state.armed))
      this.#dispatch({ type: 'accepted' });
    this.#deliver(message);
  }

  #onClosed(code: number, reason: string): void {
    this.#monitor.stop();
    const verdict = this.#monitor.judge(code, reason);
    if (!verdict.retry) return this.#refuse(verdict.kind, verdict.text, code);
    // A failed probe while polling changes nothing the page sees: polling goes on.
    const reports: Report[] =
      this.#state.phase === 'polling' ? [] : [[verdict.kind, verdict.text, { code }]];
    this.#dispatch({ type: 'lost', wait: verdict.wait }, { code, reason }, reports);
  }

  /** Silence past heartbeatTimeout: a dead peer never answers a closing handshake, so do not wait. */
  #onDead(silentMs: number): void {
    const opened = this.#connection.open;
    this.#dropSocket(4000, 'heartbeat timeout');
    const ms = Math.round(silentMs);
    const text = opened ? `no frame for ${ms} ms` : `the socket did not open within ${ms} ms`;
    this.#dispatch({ type: 'lost', wait: 'now' }, {}, [
      ['timeout', `${text}: the connection is dead`],
    ]);
  }

  /** Credentials or origin refused: `failed`, or a token refresh once (see state.ts). */
  #refuse(kind: 'auth' | 'forbidden', text: string, code?: number): void {
    const extra = code === undefined ? {} : { code };
    this.#refusal = { text, extra };
    // Reported only when it ends in `failed`: a refresh under way is not an error yet.
    this.#dispatch({ type: 'refused', kind }, extra, (next) =>
      next.phase === 'failed' ? [[kind, text, extra]] : [],
    );
  }

  /** Asks for a fresh token; the answer counts only while this refresh is still the state. */
  #refresh(state: State): void {
    freshToken(this.#tokenSource).then(
      (token) => {
        if (this.#state !== state) return;
        tokens.set(this, token);
        this.#dispatch({ type: 'refreshed' });
      },
      (error: unknown) => {
        if (this.#state !== state) return;
        const { text, extra } = this.#refusal;
        const why = error instanceof Error ? error.message : String(error);
        this.#dispatch({ type: 'refreshFailed' }, extra, [
          ['auth', `${text}; the token refresh failed (${why})`, extra],
        ]);
      },
    );
  }

  #probe(): void {
    if (this.#connection.open) this.#monitor.probe();
  }

  /**
   * Dispatches a message as the `message` event, then to the `on(type)` handlers; a
   * `{type: "error"}` message is also reported as an `error` of kind `server`.
   */
  #deliver(message: Message): void {
    if (message.type === 'error') {
      const { message: text, code } = message;
      this.report(
        'server',
        typeof text == 'string' ? text : 'the server refused a request',
        typeof code == 'number' || typeof code == 'string' ? { code } : {},
      );
    }
    if (this.tapped) this.emit('message', message);
    this.#subscriptions.route(message);
    this.#role.delivered?.(message);
  }

  #announce({ delay, code, reason }: Cause): void {
    const detail: ConnectionStatusDetail = {
      status: statusOf(this.#state),
      previous: this.#announced,
      attempt: this.#state.attempt,
    };
    if (delay !== undefined) detail.delay = delay;
    if (code !== undefined) detail.code = code;
    if (reason) detail.reason = reason;
    this.#role.announce(detail);
  }

  /** Emits a status change; `status` becomes the status last announced. */
  #show(detail: ConnectionStatusDetail, status = detail.status): void {
    this.#announced = status;
    this.emit('connectionStatus', detail);
  }
}
