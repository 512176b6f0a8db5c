// <ws-connection>: turns its attributes into a shared ReconnectingSocket, re-dispatches the
// socket's events on itself, and hands the socket to widgets (context, or `for` by id).
import { LitElement, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { acquireSocket, type SocketLease } from '../../src/index.js';
import type {
  AuthMode,
  ConnectionStatus,
  ConnectionStatusDetail,
  ErrorDetail,
  HeartbeatMode,
  LeaderChangeDetail,
  Message,
  ShareMode,
  WebSocketFactory,
} from '../../src/types.js';
import {
  CONNECTION_READY,
  socketContext,
  type AnySocket,
  type ConnectionReadyDetail,
} from '../internal/context.js';
import { connectionsChanged, register } from '../internal/connection-registry.js';
import { kitEvent } from '../internal/events.js';
import { configMessage, OPTION_PROPERTIES, toSocketOptions } from './connection-options.js';
import { styles } from './ws-connection.styles.js';

type Listener<E> = ((event: E) => unknown) | { handleEvent(event: E): unknown } | null;

/**
 * Events of `<ws-connection>`. `error` and `message` clash with the DOM's own `error` and
 * `message` event types, so they are typed on the element's `addEventListener` rather than in
 * the global maps.
 */
export interface WsConnectionEventMap {
  connectionStatus: CustomEvent<ConnectionStatusDetail>;
  /** `connectionStatus` again, under the name Vue derives from `onConnectionStatus`. */
  'connection-status': CustomEvent<ConnectionStatusDetail>;
  error: CustomEvent<ErrorDetail>;
  message: CustomEvent<Message>;
  leaderChange: CustomEvent<LeaderChangeDetail>;
}

/** Node's own `isConnected` getter, looked up on first use: a server render has no `Node`. */
let nodeIsConnected: (() => boolean) | undefined;
/** Node's own `isConnected`, which this element's `isConnected()` method (the contract's) hides. */
const inDocument = (node: Node): boolean => {
  nodeIsConnected ??= Object.getOwnPropertyDescriptor(Node.prototype, 'isConnected')?.get;
  return Boolean(nodeIsConnected?.call(node));
};

/**
 * @summary A WebSocket connection that reconnects by itself and feeds the widgets inside it, or
 * any widget that names its id in `for`. Connections with the same URL and credential share one socket.
 *
 * @slot - Widgets (and anything else); they find this connection through context.
 *
 * @event {CustomEvent<ConnectionStatusDetail>} connectionStatus - The status changed, or a retry was scheduled or began. Bubbles. Never dispatched during insertion: the status the element takes on there follows one microtask later.
 * @event {CustomEvent<ConnectionStatusDetail>} connection-status - The same event under the name Vue listens for with `@connection-status` (and `onConnectionStatus` in render functions). Bubbles.
 * @event {CustomEvent<ErrorDetail>} error - Something went wrong; `detail.kind` says what (`config` for bad attributes). Does not bubble.
 * @event {CustomEvent<Message>} message - A parsed message from the server. Does not bubble.
 * @event {CustomEvent<LeaderChangeDetail>} leaderChange - With `share="tabs"`: this tab took the shared socket (`detail.leader` true) or gave it up. Does not bubble.
 * @event {CustomEvent<{socket: ReconnectingSocket}>} ws-connection-ready - A new socket is in use (after insertion or a `url` change). Bubbles to the document, where `for` widgets listen.
 *
 * @example
 * <ws-connection id="noc" url="/ws/noc/dashboard/" token="…">
 *   <ws-status-badge></ws-status-badge>
 * </ws-connection>
 */
export class WsConnection extends LitElement {
  static override styles = styles;

  readonly #provider = new ContextProvider(this, { context: socketContext });

  /** `ws://`, `wss://`, `http(s)://` or a path resolved against the page. Required. Changing it moves to a new socket. */
  @property() url?: string | null;
  /** Credential, sent as `auth` says. Never reflected or logged. Changing it calls `updateToken()`. */
  @property() token?: string | null;
  /** `query`, `message` or `cookie`; `query` when `token` is set. */
  @property() auth?: AuthMode | null;
  /** First retry delay, ms (default 1000). */
  @property({ attribute: 'reconnect-interval', type: Number }) reconnectInterval?: number | null;
  /** Cap on any retry delay, ms (default 30000). */
  @property({ attribute: 'max-reconnect-delay', type: Number }) maxReconnectDelay?: number | null;
  /** Retries after a drop before `failed` (or `polling`); `Infinity` allowed (default 10). */
  @property({ attribute: 'max-reconnect-attempts', type: Number }) maxReconnectAttempts?:
    number | null;
  /** Randomisation factor 0..1 of each delay (default 1: full jitter). */
  @property({ type: Number }) jitter?: number | null;
  /** Heartbeat dialect: `ping`, `heartbeat`, `action-ping` or `none` (default `ping`). */
  @property() heartbeat?: HeartbeatMode | null;
  /** ms between heartbeats (default 30000). */
  @property({ attribute: 'heartbeat-interval', type: Number }) heartbeatInterval?: number | null;
  /** ms without any frame before the socket is presumed dead (default 2 × interval). */
  @property({ attribute: 'heartbeat-timeout', type: Number }) heartbeatTimeout?: number | null;
  /** Message type that must arrive before the status turns `connected`. */
  @property({ attribute: 'ready-message' }) readyMessage?: string | null;
  /** After the server refuses the credentials, GET this URL once (with cookies) for `{"token"}` and reconnect with it. */
  @property({ attribute: 'token-url' }) tokenUrl?: string | null;
  /** Property only: gives a fresh token after a refusal, instead of `token-url`. Set it before insertion. */
  @property({ attribute: false }) refreshToken?: () => Promise<string>;
  /** Frames kept while offline (default 100). */
  @property({ attribute: 'queue-size', type: Number }) queueSize?: number | null;
  /** HTTP fallback URL once reconnect attempts are exhausted. */
  @property({ attribute: 'polling-url' }) pollingUrl?: string | null;
  /** ms between polls (default 2000). */
  @property({ attribute: 'polling-interval', type: Number }) pollingInterval?: number | null;
  /** Do not connect on insertion; call `connect()`. */
  @property({ type: Boolean }) manual = false;
  /** Do not share the socket with other connections to the same URL and credential. */
  @property({ type: Boolean }) exclusive = false;
  /** `page` (one socket per document), `tabs` (one per browser, held by a leader tab) or `none` (default `page`). */
  @property() share?: ShareMode | null;
  /**
   * WebSocket implementation for the socket this connection opens (property only; default the
   * browser's). Storybook passes an in-page stand-in for the server; set it before insertion.
   */
  @property({ attribute: false }) WebSocket?: WebSocketFactory;
  /** The connection's status, reflected for CSS (`ws-connection[status="failed"]`). Read-only. */
  @property({ reflect: true }) status: ConnectionStatus = 'disconnected';
  /** With `share="tabs"`: this tab holds the socket the other tabs share. Reflected. Read-only. */
  @property({ type: Boolean, reflect: true }) leader = false;

  #lease?: SocketLease;
  #leasedUrl?: string | null;
  #appliedToken?: string | null;
  #tried = false;
  #owed?: ConnectionStatusDetail;
  readonly #forwarders: [string, EventListener][] = [
    ['connectionStatus', (e) => this.#announce((e as CustomEvent<ConnectionStatusDetail>).detail)],
    ['error', (e) => this.#forward(e as CustomEvent, false)],
    [
      'leaderChange',
      (e) => {
        this.leader = (e as CustomEvent<LeaderChangeDetail>).detail.leader;
        this.#forward(e as CustomEvent, false);
      },
    ],
  ];
  /**
   * Re-dispatches `message`, only while this element has `message` listeners: otherwise every
   * frame would cost an event object twice for nobody (widgets take frames by type).
   */
  readonly #forwardMessage = (e: Event): void => this.#forward(e as CustomEvent, false);
  /** `message` listeners added here; `once` / `signal` ones may leave unseen, so they count for good. */
  #messageListeners = 0;

  /**
   * Call it: true when the socket is open and ready (status `connected`). The contract's method
   * hides `Node.isConnected` (defined on the prototype below); typed as both so the class still
   * extends HTMLElement.
   */
  declare isConnected: (() => boolean) & boolean;

  /** The socket in use (shared with other connections to the same URL and credential). */
  get socket(): AnySocket | undefined {
    return this.#lease?.socket;
  }

  /** Round-trip time in ms, from `heartbeat_ack` or the measured ping; undefined until known. */
  get latency(): number | undefined {
    return this.#lease?.socket.latency;
  }

  /** Opens the connection (also after `manual`, `disconnect()` or a failure). */
  connect(): void {
    if (!this.#lease) this.#acquire();
    this.#lease?.socket.connect();
  }

  /** Closes the socket with 1000 and stops retrying; for every user of a shared socket. */
  disconnect(): void {
    this.#lease?.socket.disconnect();
  }

  /** Sends an object as JSON (a string as is): true when on the wire now, false when queued or without a socket. */
  send(data: object | string): boolean {
    return this.#lease?.socket.send(data) ?? false;
  }

  /** Replaces the credential: the next attempt uses it; after an auth refusal it reconnects now. */
  updateToken(token: string): void {
    this.token = token;
    this.#appliedToken = token;
    this.#lease?.socket.updateToken(token);
  }

  override addEventListener<K extends keyof WsConnectionEventMap>(
    type: K,
    listener: Listener<WsConnectionEventMap[K]>,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: HTMLElement, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: Listener<never>,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject, options);
    if (type !== 'message' || !listener) return;
    const lasting = typeof options == 'object' && (options.once || options.signal);
    this.#messageListeners += lasting ? Infinity : 1;
    this.#lease?.socket.addEventListener('message', this.#forwardMessage);
  }

  override removeEventListener<K extends keyof WsConnectionEventMap>(
    type: K,
    listener: Listener<WsConnectionEventMap[K]>,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: Listener<never>,
    options?: boolean | EventListenerOptions,
  ): void {
    super.removeEventListener(type, listener as EventListenerOrEventListenerObject, options);
    if (type !== 'message' || !listener || this.#messageListeners === 0) return;
    this.#messageListeners -= 1;
    if (this.#messageListeners === 0)
      this.#lease?.socket.removeEventListener('message', this.#forwardMessage);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Findable by id for the widgets' `for` (connection-registry.ts).
    register(this, true);
    // A move in the DOM keeps the lease (the release below waits a microtask).
    if (!this.#lease && this.url) this.#acquire();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    queueMicrotask(() => {
      if (inDocument(this)) return;
      this.#release();
      register(this, false);
    });
  }

  // Runs before rendering, so the status it sets needs no second update.
  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!inDocument(this)) return;
    if (this.#lease && this.url !== this.#leasedUrl) {
      this.#release();
      this.#acquire();
    } else if (
      !this.#lease &&
      (!this.#tried ||
        [...changed.keys()].some((k) => k === 'url' || OPTION_PROPERTIES.includes(String(k))))
    ) {
      this.#acquire();
    } else if (
      this.#lease &&
      changed.has('token') &&
      this.token &&
      this.token !== this.#appliedToken
    ) {
      this.updateToken(this.token);
    }
  }

  #acquire(): void {
    this.#tried = true;
    if (!this.url) {
      this.#configError(
        'the url attribute is required (a ws://, wss://, http(s):// URL or a path)',
      );
      return;
    }
    let lease: SocketLease;
    try {
      lease = acquireSocket(this.url, {
        ...toSocketOptions(this),
        ...(this.WebSocket ? { WebSocket: this.WebSocket } : {}),
        ...(this.refreshToken ? { refreshToken: this.refreshToken } : {}),
      });
    } catch (error) {
      this.#configError(configMessage(error));
      return;
    }
    this.#lease = lease;
    this.#leasedUrl = this.url;
    this.#appliedToken = this.token;
    const { socket } = lease;
    for (const [type, listener] of this.#forwarders) socket.addEventListener(type, listener);
    if (this.#messageListeners > 0) socket.addEventListener('message', this.#forwardMessage);
    const previous = this.status;
    this.status = socket.status;
    this.leader = socket.leader;
    this.#provider.setValue(socket);
    connectionsChanged();
    // For pages that want to know; the widgets find the socket through context or the registry.
    this.dispatchEvent(kitEvent<ConnectionReadyDetail>(CONNECTION_READY, { socket }));
    // The socket began connecting (or a shared one got further) before these listeners existed:
    // tell the page the status this element now has, so it sees `connecting` before `connected`.
    if (socket.status === previous) return;
    const detail: ConnectionStatusDetail = {
      status: socket.status,
      previous,
      attempt: socket.attempt,
    };
    if (socket.nextRetryAt !== undefined)
      detail.delay = Math.max(0, socket.nextRetryAt - Date.now());
    // Not at once: insertion happens inside a framework's commit, where a handler that sets
    // state is refused (React: "update on a component that hasn't mounted yet").
    this.#owed = detail;
    queueMicrotask(() => this.#payOwed());
  }

  /** Dispatches the status owed since acquiring, if still owed (a later status pays it first). */
  #payOwed(): void {
    const detail = this.#owed;
    this.#owed = undefined;
    if (detail) this.#dispatchStatus(detail);
  }

  /** A status from the socket: reflected, then dispatched after any status still owed. */
  #announce(detail: ConnectionStatusDetail): void {
    this.#payOwed();
    this.status = detail.status;
    this.#dispatchStatus(detail);
  }

  /**
   * `connectionStatus`, then the same detail as `connection-status`: the name Vue listens for
   * when a template says `@connection-status` or a render function passes `onConnectionStatus`.
   */
  #dispatchStatus(detail: ConnectionStatusDetail): void {
    this.dispatchEvent(kitEvent('connectionStatus', detail));
    this.dispatchEvent(kitEvent('connection-status', detail));
  }

  #release(): void {
    const lease = this.#lease;
    if (!lease) return;
    for (const [type, listener] of this.#forwarders)
      lease.socket.removeEventListener(type, listener);
    lease.socket.removeEventListener('message', this.#forwardMessage);
    this.#lease = undefined;
    this.#owed = undefined;
    lease.release();
    this.status = 'disconnected';
    this.leader = false;
  }

  /** Re-dispatches a socket event on the element; `error` and `message` stay off `window`. */
  #forward(event: CustomEvent, bubbles: boolean): void {
    this.dispatchEvent(kitEvent(event.type, event.detail, bubbles));
  }

  #configError(message: string): void {
    const who = this.id ? `<ws-connection id="${this.id}">` : '<ws-connection>';
    const detail: ErrorDetail = { kind: 'config', message: `${who}: ${message}` };
    // A microtask later, as the owed status: this may run inside a framework's commit.
    queueMicrotask(() => this.dispatchEvent(kitEvent('error', detail, false)));
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}

// The contract's `isConnected()` mirrors the service; it hides Node's `isConnected` property.
Object.defineProperty(WsConnection.prototype, 'isConnected', {
  configurable: true,
  writable: true,
  value: function isConnected(this: WsConnection): boolean {
    return this.socket?.isConnected() ?? false;
  },
});

export type { Message };

declare global {
  interface HTMLElementTagNameMap {
    'ws-connection': WsConnection;
  }
  /** Names unique to this kit, typed on every element and on document (they bubble). */
  interface GlobalEventHandlersEventMap {
    connectionStatus: CustomEvent<ConnectionStatusDetail>;
    'connection-status': CustomEvent<ConnectionStatusDetail>;
  }
}
