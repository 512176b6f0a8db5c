// The socket's outward side: typed `addEventListener` overloads for its three events, `on(type)`
// handlers keyed by message type (each returning its unsubscribe function), and the status and
// error reports, whose text is scrubbed of the token.
import { Subscriptions } from './subscriptions.js';
import { tokens } from './token-store.js';
import type {
  ConnectionStatus,
  ConnectionStatusDetail,
  ErrorDetail,
  ErrorKind,
  Message,
  MessageMap,
  MessageOf,
  ReconnectingSocketEventMap,
} from './types.js';
import { redact } from './url.js';

/** The message map used when none is given: any type, any fields. */
export type DefaultMessages = Record<string, Record<string, unknown>>;

/** What a status change carries besides the status. */
export interface Cause {
  delay?: number;
  code?: number;
  reason?: string;
}

type Handler = (message: Message) => void;
type Listener<K extends keyof ReconnectingSocketEventMap> = (
  event: ReconnectingSocketEventMap[K],
) => void;
// The listener and options types spelt out rather than the DOM lib's names, which a Node project
// (lib ES20xx with @types/node) lacks: EventTarget, Event and AbortSignal are all it needs.
type AnyListener = ((event: Event) => void) | { handleEvent(event: Event): void } | null;
interface ListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: AbortSignal;
}

const capture = (options?: boolean | ListenerOptions): number =>
  +(typeof options == 'boolean' ? options : options?.capture === true);

export class SocketEvents<M extends MessageMap> extends EventTarget {
  /** Subscription frames and `on(type)` handlers. */
  protected readonly subscriptions = new Subscriptions();
  /**
   * The `message` listeners (bubble, capture): with none, no event object is built per frame.
   * Listeners that the platform may remove by itself (`once`, `signal`) are not kept here (that
   * would hold them forever); one of them makes every later frame an event instead.
   */
  readonly #taps = [new Set<unknown>(), new Set<unknown>()];
  #alwaysEmit = false;
  protected current: ConnectionStatus = 'disconnected';
  protected retries = 0;

  /** The current status: `connecting`, `connected`, `reconnecting`, `disconnected`, `failed` or `polling`. */
  get status(): ConnectionStatus {
    return this.current;
  }

  /** 0 on the first attempt, n on the n-th retry after a drop. */
  get attempt(): number {
    return this.retries;
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
    return this.subscriptions.on(type, handler as Handler);
  }

  override addEventListener<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | ListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: AnyListener,
    options?: boolean | ListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: AnyListener,
    options?: boolean | ListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
    if (type !== 'message' || !listener) return;
    if (typeof options == 'object' && (options.once || options.signal)) this.#alwaysEmit = true;
    else this.#taps[capture(options)]!.add(listener);
  }

  override removeEventListener<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | ListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: AnyListener,
    options?: boolean | ListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: AnyListener,
    options?: boolean | ListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
    if (type === 'message') this.#taps[capture(options)]!.delete(listener);
  }

  protected setStatus(status: ConnectionStatus, cause: Cause = {}): void {
    const previous = this.current;
    this.current = status;
    this.emitStatus(previous, cause);
  }

  protected emitStatus(previous: ConnectionStatus, { delay, code, reason }: Cause): void {
    const detail: ConnectionStatusDetail = {
      status: this.current,
      previous,
      attempt: this.retries,
    };
    if (delay !== undefined) detail.delay = delay;
    if (code !== undefined) detail.code = code;
    if (reason) detail.reason = redact(reason, tokens.get(this));
    this.#emit('connectionStatus', detail);
  }

  protected report(kind: ErrorKind, message: string, extra?: Partial<ErrorDetail>): void {
    this.#emit('error', { ...extra, kind, message: redact(message, tokens.get(this)) });
  }

  #emit<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    detail: ReconnectingSocketEventMap[K]['detail'],
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /**
   * Dispatches a message as the `message` event, then to the `on(type)` handlers; a
   * `{type: "error"}` message is also reported as an `error` of kind `server`.
   */
  protected deliver(message: Message): void {
    if (message.type === 'error') {
      const { message: text, code } = message;
      this.report(
        'server',
        typeof text == 'string' ? text : 'the server refused a request',
        typeof code == 'number' || typeof code == 'string' ? { code } : {},
      );
    }
    if (this.#alwaysEmit || this.#taps[0]!.size + this.#taps[1]!.size > 0)
      this.#emit('message', message);
    this.subscriptions.route(message);
  }
}
