// The toast list as data: add with de-duplication, replacement by key, a cap whose overflow folds
// into one "N more" toast, dismiss, and pausable countdowns. No DOM here, so the element stays
// about rendering and events.

export const ToastVariant = {
  info: 'info',
  success: 'success',
  warning: 'warning',
  error: 'error',
} as const;
export type ToastVariant = (typeof ToastVariant)[keyof typeof ToastVariant];

export interface ToastOptions {
  /** Default `info`. */
  variant?: ToastVariant;
  /** ms before it leaves by itself; 0 or Infinity keeps it until dismissed. Default: the element's `duration`. */
  duration?: number;
}

export interface ToastItem {
  readonly id: number;
  message: string;
  variant: ToastVariant;
  /** How many identical toasts this one stands for (for "N more": how many it folded). */
  count: number;
  /** A toast with the same key takes this one's place (a connection's announcements). */
  key?: string;
  /** The "N more" toast: older toasts the cap folded away. */
  more?: boolean;
  duration: number;
  /** ms left when paused (or at the start). */
  remaining: number;
  startedAt: number;
  timer?: ReturnType<typeof setTimeout>;
}

const variants: readonly string[] = Object.values(ToastVariant);
// The "N more" toast takes the variant of the worst toast it folded.
const worse = (a: ToastVariant, b: ToastVariant) =>
  variants.indexOf(a) > variants.indexOf(b) ? a : b;
let nextId = 1;

/** Keeps the visible toasts; `onExpire` is called when a toast's time is up. */
export class ToastStack {
  items: ToastItem[] = [];
  #paused = false;

  constructor(private readonly onExpire: (id: number) => void) {}

  /**
   * Adds a toast, or counts one more of an identical visible toast. A `key` replaces the visible
   * toast of that key. Beyond `max` toasts (at least 2), the oldest fold into one "N more" toast.
   * Returns its id, the toasts folded by the cap and the one it replaced.
   */
  add(
    message: string,
    variant: ToastVariant,
    duration: number,
    max: number,
    key?: string,
  ): { id: number; evicted: ToastItem[]; replaced?: ToastItem } {
    const v = (variants.includes(variant) ? variant : ToastVariant.info) as ToastVariant;
    const same = this.items.find((t) => !t.more && t.message === message && t.variant === v);
    const replaced = key ? this.items.find((t) => t.key === key && t !== same) : undefined;
    if (replaced) this.remove(replaced.id);
    if (same) {
      same.count += 1;
      same.key = key;
      this.#restart(same, duration);
      return { id: same.id, evicted: [], replaced };
    }
    const item = this.#item({ message, variant: v, key }, duration);
    this.items = [...this.items, item];
    const evicted: ToastItem[] = [];
    while (this.items.length > Math.max(2, max)) {
      const oldest = this.items.find((t) => !t.more)!;
      this.remove(oldest.id);
      evicted.push(oldest);
      let more = this.items.find((t) => t.more);
      if (!more) {
        more = this.#item({ message: '', variant: oldest.variant, more: true, count: 0 }, duration);
        this.items = [more, ...this.items];
      }
      more.count += oldest.count;
      more.variant = worse(more.variant, oldest.variant);
      more.message = `${more.count} more`;
      this.#restart(more, duration);
    }
    return { id: item.id, evicted, replaced };
  }

  #item(fields: Pick<ToastItem, 'message' | 'variant'> & Partial<ToastItem>, duration: number) {
    const item: ToastItem = {
      id: nextId++,
      count: 1,
      duration,
      remaining: duration,
      startedAt: 0,
      ...fields,
    };
    this.#start(item);
    return item;
  }

  #restart(item: ToastItem, duration: number): void {
    item.duration = duration;
    item.remaining = duration;
    this.#start(item);
  }

  remove(id: number): boolean {
    const item = this.items.find((t) => t.id === id);
    if (!item) return false;
    clearTimeout(item.timer);
    this.items = this.items.filter((t) => t !== item);
    return true;
  }

  clear(): void {
    for (const item of this.items) clearTimeout(item.timer);
    this.items = [];
  }

  /** Hover or focus: every countdown stops and keeps what is left. */
  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    const now = Date.now();
    for (const item of this.items) {
      if (item.timer === undefined) continue;
      clearTimeout(item.timer);
      item.timer = undefined;
      item.remaining = Math.max(0, item.remaining - (now - item.startedAt));
    }
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    for (const item of this.items) this.#start(item);
  }

  #start(item: ToastItem): void {
    clearTimeout(item.timer);
    item.timer = undefined;
    if (this.#paused || !(item.remaining > 0) || !Number.isFinite(item.remaining)) return;
    item.startedAt = Date.now();
    item.timer = setTimeout(() => {
      item.timer = undefined;
      this.onExpire(item.id);
    }, item.remaining);
  }
}
