// What the React hooks and the Vue composables share: a lease on the page's shared socket for
// one URL and options, taken while someone watches and released when nobody does, and an
// immutable snapshot of the socket's state that is replaced on each change.
import { acquireSocket, type SocketLease } from '../src/socket-registry.js';
import type { ReconnectingSocket } from '../src/reconnecting-socket.js';
import type { DefaultMessages } from '../src/socket-events.js';
import type {
  ConnectionStatus,
  ConnectionStatusDetail,
  ErrorDetail,
  Message,
  MessageMap,
  ReconnectingSocketOptions,
} from '../src/types.js';

/** The socket's state as a hook or composable shows it; a new object on every change. */
export interface SocketSnapshot<M extends MessageMap = DefaultMessages> {
  /** `connecting`, `connected`, `reconnecting`, `disconnected`, `failed` or `polling`. */
  readonly status: ConnectionStatus;
  /** True while the status is `connected`. */
  readonly isConnected: boolean;
  /** Round-trip time in ms (heartbeat_ack or ping), once known. */
  readonly latency: number | undefined;
  /** The latest message of any type, parsed. */
  readonly lastMessage: Message | undefined;
  /** The latest `error` event's detail; cleared when the status turns `connected`. */
  readonly error: ErrorDetail | undefined;
  /** The shared socket in use (undefined before the component mounts, and without a URL). */
  readonly socket: ReconnectingSocket<M> | undefined;
}

/** What a hook or composable can do with its socket. */
export interface SocketActions {
  /** Sends an object as JSON (a string as is): true when on the wire now, false when queued. */
  send(data: object | string): boolean;
  /** Opens the socket (after `manual`, `disconnect()` or `failed`). */
  connect(): void;
  /** Closes the socket with 1000 for every user of it, and stops retrying. */
  disconnect(): void;
}

/** The snapshot before any socket: on the server, before mount, without a URL. */
export const IDLE: SocketSnapshot<never> = Object.freeze({
  status: 'disconnected',
  isConnected: false,
  latency: undefined,
  lastMessage: undefined,
  error: undefined,
  socket: undefined,
});

const functionIds = new WeakMap<object, number>();
let lastFunctionId = 0;
/**
 * A key that is equal for equal options, so an options object written inline in a component
 * does not move it to a new socket on every render. Functions count by identity.
 */
export function optionsKey(options: ReconnectingSocketOptions | undefined): string {
  return JSON.stringify(options ?? {}, (_, value: unknown) => {
    if (typeof value !== 'function') return value === Infinity ? 'Infinity' : value;
    if (!functionIds.has(value)) functionIds.set(value, ++lastFunctionId);
    return `function#${functionIds.get(value)}`;
  });
}

/**
 * A socket for one URL and options, shared through `acquireSocket` (so hooks, composables and
 * `<ws-connection>` elements with the same URL and credential use one socket), leased from the
 * first subscriber to the last.
 */
export class SocketSource<M extends MessageMap = DefaultMessages> implements SocketActions {
  readonly #url: string;
  readonly #options: ReconnectingSocketOptions;
  readonly #subscribers = new Set<() => void>();
  #lease: SocketLease<M> | undefined;
  #snapshot: SocketSnapshot<M> = IDLE;
  /** Frames sent before the lease was taken (a child's effect runs before its parent's). */
  #early: (object | string)[] = [];
  readonly #listeners: [string, EventListener][] = [
    ['connectionStatus', (e) => this.#onStatus((e as CustomEvent<ConnectionStatusDetail>).detail)],
    ['error', (e) => this.#update({ error: (e as CustomEvent<ErrorDetail>).detail })],
    ['message', (e) => this.#onMessage((e as CustomEvent<Message>).detail)],
  ];

  constructor(url: string, options: ReconnectingSocketOptions = {}) {
    this.#url = url;
    this.#options = options;
  }

  /** The current snapshot (the same object until something changes). */
  get snapshot(): SocketSnapshot<M> {
    return this.#snapshot;
  }

  /** Watches the snapshot; the first subscriber takes the lease, the last one's exit releases it. */
  readonly subscribe = (onChange: () => void): (() => void) => {
    this.#subscribers.add(onChange);
    if (this.#subscribers.size === 1) this.#take();
    return () => {
      if (!this.#subscribers.delete(onChange) || this.#subscribers.size > 0) return;
      this.#release();
    };
  };

  readonly send = (data: object | string): boolean => {
    const socket = this.#lease?.socket;
    if (socket) return socket.send(data);
    this.#early.push(data);
    return false;
  };

  readonly connect = (): void => this.#lease?.socket.connect();

  readonly disconnect = (): void => this.#lease?.socket.disconnect();

  #take(): void {
    const lease = acquireSocket<M>(this.#url, this.#options);
    this.#lease = lease;
    const { socket } = lease;
    for (const [type, listener] of this.#listeners) socket.addEventListener(type, listener);
    const { status, latency } = socket;
    this.#snapshot = { ...IDLE, socket, status, isConnected: status === 'connected', latency };
    for (const data of this.#early.splice(0)) socket.send(data);
    this.#notify();
  }

  #release(): void {
    const lease = this.#lease;
    if (!lease) return;
    for (const [type, listener] of this.#listeners)
      lease.socket.removeEventListener(type, listener);
    this.#lease = undefined;
    lease.release();
    this.#snapshot = IDLE;
  }

  #onStatus({ status }: ConnectionStatusDetail): void {
    const connected = status === 'connected';
    this.#update({
      status,
      isConnected: connected,
      latency: this.#lease?.socket.latency,
      ...(connected ? { error: undefined } : {}),
    });
  }

  #onMessage(message: Message): void {
    this.#update({ lastMessage: message, latency: this.#lease?.socket.latency });
  }

  #update(change: Partial<SocketSnapshot<M>>): void {
    this.#snapshot = { ...this.#snapshot, ...change };
    this.#notify();
  }

  #notify(): void {
    for (const onChange of this.#subscribers) onChange();
  }
}
