// Liveness of one open socket: sends heartbeats in the configured dialect, measures latency, and
// declares the socket dead after `timeout` ms without any frame. Staleness is judged by the wall
// clock, so a tab whose timers were throttled while hidden can tell at once when it comes back.
import type { HeartbeatMode, Message } from './types.js';

export interface HeartbeatConfig {
  mode: HeartbeatMode;
  /** ms between heartbeats. */
  interval: number;
  /** ms of silence before the socket is dead; `Infinity` turns the check off. */
  timeout: number;
  /** Clock, injectable for tests. Default `Date.now`. */
  now?: () => number;
}

export interface HeartbeatHooks {
  /** Puts a heartbeat on the wire now (never queued). */
  send(frame: object): void;
  /** Called once when the socket has been silent for longer than the timeout. */
  dead(silentForMs: number): void;
}

/** The frame a dialect sends, or undefined for `none`. */
export function heartbeatFrame(mode: HeartbeatMode, at = new Date()): object | undefined {
  return mode === 'ping'
    ? { type: 'ping' }
    : mode === 'heartbeat'
      ? { type: 'heartbeat', timestamp: at.toISOString() }
      : mode === 'action-ping'
        ? { action: 'ping' }
        : undefined;
}

export class Heartbeat {
  #lastSeen = 0;
  #sentAt: number | undefined;
  #beatTimer: ReturnType<typeof setInterval> | undefined;
  #deadTimer: ReturnType<typeof setTimeout> | undefined;
  #watching = false;
  #measured: number | undefined;
  readonly #now: () => number;
  readonly #config: HeartbeatConfig;
  readonly #hooks: HeartbeatHooks;

  constructor(config: HeartbeatConfig, hooks: HeartbeatHooks) {
    this.#config = config;
    this.#hooks = hooks;
    this.#now = config.now ?? Date.now;
  }

  /** Latest latency in ms: `heartbeat_ack.latency_ms`, or the measured heartbeat round trip. */
  get latency(): number | undefined {
    return this.#measured;
  }

  /** Starts the silence check for a socket that has just opened. */
  watch(): void {
    this.stop();
    this.#watching = true;
    this.#lastSeen = this.#now();
    this.#arm(this.#config.timeout);
  }

  /** Starts sending heartbeats (once the socket is authenticated). */
  beat(): void {
    if (this.#watching && this.#config.mode !== 'none')
      this.#beatTimer ??= setInterval(() => this.#send(), this.#config.interval);
  }

  stop(): void {
    this.#watching = false;
    this.#sentAt = undefined;
    clearInterval(this.#beatTimer);
    clearTimeout(this.#deadTimer);
    this.#beatTimer = this.#deadTimer = undefined;
  }

  /** Any frame (even a refused one, passed as its reason) counts as life; pongs and acks also give the latency. */
  seen(message?: Message | string): void {
    const now = (this.#lastSeen = this.#now());
    const type = typeof message == 'object' ? message.type : '';
    if (type !== 'pong' && type !== 'heartbeat_ack') return;
    const given = (message as Message)['latency_ms'];
    if (type === 'heartbeat_ack' && typeof given == 'number' && given >= 0) this.#measured = given;
    else if (this.#sentAt !== undefined) this.#measured = now - this.#sentAt;
    else return;
    this.#sentAt = undefined;
  }

  /** True when the wall clock says the socket has been silent for longer than the timeout. */
  isStale(): boolean {
    return this.#watching && this.#now() - this.#lastSeen > this.#config.timeout;
  }

  /**
   * Checks liveness now (the tab came back, the network changed): a stale socket is declared dead
   * at once; a live one gets a heartbeat now, whose answer refreshes the latency.
   */
  probe(): void {
    if (this.isStale()) this.#die();
    else if (this.#beatTimer !== undefined) this.#send(); // not before authentication
  }

  #send(): void {
    const frame = heartbeatFrame(this.#config.mode);
    if (frame === undefined) return;
    this.#sentAt = this.#now();
    this.#hooks.send(frame);
  }

  #arm(ms: number): void {
    if (ms < Infinity)
      this.#deadTimer = setTimeout(() => {
        const left = this.#config.timeout - (this.#now() - this.#lastSeen);
        if (left > 0) this.#arm(left);
        else this.#die();
      }, ms);
  }

  #die(): void {
    const silent = this.#now() - this.#lastSeen;
    this.stop();
    this.#hooks.dead(silent);
  }
}
