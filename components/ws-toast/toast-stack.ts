// The toast list as data: add with de-duplication, cap, dismiss, and pausable countdowns.
// No DOM here, so the element stays about rendering and events.

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
  readonly message: string;
  readonly variant: ToastVariant;
  /** How many identical toasts this one stands for. */
  count: number;
  duration: number;
  /** ms left when paused (or at the start). */
  remaining: number;
  startedAt: number;
  timer?: ReturnType<typeof setTimeout>;
}

const variants: readonly string[] = Object.values(ToastVariant);
let nextId = 1;

/** Keeps the visible toasts; `onExpire` is called when a toast's time is up. */
export class ToastStack {
  items: ToastItem[] = [];
  #paused = false;

  constructor(private readonly onExpire: (id: number) => void) {}

  /**
   * Adds a toast, or counts one more of an identical visible toast. Returns its id and the
   * toasts the cap pushed out.
   */
  add(
    message: string,
    variant: ToastVariant,
    duration: number,
    max: number,
  ): { id: number; evicted: ToastItem[] } {
    const v = (variants.includes(variant) ? variant : ToastVariant.info) as ToastVariant;
    const same = this.items.find((t) => t.message === message && t.variant === v);
    if (same) {
      same.count += 1;
      same.duration = duration;
      same.remaining = duration;
      this.#start(same);
      return { id: same.id, evicted: [] };
    }
    const item: ToastItem = {
      id: nextId++,
      message,
      variant: v,
      count: 1,
      duration,
      remaining: duration,
      startedAt: 0,
    };
    this.items = [...this.items, item];
    this.#start(item);
    const evicted: ToastItem[] = [];
    while (this.items.length > Math.max(1, max)) {
      const oldest = this.items[0]!;
      this.remove(oldest.id);
      evicted.push(oldest);
    }
    return { id: item.id, evicted };
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
