// Pure reconnect-delay arithmetic: exponential growth from the first delay, a cap, and jitter
// drawn afresh for every attempt. No timers here: the socket asks, then waits.

/** `x` held within [0, 1]. */
const unit = (x: number): number => Math.min(Math.max(x, 0), 1);

/** The three options that shape the delays. */
export interface BackoffConfig {
  /** First retry delay, ms. */
  reconnectInterval: number;
  /** Cap on any delay, ms. */
  maxReconnectDelay: number;
  /** Randomisation factor 0..1. */
  jitter: number;
}

/**
 * Delay before retry number `attempt` (1-based), before jitter: interval · 2^(attempt − 1), capped.
 * @example
 * baseDelay(3, { reconnectInterval: 1000, maxReconnectDelay: 30000, jitter: 0 }); // 4000
 */
export function baseDelay(attempt: number, config: BackoffConfig): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2 ** n overflows to Infinity for huge n; Math.min then yields the cap, as it should.
  return Math.min(config.reconnectInterval * 2 ** (n - 1), config.maxReconnectDelay);
}

/**
 * Applies jitter to a delay: `d` becomes a value in `[d·(1−jitter), d]`, never above `d`.
 * `draw` is one value of a random source in [0, 1).
 * @example
 * jittered(1000, 0.5, 0.5); // 750
 */
export function jittered(delay: number, jitter: number, draw: number): number {
  // ceil keeps the lower bound; min keeps the upper bound when `delay` is not an integer.
  return Math.min(delay, Math.ceil(delay * (1 - unit(jitter) * unit(draw))));
}

/**
 * The delay before retry number `attempt`: doubled from the first delay, capped, then jittered
 * with a fresh draw from `random` (so two pages, or two attempts, never share one factor).
 * @example
 * const config = { reconnectInterval: 1000, maxReconnectDelay: 30000, jitter: 0.5 };
 * backoffDelay(1, config);            // somewhere in [500, 1000]
 * backoffDelay(6, config, () => 0);   // 30000: the cap, no jitter drawn
 */
export function backoffDelay(
  attempt: number,
  config: BackoffConfig,
  random: () => number = Math.random,
): number {
  const delay = baseDelay(attempt, config);
  return config.jitter > 0 ? jittered(delay, config.jitter, random()) : delay;
}

/**
 * The delay the server advised (`retry-after=N`, in seconds), jittered upwards: a value in
 * `[N·1000, N·1000·(1 + jitter)]`, whatever the cap says. `draw` is one value in [0, 1).
 * @example
 * advisedDelay(2, 1, 0.5); // 3000
 */
export function advisedDelay(seconds: number, jitter: number, draw: number): number {
  return Math.round(seconds * 1000 * (1 + unit(jitter) * unit(draw)));
}
