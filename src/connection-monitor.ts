// When the connection is dead and when to try again: the heartbeat (silence means dead), what a
// close means (the close-code table and the server's `retry-after`), the delay of each retry
// (backoff, cap, advice) and its timer, and the page's own events (network, visibility,
// back/forward cache). It decides; the socket acts.
import { advisedDelay, backoffDelay } from './backoff.js';
import { closeRule } from './close-codes.js';
import { retryAfter } from './close-codes.js';
import { Heartbeat } from './heartbeat.js';
import { watchPage, type PageHooks } from './page-lifecycle.js';
import { RetryTimer } from './retry-timer.js';
import type { Wait } from './state.js';
import type { ErrorKind, Message, ResolvedOptions } from './types.js';

export interface MonitorHooks extends PageHooks {
  /** Puts a heartbeat on the wire now. */
  heartbeat(frame: object): void;
  /** The socket has been silent for longer than the timeout. */
  dead(silentMs: number): void;
  /** The scheduled retry is due. */
  due(): void;
}

/** What a close means: stop (credentials or origin refused), or retry after `wait`. */
export type Verdict =
  | { retry: false; kind: 'auth' | 'forbidden'; text: string }
  | { retry: true; kind: ErrorKind; text: string; wait: Wait };

export class ConnectionMonitor {
  readonly #heartbeat: Heartbeat;
  readonly #timer = new RetryTimer();
  readonly #options: ResolvedOptions;
  readonly #random: () => number;
  readonly #hooks: MonitorHooks;
  #unwatch: (() => void) | undefined;
  /** A malformed `retry-after` is reported in the console once per socket. */
  #warned = false;

  constructor(options: ResolvedOptions, random: () => number, hooks: MonitorHooks) {
    this.#options = options;
    this.#random = random;
    this.#hooks = hooks;
    const { heartbeat, heartbeatInterval, heartbeatTimeout } = options;
    this.#heartbeat = new Heartbeat(
      { mode: heartbeat, interval: heartbeatInterval, timeout: heartbeatTimeout },
      { send: (frame) => hooks.heartbeat(frame), dead: (ms) => hooks.dead(ms) },
    );
  }

  /** Latency in ms from heartbeat answers, once known. */
  get latency(): number | undefined {
    return this.#heartbeat.latency;
  }

  /** `Date.now()`-based time of the scheduled retry, while one is scheduled. */
  get nextRetryAt(): number | undefined {
    return this.#timer.at;
  }

  /** The scheduled retry's time has passed (its timer was throttled in a hidden tab). */
  get overdue(): boolean {
    return this.#timer.overdue;
  }

  /** A socket is opening: the silence check starts (a handshake that never ends is dead too). */
  watch(): void {
    this.#heartbeat.watch();
  }

  /** Authenticated: heartbeats start. */
  beat(): void {
    this.#heartbeat.beat();
  }

  /** A sign of life: any frame, or the socket's opening. */
  heard(frame?: Message | string): void {
    this.#heartbeat.seen(frame);
  }

  /** The socket is gone: no more heartbeats or silence checks. */
  stop(): void {
    this.#heartbeat.stop();
  }

  /** Checks liveness now (the tab came back, the network changed). */
  probe(): void {
    this.#heartbeat.probe();
  }

  /** What a close the client did not ask for means, with the server's advice on the delay. */
  judge(code: number, reason: string): Verdict {
    const rule = closeRule(code);
    const text = `${rule.text} (code ${code})`;
    if (rule.retry === 'never') return { retry: false, kind: rule.kind, text };
    const advised = rule.advised ? this.#advice(reason) : undefined;
    return { retry: true, kind: rule.kind, text, wait: advised ?? rule.retry };
  }

  /** The delay of retry number `attempt`: drawn from the backoff, the cap, or as advised. */
  delay(attempt: number, wait: Wait): number {
    if (typeof wait == 'number') return wait;
    if (wait === 'now') return 0;
    return wait === 'cap'
      ? this.#options.maxReconnectDelay
      : backoffDelay(attempt, this.#options, this.#random);
  }

  /** Arms the retry timer (replacing any); `due` is called when it fires. */
  schedule(delay: number): void {
    this.#timer.schedule(delay, () => this.#hooks.due());
  }

  cancel(): void {
    this.#timer.clear();
  }

  /** Starts listening to the page (idempotent); `unwatchPage()` stops. */
  watchPage(): void {
    this.#unwatch ??= watchPage(this.#hooks);
  }

  unwatchPage(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  /** The delay `retry-after=N` asks for; a malformed one is reported once, and ignored. */
  #advice(reason: string): number | undefined {
    const seconds = retryAfter(reason);
    if (seconds === undefined) return undefined;
    if (Number.isNaN(seconds)) {
      if (!this.#warned)
        console.warn(
          'ws-widgets: ignored a malformed retry-after in a close reason: the backoff applies',
        );
      this.#warned = true;
      return undefined;
    }
    return advisedDelay(seconds, this.#options.jitter, this.#random());
  }
}
