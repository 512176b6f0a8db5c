// Pure delay arithmetic for reconnection: exponential growth, a cap, and per-attempt jitter.

export interface BackoffOptions {
  reconnectInterval: number;
  maxReconnectDelay: number;
  jitter: number;
}

/**
 * The wait before retry number `attempt` (1-based): `interval · 2^(attempt−1)`, capped, then
 * scaled into `[d·(1−jitter), d]` with a fresh random draw, so clients that lost the same server
 * spread out instead of returning together. Never above the cap.
 * @example
 * computeDelay(3, { reconnectInterval: 1000, maxReconnectDelay: 30000, jitter: 0 }); // 4000
 */
export function computeDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  // 2^exponent overflows to Infinity for large attempts; min() keeps it at the cap.
  const base = Math.min(options.reconnectInterval * 2 ** exponent, options.maxReconnectDelay);
  return jittered(base, options.jitter, random);
}

/** Scales `delay` into `[delay·(1−jitter), delay]`. */
export function jittered(delay: number, jitter: number, random: () => number = Math.random): number {
  const draw = Math.min(Math.max(random(), 0), 1);
  return Math.round(delay * (1 - jitter * draw));
}
