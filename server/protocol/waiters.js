// Lets the test side await a condition on the server's state (frames received, sockets open)
// instead of polling or sleeping: every state change re-checks the pending conditions.

export class Waiters {
  constructor() {
    /** @type {Set<() => void>} */
    this.pending = new Set();
  }

  /** Re-checks every pending condition; call after each state change. */
  notify() {
    for (const check of [...this.pending]) check();
  }

  /**
   * Resolves once `condition()` is true; rejects after `timeoutMs` saying what never happened.
   * @param {() => boolean} condition
   * @param {number} timeoutMs
   * @param {string} what
   * @param {() => string} [state] describes the state at the timeout, for the error message
   * @returns {Promise<void>}
   */
  waitFor(condition, timeoutMs, what, state) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.pending.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.pending.delete(check);
        reject(
          new Error(
            `timed out after ${timeoutMs} ms waiting for ${what}${state ? ` (${state()})` : ''}`,
          ),
        );
      }, timeoutMs);
      this.pending.add(check);
      check();
    });
  }
}
