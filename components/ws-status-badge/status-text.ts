// Pure text of the status badge: status labels, the reconnect countdown and the latency.
import type { ConnectionStatus } from '../../src/types.js';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
  failed: 'Connection failed',
  polling: 'Polling (fallback)',
};

/**
 * The countdown while a retry waits, e.g. "Reconnecting in 4 s (2/10)". Seconds round up, so
 * the text never claims less time than remains; without a wait it says "Reconnecting… (2/10)".
 * `maxAttempts` Infinity drops the "/max".
 * @example
 * import { countdownText } from 'ws-widgets/elements';
 * countdownText(3200, 2, 10); // "Reconnecting in 4 s (2/10)"
 */
export function countdownText(
  msUntilRetry: number | undefined,
  attempt: number,
  maxAttempts: number,
): string {
  const of = Number.isFinite(maxAttempts) ? `${attempt}/${maxAttempts}` : `${attempt}`;
  if (msUntilRetry === undefined || !(msUntilRetry > 0)) return `Reconnecting… (${of})`;
  return `Reconnecting in ${Math.ceil(msUntilRetry / 1000)} s (${of})`;
}

/** Latency as shown, e.g. "23 ms"; "" when unknown. */
export function latencyText(latency: number | undefined): string {
  return latency === undefined || !Number.isFinite(latency) ? '' : `${Math.round(latency)} ms`;
}

export interface BadgeState {
  status: ConnectionStatus;
  attempt: number;
  maxAttempts: number;
  /** Date.now()-based time of the next retry, while one is scheduled. */
  nextRetryAt?: number;
  now: number;
}

/** The badge's main text for a state. */
export function statusText(state: BadgeState): string {
  if (state.status === 'reconnecting' && state.attempt > 0) {
    const wait = state.nextRetryAt === undefined ? undefined : state.nextRetryAt - state.now;
    return countdownText(wait, state.attempt, state.maxAttempts);
  }
  return LABELS[state.status] ?? state.status;
}
