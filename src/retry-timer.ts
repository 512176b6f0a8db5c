// One pending retry: its timer, and its due time on the wall clock (for the page's countdown, and
// for a tab coming back from hidden, whose throttled timers may be late).

export class RetryTimer {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #due: number | undefined;

  /** `Date.now()`-based due time, while a retry is pending. */
  get at(): number | undefined {
    return this.#due;
  }

  /** True when a retry is pending and its time has passed (its timer was throttled). */
  get overdue(): boolean {
    return this.#due !== undefined && this.#due <= Date.now();
  }

  /** Runs `run` after `delay` ms (never synchronously), replacing any pending retry. */
  schedule(delay: number, run: () => void): void {
    this.clear();
    this.#due = Date.now() + delay;
    this.#timer = setTimeout(() => {
      this.clear();
      run();
    }, delay);
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#due = undefined;
  }
}
