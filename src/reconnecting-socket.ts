// The reconnecting socket, as pages use it: connect, disconnect, send, updateToken, the live
// properties, and the page's own events (network, visibility, pagehide). The status machine
// is in socket-machine.ts, the typed events in socket-events.ts.
import { describeFrames } from './outbox.js';
import { watchPage } from './page-lifecycle.js';
import { SocketMachine } from './socket-machine.js';
import { frameText, type SubscriptionFrame } from './subscriptions.js';
import type { DefaultMessages } from './socket-events.js';
import { tokens } from './token-store.js';
import { OPEN } from './transport.js';
import type { MessageMap } from './types.js';

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
export class ReconnectingSocket<M extends MessageMap = DefaultMessages> extends SocketMachine<M> {
  #resumeOnShow = false;
  #unwatch: (() => void) | undefined;

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
    this.#resumeOnShow = false;
    this.#unwatch ??= watchPage({
      online: () => this.#onOnline(),
      offline: () => this.#probe(),
      visible: () => this.#onVisible(),
      pagehide: () => this.#onPageHide(),
      pageshow: (persisted) => {
        if (persisted && this.#resumeOnShow) this.connect();
      },
    });
    if (this.ws !== null) return; // never two sockets
    // While polling, connect() probes the socket now; polling serves until the socket opens.
    const midway = this.current === 'reconnecting' || this.current === 'polling';
    if (!midway || this.stopped !== undefined) this.retries = 0;
    this.stopped = undefined;
    this.open();
  }

  /** Closes the socket with 1000 (quietly: no reconnect) and stops every timer. */
  disconnect(): void {
    this.wanted = false;
    this.#resumeOnShow = false;
    this.#unwatch?.();
    this.#unwatch = undefined;
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
    if (
      typeof frame !== 'string' &&
      typeof frame !== 'function' &&
      (typeof frame !== 'object' || frame === null)
    )
      throw new TypeError(
        'ReconnectingSocket.subscribe: frame must be an object, a string or a function',
      );
    const off = this.subscriptions.add(frame);
    if (this.isConnected()) {
      const text = frameText(frame);
      if (text !== undefined) this.write(text);
    }
    return off;
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

  /** The network is back: retry now instead of waiting out the backoff. */
  #onOnline(): void {
    if (!this.wanted) return;
    if (this.ws !== null) return this.#probe();
    if (this.retry.pending || this.current === 'polling') this.open();
    else if (this.stopped === 'exhausted') this.connect();
  }

  /** The tab is visible again: its timers may have been throttled, so check by the wall clock. */
  #onVisible(): void {
    if (!this.wanted) return;
    if (this.ws !== null) return this.#probe();
    if (this.retry.overdue) this.open();
  }

  #probe(): void {
    if (this.ws?.readyState === OPEN) this.heartbeat.probe();
  }

  /** Closing the tab closes the socket; coming back from the back/forward cache reopens it. */
  #onPageHide(): void {
    if (!this.wanted) return;
    this.halt();
    this.wanted = false;
    this.#resumeOnShow = true;
    this.setStatus('disconnected');
  }
}
