// The alert feed's data, without DOM or timers: de-duplication, the newest-first list with its
// cap (kept in chunks, one per frame's batch, so a render redoes only the chunks that changed),
// the queue of alerts waiting for the next frame, acknowledgement states and counts.
import type { NocAlert, Severity } from './alert.js';

export const AlertState = {
  new: 'new',
  pending: 'pending',
  acknowledged: 'acknowledged',
  failed: 'failed',
} as const;
export type AlertState = (typeof AlertState)[keyof typeof AlertState];

/** One alert as the feed holds it. */
export interface AlertEntry {
  readonly alert: NocAlert;
  /** The id exactly as the server sent it (a number stays a number in `acknowledge_alert`). */
  readonly wireId: string | number;
  state: AlertState;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
  /** Why the last acknowledgement failed. */
  error?: string;
}

/** A run of entries added in one frame; `version` changes whenever one of them does. */
export interface AlertChunk {
  readonly id: number;
  entries: AlertEntry[];
  version: number;
}

// Ids remembered for de-duplication and counting, beyond what is rendered; bounded so a screen
// left open for days does not grow without end. Also the most alerts held with `group-by`.
export const REMEMBERED = 20_000;

export class AlertStore {
  /** Rendered entries in chunks, newest first, at most `maxItems` in all. */
  chunks: AlertChunk[] = [];
  #size = 0;
  #nextChunk = 1;
  #flat?: AlertEntry[];
  readonly #byId = new Map<string, AlertEntry>();
  readonly #chunkOf = new Map<string, AlertChunk>();
  #queue: AlertEntry[] = [];
  readonly #known = new Map<string, Severity>();
  readonly #unacked = new Set<string>();
  readonly #acks = new Map<string, { by: string; at: string }>();
  /** Alerts whose acknowledgement is in flight, oldest first. */
  readonly #pending = new Set<string>();

  constructor(public maxItems = 200) {}

