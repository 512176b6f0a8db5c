// Decides which connection changes deserve a toast: lost, restored, failed, credentials refused.
import type { ConnectionStatusDetail, ErrorDetail } from '../../src/types.js';
import type { ToastVariant } from './toast-stack.js';

export interface Announcement {
  message: string;
  variant: ToastVariant;
}

export const ANNOUNCEMENTS = {
  lost: { message: 'Connection lost. Reconnecting…', variant: 'warning' },
  polling: { message: 'Live connection unavailable. Polling for updates.', variant: 'warning' },
  restored: { message: 'Connection restored.', variant: 'success' },
  failed: { message: 'Connection failed. Live updates have stopped.', variant: 'error' },
  forbidden: { message: 'The server refused the connection.', variant: 'error' },
  auth: { message: 'The server refused the credentials. Please sign in again.', variant: 'error' },
} as const satisfies Record<string, Announcement>;

/** Remembers just enough (was it lost? was it refused?) to word the next change. */
export class ConnectionAnnouncer {
  #lost = false;
  #refusal: 'auth' | 'forbidden' | undefined;

  status(detail: ConnectionStatusDetail): Announcement | undefined {
    const { status, previous } = detail;
    if (status === 'connected') {
      const back = this.#lost || this.#refusal !== undefined;
      this.#lost = false;
      this.#refusal = undefined;
      return back ? ANNOUNCEMENTS.restored : undefined;
    }
    if (status === 'reconnecting' && previous === 'connected') {
      this.#lost = true;
      return ANNOUNCEMENTS.lost;
    }
    if (status === 'polling' && previous !== 'polling') {
      this.#lost = true;
      return ANNOUNCEMENTS.polling;
    }
    if (status === 'failed' && previous !== 'failed') {
      // A refusal was announced by its error event, which comes first.
      if (this.#refusal === 'auth') return undefined;
      if (this.#refusal === 'forbidden' || detail.code === 4403) return ANNOUNCEMENTS.forbidden;
      if (detail.code === 4001 || detail.code === 4401) return this.#refuse();
      this.#lost = true;
      return ANNOUNCEMENTS.failed;
    }
    return undefined;
  }

  error(detail: ErrorDetail): Announcement | undefined {
    if (detail.kind === 'auth') return this.#refusal === 'auth' ? undefined : this.#refuse();
    if (detail.kind === 'forbidden') this.#refusal = 'forbidden';
    return undefined;
  }

  #refuse(): Announcement {
    this.#refusal = 'auth';
    return ANNOUNCEMENTS.auth;
  }
}
