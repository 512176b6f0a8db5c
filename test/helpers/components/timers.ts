// Tracks the timers the kit (src/, components/) creates while installed, to prove that nothing is
// left running. Timers of the test runner itself (its command channel) are not counted.

export interface TimerTracker {
  /** Timeouts and intervals created since install that were neither cleared nor (for timeouts) fired. */
  pending(): number;
  /** Where each pending timer was created (for failure messages). */
  origins(): string[];
  uninstall(): void;
}

/** Wraps setTimeout/setInterval and their clear functions until `uninstall()`. */
export function trackTimers(): TimerTracker {
  const live = new Map<unknown, string>();
  const origin = () => (new Error().stack ?? '').split('\n').slice(2, 8).join(' <- ');
  const ours = (stack: string) => /:\d+\/(src|components)\//.test(stack);
  const { setTimeout: st, clearTimeout: ct, setInterval: si, clearInterval: ci } = window;
  window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id: number = st(
      (...a: unknown[]) => {
        live.delete(id);
        if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
      },
      ms,
      ...args,
    );
    const where = origin();
    if (ours(where)) live.set(id, where);
    return id;
  }) as typeof window.setTimeout;
  window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
    const id = si(handler, ms, ...args);
    const where = origin();
    if (ours(where)) live.set(id, where);
    return id;
  }) as typeof window.setInterval;
  window.clearTimeout = ((id?: number) => {
    live.delete(id);
    ct(id);
  }) as typeof window.clearTimeout;
  window.clearInterval = ((id?: number) => {
    live.delete(id);
    ci(id);
  }) as typeof window.clearInterval;
  return {
    pending: () => live.size,
    origins: () => [...live.values()],
    uninstall() {
      Object.assign(window, {
        setTimeout: st,
        clearTimeout: ct,
        setInterval: si,
        clearInterval: ci,
      });
    },
  };
}
