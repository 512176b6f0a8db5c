// Binds a widget to the socket of its <ws-connection>: by `for` id anywhere in the document, or
// from the nearest ancestor connection through @lit/context; also when the connection comes later.
import { ContextConsumer } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import type { ConnectionStatusDetail, ErrorDetail, Message } from '../../src/types.js';
import {
  CONNECTION_READY,
  socketContext,
  type AnySocket,
  type ConnectionReadyDetail,
} from './context.js';

/** What a widget wants to hear from its socket; every callback is optional. */
export interface SocketHandlers {
  /** A socket was bound (first time, after a move in the DOM, or a new socket of the connection). */
  bound?(socket: AnySocket): void;
  /** The socket is no longer this widget's (host removed, or replaced by another). */
  unbound?(socket: AnySocket): void;
  /**
   * The frame that subscribes this widget, asked on every connect (after authentication and the
   * ready message, before the frames queued offline); undefined sends nothing.
   */
  subscription?(): object | undefined;
  status?(detail: ConnectionStatusDetail): void;
  message?(message: Message): void;
  error?(detail: ErrorDetail): void;
}

/** The parts of a widget the controller needs: a Lit element with a `for` property. */
export type SocketHost = ReactiveElement & { for?: string | null };

const isSocket = (value: unknown): value is AnySocket =>
  value instanceof EventTarget && typeof (value as { send?: unknown }).send === 'function';

/** The connection element a widget names: same tree scope first, as `<label for>`, then the document. */
function findById(host: Element, id: string): Element | null {
  const root = host.getRootNode();
  const scoped =
    root instanceof ShadowRoot || root instanceof Document ? root.getElementById(id) : null;
  return scoped ?? document.getElementById(id);
}

/** The nearest <ws-connection> around `host`, crossing shadow roots outwards. */
function nearestConnection(host: Element): Element | null {
  let node: Element | null = host.parentElement ?? (host.getRootNode() as ShadowRoot).host ?? null;
  while (node) {
    const found = node.closest('ws-connection');
    if (found) return found;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * A ReactiveController: `hostConnected` finds and subscribes to the socket, `hostDisconnected`
 * unsubscribes. It never closes the socket: the widget only borrows it.
 * @example
 * import { SocketController } from 'ws-widgets/elements';
 * // in a LitElement subclass:
 * private readonly link = new SocketController(this, { message: (m) => this.onMessage(m) });
 */
export class SocketController implements ReactiveController {
  /** The bound socket, if any. */
  socket?: AnySocket;
  readonly #consumer: ContextConsumer<typeof socketContext, SocketHost>;
  readonly #listeners: [string, EventListener][];
  readonly #host: SocketHost;
  readonly #handlers: SocketHandlers;
  #unsubscribe: (() => void) | undefined;

  constructor(host: SocketHost, handlers: SocketHandlers) {
    this.#host = host;
    this.#handlers = handlers;
    this.#listeners = [
      [
        'connectionStatus',
        (e) => handlers.status?.((e as CustomEvent<ConnectionStatusDetail>).detail),
      ],
      ['message', (e) => handlers.message?.((e as CustomEvent<Message>).detail)],
      ['error', (e) => handlers.error?.((e as CustomEvent<ErrorDetail>).detail)],
    ];
    this.#consumer = new ContextConsumer(host, {
      context: socketContext,
      subscribe: true,
      callback: (socket) => {
        if (!this.#forId() && isSocket(socket)) this.#bind(socket);
      },
    });
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener(CONNECTION_READY, this.#onReady);
    this.#resolve();
  }

  hostDisconnected(): void {
    document.removeEventListener(CONNECTION_READY, this.#onReady);
    this.#bind(undefined);
  }

  /** Finds the socket again; the host calls it when its `for` changes. */
  retarget(): void {
    if (!this.#host.isConnected) return;
    this.#bind(undefined);
    this.#resolve();
  }

  /** The subscription changed (a new client or channel): registers it again, sent now if connected. */
  resubscribe(): void {
    this.#unsubscribe?.();
    const { subscription } = this.#handlers;
    this.#unsubscribe = subscription && this.socket?.subscribe(() => subscription());
  }

  #forId(): string {
    return this.#host.for ?? '';
  }

  #resolve(): void {
    const id = this.#forId();
    const connection = id ? findById(this.#host, id) : nearestConnection(this.#host);
    const socket = (connection as { socket?: unknown } | null)?.socket;
    if (isSocket(socket)) this.#bind(socket);
    else if (!id && this.#consumer.value) this.#bind(this.#consumer.value);
  }

  /** A connection announced a new socket: take it if it is ours. */
  readonly #onReady = (event: Event): void => {
    const origin = event.composedPath()[0];
    if (!(origin instanceof Element)) return;
    const id = this.#forId();
    const ours = id ? origin.id === id : origin === nearestConnection(this.#host);
    const { socket } = (event as CustomEvent<ConnectionReadyDetail>).detail;
    if (ours && isSocket(socket)) this.#bind(socket);
  };

  #bind(socket: AnySocket | undefined): void {
    const old = this.socket;
    if (old === socket) return;
    if (old) {
      for (const [type, listener] of this.#listeners) old.removeEventListener(type, listener);
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      this.socket = undefined;
      this.#handlers.unbound?.(old);
    }
    if (socket) {
      this.socket = socket;
      for (const [type, listener] of this.#listeners) socket.addEventListener(type, listener);
      this.resubscribe();
      this.#handlers.bound?.(socket);
    }
    this.#host.requestUpdate();
  }
}
