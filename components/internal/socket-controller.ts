// Binds a widget to the socket of its <ws-connection>, one way each: the nearest enclosing
// connection through @lit/context, or the connection its `for` names through the connection
// registry. The widget declares what it needs (a subscription frame, handlers by message type,
// status and error callbacks); the controller subscribes while bound and lets go when unbound.
import { ContextConsumer, ContextRoot } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { ConnectionStatusDetail, ErrorDetail, Message } from '../../src/types.js';
import { findConnection, watchConnections } from './connection-registry.js';
import { socketContext, type AnySocket } from './context.js';

/** What a widget wants from its socket; everything is optional. */
export interface SocketHandlers {
  /**
   * The frame that subscribes this widget, asked on every connect (after authentication and the
   * ready message, before the frames queued offline); undefined sends nothing.
   */
  subscription?(): object | undefined;
  /** Handlers by message type, each subscribed with `socket.on(type)` while bound. */
  on?: Readonly<Record<string, (message: Message) => void>>;
  /** A socket was bound (first time, after a move in the DOM, or a new socket of the connection). */
  bound?(socket: AnySocket): void;
  /** The socket is no longer this widget's (host removed, or replaced by another). */
  unbound?(socket: AnySocket): void;
  status?(detail: ConnectionStatusDetail): void;
  error?(detail: ErrorDetail): void;
  /** Every message, through the socket's `message` event (an event object per frame: prefer `on`). */
  message?(message: Message): void;
}

/** The parts of a widget the controller needs: a Lit element with a `for` property. */
export type SocketHost = ReactiveElement & { for?: string | null };

const isSocket = (value: unknown): value is AnySocket =>
  value instanceof EventTarget && typeof (value as { send?: unknown }).send === 'function';

// A connection upgraded after the widgets inside it (its tag defined later, or by another copy
// of the kit) answers their context requests late: a ContextRoot replays them. One per page.
const ROOT = Symbol.for('ws-widgets/context-root');
function attachContextRoot(): void {
  const page = globalThis as Record<symbol, unknown>;
  if (page[ROOT] || typeof document === 'undefined') return;
  page[ROOT] = true;
  new ContextRoot().attach(document.documentElement);
}

/**
 * A ReactiveController: `hostConnected` finds and subscribes to the socket, `hostDisconnected`
 * unsubscribes, and a change of the host's `for` moves it to the other connection. It never
 * closes the socket: the widget only borrows it.
 * @example
 * import { SocketController } from 'ws-widgets/elements';
 * // in a LitElement subclass:
 * private readonly link = new SocketController(this, {
 *   subscription: () => ({ type: 'subscribe_client', client_id: this.clientId }),
 *   on: { alert_new: (m) => this.add(m) },
 * });
 */
export class SocketController implements ReactiveController {
  /** The bound socket, if any. */
  socket?: AnySocket;
  readonly #consumer: ContextConsumer<typeof socketContext, SocketHost>;
  readonly #listeners: [string, EventListener][];
  readonly #host: SocketHost;
  readonly #handlers: SocketHandlers;
  /** The `for` the binding was made for ('' for the enclosing connection). */
  #target = '';
  #unwatch: (() => void) | undefined;
  #unsubscribe: (() => void) | undefined;
  /** The `on(type)` subscriptions of the bound socket. */
  #offs: (() => void)[] = [];

  constructor(host: SocketHost, handlers: SocketHandlers) {
    this.#host = host;
    this.#handlers = handlers;
    this.#listeners = [
      [
        'connectionStatus',
        (e) => handlers.status?.((e as CustomEvent<ConnectionStatusDetail>).detail),
      ],
      ['error', (e) => handlers.error?.((e as CustomEvent<ErrorDetail>).detail)],
    ];
    // Only when asked for: a `message` listener makes the socket build an event per frame.
    const { message } = handlers;
    if (message)
      this.#listeners.push(['message', (e) => message((e as CustomEvent<Message>).detail)]);
    attachContextRoot();
    this.#consumer = new ContextConsumer(host, {
      context: socketContext,
      subscribe: true,
      callback: (socket) => {
        if (!this.#target && isSocket(socket)) this.#bind(socket);
      },
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.#resolve();
  }

  hostDisconnected(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#bind(undefined);
  }

  /** Before each update: a new `for` moves the binding. */
  hostUpdate(): void {
    if ((this.#host.for ?? '') !== this.#target && this.#host.isConnected) this.#resolve();
  }

  /**
   * Finds the socket again. Not needed for `for` (followed before each update); kept for elements
   * written against release 0.1.
   */
  retarget(): void {
    if (this.#host.isConnected) this.#resolve();
  }

  /** The subscription changed (a new client or channel): registers it again, sent now if connected. */
  resubscribe(): void {
    this.#unsubscribe?.();
    const { subscription } = this.#handlers;
    this.#unsubscribe = subscription && this.socket?.subscribe(() => subscription());
  }

  /** Binds to what `for` names now: the registry's connection, or the context's. */
  #resolve(): void {
    this.#target = this.#host.for ?? '';
    this.#unwatch?.();
    this.#unwatch = undefined;
    if (!this.#target) {
      const socket = this.#consumer.value;
      return this.#bind(isSocket(socket) ? socket : undefined);
    }
    const follow = () => {
      const socket = findConnection(this.#host, this.#target)?.socket;
      this.#bind(isSocket(socket) ? socket : undefined);
    };
    this.#unwatch = watchConnections(follow);
    follow();
  }

  #bind(socket: AnySocket | undefined): void {
    const old = this.socket;
    if (old === socket) return;
    if (old) {
      for (const [type, listener] of this.#listeners) old.removeEventListener(type, listener);
      for (const off of this.#offs) off();
      this.#offs = [];
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      this.socket = undefined;
      this.#handlers.unbound?.(old);
    }
    if (socket) {
      this.socket = socket;
      for (const [type, listener] of this.#listeners) socket.addEventListener(type, listener);
      this.resubscribe();
      for (const [type, handler] of Object.entries(this.#handlers.on ?? {}))
        this.#offs.push(socket.on(type, handler));
      this.#handlers.bound?.(socket);
    }
    this.#host.requestUpdate();
  }
}
