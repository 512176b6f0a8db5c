// The socket's outward side: typed `addEventListener` overloads for its three events, `on(type)`
// handlers keyed by message type (each returning its unsubscribe function), and the status and
// error reports, whose text is scrubbed of the token.
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

/** Reports a handler's exception without letting it stop the other handlers. */
function reportHandlerError(error: unknown): void {
  const reportError = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof reportError === 'function') reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
}

export class SocketEvents<M extends MessageMap> extends EventTarget {
  private readonly handlers = new Map<string, Set<Handler>>();
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
   * function that unsubscribes it.
   * @example
   * const off = socket.on('alert_new', (msg) => console.log(msg.alert.severity));
   * off();
   */
  on<K extends keyof M & string>(type: K, handler: (message: MessageOf<M, K>) => void): () => void {
    if (typeof type !== 'string')
      throw new TypeError('ReconnectingSocket.on: type must be a string');
    if (typeof handler !== 'function')
      throw new TypeError('ReconnectingSocket.on: handler must be a function');
    // A wrapper per call, so registering one function twice gives two independent subscriptions.
    const wrapper: Handler = (message) => handler(message as MessageOf<M, K>);
    let set = this.handlers.get(type);
    if (set === undefined) this.handlers.set(type, (set = new Set()));
    set.add(wrapper);
    return () => {
      set.delete(wrapper);
      if (set.size === 0 && this.handlers.get(type) === set) this.handlers.delete(type);
    };
  }

  override addEventListener<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
  }

  override removeEventListener<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
  }

  protected setStatus(status: ConnectionStatus, cause: Cause = {}): void {
    const previous = this.current;
    this.current = status;
    this.emitStatus(previous, cause);
  }

  protected emitStatus(previous: ConnectionStatus, cause: Cause): void {
    const detail: ConnectionStatusDetail = {
      status: this.current,
      previous,
      attempt: this.retries,
    };
    if (cause.delay !== undefined) detail.delay = cause.delay;
    if (cause.code !== undefined) detail.code = cause.code;
    if (cause.reason) detail.reason = redact(cause.reason, tokens.get(this));
    this.emit('connectionStatus', detail);
  }

  protected report(kind: ErrorKind, message: string, extra: Partial<ErrorDetail> = {}): void {
    this.emit('error', { ...extra, kind, message: redact(message, tokens.get(this)) });
  }

  private emit<K extends keyof ReconnectingSocketEventMap>(
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
      const { message: text, code } = message as { message?: unknown; code?: unknown };
      const extra = typeof code === 'number' || typeof code === 'string' ? { code } : {};
      this.report(
        'server',
        typeof text === 'string' ? text : 'the server refused a request',
        extra,
      );
    }
    this.emit('message', message);
    const set = this.handlers.get(message.type);
    if (set === undefined) return;
    for (const handler of [...set]) {
      try {
        handler(message);
      } catch (error) {
        reportHandlerError(error);
      }
    }
  }
}
