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

/** What to report and whether to retry; `text` is fixed, so it never carries a token. */
export type CloseRule =
  | { kind: 'auth' | 'forbidden'; retry: 'never'; text: string }
  | { kind: ErrorKind; retry: Exclude<RetryRule, 'never'>; text: string };

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