  /** Takes an incoming alert; false when its id is already known (a duplicate). */
  offer(alert: NocAlert, wireId: string | number): boolean {
    if (this.#known.has(alert.id)) return false;
    this.#known.set(alert.id, alert.severity);
    this.#unacked.add(alert.id);
    if (this.#known.size > REMEMBERED) this.#forget(this.#known.keys().next().value as string);
    this.#queue.push({ alert, wireId, state: AlertState.new });
    // Only the newest maxItems can ever be shown: drop older queued ones early (hidden tabs get no frames).
    if (this.#queue.length > 2 * this.maxItems) this.#queue = this.#queue.slice(-this.maxItems);
    return true;
  }

  /** Rendered entries, newest first. */
  get list(): AlertEntry[] {
    return (this.#flat ??= this.chunks.flatMap((c) => c.entries));
  }

  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Moves up to `batch` queued alerts to the top of the list and applies the cap. Returns the
   * entries the cap pushed out.
   */
  flush(batch: number): AlertEntry[] {
    if (this.#queue.length > this.maxItems) this.#queue = this.#queue.slice(-this.maxItems);
    const taken = this.#queue.splice(0, Math.max(1, batch)).reverse();
    if (taken.length === 0) return [];
    const chunk: AlertChunk = { id: this.#nextChunk++, entries: taken, version: 0 };
    for (const entry of taken) {
      const ack = this.#acks.get(entry.alert.id);
      if (!this.#unacked.has(entry.alert.id)) {
        entry.state = AlertState.acknowledged;
        entry.acknowledgedBy = ack?.by;
        entry.acknowledgedAt = ack?.at;
      }
      this.#byId.set(entry.alert.id, entry);
      this.#chunkOf.set(entry.alert.id, chunk);
    }
    this.chunks = [chunk, ...this.chunks];
    this.#size += taken.length;
    this.#flat = undefined;
    return this.trim();
  }

  /** Applies `maxItems`, oldest first; returns what was removed. */
  trim(): AlertEntry[] {
    const evicted: AlertEntry[] = [];
    while (this.#size > this.maxItems) {
      const last = this.chunks.at(-1)!;
      const excess = this.#size - this.maxItems;
      const gone = excess >= last.entries.length ? last.entries : last.entries.slice(-excess);
      if (gone === last.entries) this.chunks = this.chunks.slice(0, -1);
      else {
        last.entries = last.entries.slice(0, -excess);
        last.version += 1;
      }
      this.#size -= gone.length;
      evicted.push(...gone);
    }
    this.#dropped(evicted);
    return evicted;
  }

  /** Removes the entries for which `drop` is true (the groups beyond the cap); returns them. */
  remove(drop: (entry: AlertEntry) => boolean): AlertEntry[] {
    const removed: AlertEntry[] = [];
    for (const c of this.chunks) {
      const kept: AlertEntry[] = [];
      for (const e of c.entries) (drop(e) ? removed : kept).push(e);
      if (kept.length === c.entries.length) continue;
      c.entries = kept;
      c.version += 1;
    }
    this.chunks = this.chunks.filter((c) => c.entries.length > 0);
    this.#size -= removed.length;
    this.#dropped(removed);
    return removed;
  }

  #dropped(gone: AlertEntry[]): void {
    if (gone.length === 0) return;
    for (const { alert } of gone) {
      this.#byId.delete(alert.id);
      this.#chunkOf.delete(alert.id);
      this.#pending.delete(alert.id);
    }
    this.#flat = undefined;
  }

  /** Marks the entry's chunk as changed (for rendering). */
  #touch(entry: AlertEntry): void {
    const chunk = this.#chunkOf.get(entry.alert.id);
    if (chunk) chunk.version += 1;
  }

  get(id: string): AlertEntry | undefined {
    return this.#byId.get(id);
  }

  /** The entry now awaits the server's answer. */
  markPending(entry: AlertEntry): void {
    entry.state = AlertState.pending;
    entry.error = undefined;
    this.#touch(entry);
    this.#pending.delete(entry.alert.id);
    this.#pending.add(entry.alert.id);
  }

  /** The server confirmed an acknowledgement; returns the entry when the feed still shows it. */
  acknowledged(id: string, by: string, at: string): AlertEntry | undefined {
    this.#unacked.delete(id);
    this.#pending.delete(id);
    const entry = this.#byId.get(id);
    if (entry) {
      entry.state = AlertState.acknowledged;
      entry.acknowledgedBy = by;
      entry.acknowledgedAt = at;
      entry.error = undefined;
      this.#touch(entry);
    } else if (this.#known.has(id)) {
      this.#acks.set(id, { by, at });
      if (this.#acks.size > REMEMBERED) this.#acks.delete(this.#acks.keys().next().value as string);
    }
    return entry;
  }

  /** The acknowledgement failed (server error or timeout); returns the entry if it was pending. */
  failed(id: string, reason: string): AlertEntry | undefined {
    const entry = this.#byId.get(id);
    this.#pending.delete(id);
    if (!entry || entry.state !== AlertState.pending) return undefined;
    entry.state = AlertState.failed;
    entry.error = reason;
    this.#touch(entry);
    return entry;
  }

  /** Whether an acknowledgement of `id` is waiting for the server's answer. */
  isPending(id: string): boolean {
    return this.#pending.has(id);
  }

  /** Unacknowledged alerts received (also those beyond the cap) that pass the filter. */
  unacknowledged(filter: ReadonlySet<Severity>): number {
    if (filter.size === 0) return this.#unacked.size;
    let n = 0;
    for (const id of this.#unacked) if (filter.has(this.#known.get(id) as Severity)) n += 1;
    return n;
  }

  /** Forgets everything (a new client id). */
  clear(): void {
    this.chunks = [];
    this.#size = 0;
    this.#flat = undefined;
    this.#chunkOf.clear();
    this.#queue = [];
    this.#pending.clear();
    this.#byId.clear();
    this.#known.clear();
    this.#unacked.clear();
    this.#acks.clear();
  }

  #forget(id: string): void {
    this.#known.delete(id);
    this.#unacked.delete(id);
    this.#acks.delete(id);
  }
}
