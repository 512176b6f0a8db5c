// The close-code policy of the contract: which closes end the connection, which reconnect.
import { ErrorKind } from './types.js';

export interface ClosePolicy {
  /** Error to report, if any. */
  kind?: ErrorKind;
  /** Whether to schedule a retry. */
  reconnect: boolean;
  /** Next delay is the cap (4429). */
  throttled?: boolean;
  message?: string;
}

/** Maps a close code to what the service does next. */
export function closePolicy(code: number): ClosePolicy {
  switch (code) {
    case 4001:
    case 4401:
      return { kind: ErrorKind.auth, reconnect: false, message: 'the server refused the credentials' };
    case 4403:
      return { kind: ErrorKind.forbidden, reconnect: false, message: 'the server refused this origin or user' };
    case 4408:
      return { kind: ErrorKind.timeout, reconnect: true, message: 'the server closed a connection it found idle' };
    case 4429:
      return {
        kind: ErrorKind.throttled,
        reconnect: true,
        throttled: true,
        message: 'the server has too many connections for this user',
      };
    default:
      return { kind: ErrorKind.network, reconnect: true, message: `connection closed (code ${code})` };
  }
}
