// What a close code (or a refusal message) means for the socket: which error kind to report and
// whether, and how soon, to try again. The table is CONTRACT.md's.
import type { ErrorKind } from './types.js';

/**
 * Close codes with a meaning of their own.
 * @example
 * if (event.detail.code === CloseCode.authFailed) location.assign('/login');
 */
export const CloseCode = {
  /** `disconnect()`: ends quietly. */
  normal: 1000,
  /** The server is restarting; the reason may carry `retry-after=N`. */
  serviceRestart: 1012,
  /** The server is overloaded: try again later; the reason may carry `retry-after=N`. */
  tryAgainLater: 1013,
  /** Bad or expired credential (the seeds' backend). */
  authFailed: 4001,
  /** Bad or expired credential (the NOC SDK). */
  unauthorized: 4401,
  /** Origin or permission refused. */
  forbidden: 4403,
  /** The server saw no heartbeat within its timeout. */
  heartbeatTimeout: 4408,
  /** Too many connections for this user. */
  throttled: 4429,
} as const;

/** `backoff`: the usual growing delay; `cap`: wait the longest delay; `never`: stop (status `failed`). */
export type RetryRule = 'backoff' | 'cap' | 'never';

/**
 * What to report and whether to retry; `text` is fixed, so it never carries a token. `advised`:
 * a `retry-after=N` in the close reason sets the next delay (CONTRACT 0.2).
 */
export type CloseRule =
  | { kind: 'auth' | 'forbidden'; retry: 'never'; text: string; advised?: false }
  | { kind: ErrorKind; retry: Exclude<RetryRule, 'never'>; text: string; advised?: boolean };

const AUTH: CloseRule = {
  kind: 'auth',
  retry: 'never',
  text: 'the server refused the credentials',
};
const RULES: Record<number, CloseRule> = {
  [CloseCode.authFailed]: AUTH,
  [CloseCode.unauthorized]: AUTH,
  [CloseCode.forbidden]: {
    kind: 'forbidden',
    retry: 'never',
    text: 'the server refused this origin or user',
  },
  [CloseCode.heartbeatTimeout]: {
    kind: 'timeout',
    retry: 'backoff',
    text: 'the server closed the connection as idle',
  },
  [CloseCode.throttled]: {
    kind: 'throttled',
    retry: 'cap',
    text: 'too many connections for this user',
    advised: true,
  },
  [CloseCode.serviceRestart]: {
    kind: 'network',
    retry: 'backoff',
    text: 'the server is restarting',
    advised: true,
  },
  [CloseCode.tryAgainLater]: {
    kind: 'throttled',
    retry: 'cap',
    text: 'the server is busy: try again later',
    advised: true,
  },
};

/**
 * The rule for a close the client did not ask for.
 * @example
 * closeRule(4429); // { kind: 'throttled', retry: 'cap', text: 'too many connections for this user' }
 */
export function closeRule(code: number): CloseRule {
  return (
    RULES[code] ?? {
      kind: 'network',
      retry: 'backoff',
      text: 'the connection closed or could not be opened',
    }
  );
}

/** Server messages that refuse the credentials exactly as close code 4001 does. */
export const AUTH_REFUSALS: ReadonlySet<string> = new Set(['authentication_error', 'auth_failed']);

/** The longest advice taken, in seconds: an hour (CONTRACT 0.2 clarifications). */
const MOST_ADVISED = 3600;

/**
 * The `retry-after=N` of a close reason: N seconds (a decimal number, at most 3600), `NaN` when
 * it is there but malformed (not a number, negative), undefined when there is none.
 * @example
 * retryAfter('overloaded; retry-after=2.5'); // 2.5
 * retryAfter('retry-after=soon');             // NaN
 */
export function retryAfter(reason: string): number | undefined {
  const match = /retry-after=([^\s;,&]*)/i.exec(reason);
  if (match === null) return undefined;
  const text = match[1]!;
  return /^(\d+\.?\d*|\.\d+)$/.test(text) ? Math.min(Number(text), MOST_ADVISED) : NaN;
}
