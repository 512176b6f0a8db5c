// Which tab holds the shared socket (`share: 'tabs'`): a Web Lock per socket key, held by the
// leader for as long as it leads, queued for by every other tab that wants the socket, stolen
// (by one follower at a time) from a leader that has stopped answering.

/** The slice of the Web Locks API used here (the DOM lib's types, without needing the DOM lib). */
interface LockManagerLike {
  request(
    name: string,
    options: { signal?: AbortSignal; steal?: boolean; ifAvailable?: boolean },
    callback: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>;
}

export interface ElectionHooks {
  /** This tab got the lock: it leads now. */
  granted(): void;
  /** The lock was taken from this tab (`steal`): it no longer leads. */
  stolen(): void;
}

/** The lock manager of this context, or undefined (Node, insecure contexts, old browsers). */
export function lockManager(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return typeof nav?.locks?.request == 'function' ? nav.locks : undefined;
}

/** Lock and channel name for a socket key; the key (with its credential) is hashed, never shown. */
export async function shareName(key: string): Promise<string> {
  const data = new TextEncoder().encode(key);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  const hex = Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
  return `ws-widgets:tabs:${hex}`;
}

const isAbort = (error: unknown): boolean => (error as { name?: unknown })?.name === 'AbortError';

export class TabElection {
  readonly #locks: LockManagerLike;
  readonly #name: string;
  readonly #hooks: ElectionHooks;
  /** Aborts the queued request (a queued request cannot be stolen for; see steal()). */
  #pending: AbortController | undefined;
  /** Ends the held lock's callback, releasing the lock. */
  #release: (() => void) | undefined;
  /** Counts requests, so the news of an old one (granted late, stolen) is told apart. */
  #generation = 0;

  constructor(locks: LockManagerLike, name: string, hooks: ElectionHooks) {
    this.#locks = locks;
    this.#name = name;
    this.#hooks = hooks;
  }

  /** This tab holds the lock. */
  get held(): boolean {
    return this.#release !== undefined;
  }

  /** Queues for the lock, unless already holding or queued. */
  join(): void {
    if (this.#release || this.#pending) return;
    const pending = (this.#pending = new AbortController());
    this.#request({ signal: pending.signal });
  }

  /** Gives the lock up or leaves the queue. */
  leave(): void {
    this.#generation += 1;
    this.#pending?.abort();
    this.#pending = undefined;
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  /**
   * Takes the lock from a leader that has gone silent. Only one follower does so: the others
   * find the steal lock taken and stay queued. Resolves true when this tab stole it.
   */
  async steal(): Promise<boolean> {
    if (this.#release) return false;
    const generation = this.#generation;
    return (await this.#locks.request(
      `${this.#name}:steal`,
      { ifAvailable: true },
      async (lock) => {
        if (lock === null || generation !== this.#generation || this.#release) return false;
        // A queued request would take the lock again after ours: leave the queue first.
        this.#pending?.abort();
        this.#pending = undefined;
        this.#request({ steal: true });
        return true;
      },
    )) as boolean;
  }

  #request(options: { signal?: AbortSignal; steal?: boolean }): void {
    const generation = ++this.#generation;
    let holding = false;
    this.#locks
      .request(this.#name, options, () => {
        if (generation !== this.#generation) return Promise.resolve();
        holding = true;
        this.#pending = undefined;
        const held = new Promise<void>((resolve) => (this.#release = resolve));
        this.#hooks.granted();
        return held;
      })
      .catch((error: unknown) => {
        // Stolen: Chromium rejects the request with an AbortError while the callback still runs.
        if (!isAbort(error)) throw error;
        if (holding && generation === this.#generation) {
          this.#release = undefined;
          this.#hooks.stolen();
        }
      });
  }
}
