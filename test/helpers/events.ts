// Awaiting events instead of sleeping: every wait has a timeout that fails the test with a
// message saying what never happened.

/** Resolves with the next `type` event on `target` that passes `predicate`. */
export function nextEvent<E extends Event = CustomEvent>(
  target: EventTarget,
  type: string,
  predicate: (event: E) => boolean = () => true,
  timeoutMs = 5000,
): Promise<E> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for a '${type}' event`));
    }, timeoutMs);
    const listener = (event: Event) => {
      if (!predicate(event as E)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as E);
    };
    target.addEventListener(type, listener);
  });
}

/** Collects every `type` event on `target` until `stop()` is called. */
export function collectEvents<E extends Event = CustomEvent>(
  target: EventTarget,
  type: string,
): { events: E[]; stop: () => void } {
  const events: E[] = [];
  const listener = (event: Event) => events.push(event as E);
  target.addEventListener(type, listener);
  return { events, stop: () => target.removeEventListener(type, listener) };
}

/** Resolves once `check()` returns a truthy value, re-checking after each `type` event on `target`. */
export async function until<T>(
  target: EventTarget,
  type: string,
  check: () => T | undefined | false | null,
  timeoutMs = 5000,
): Promise<T> {
  const now = check();
  if (now) return now;
  let result: T | undefined;
  await nextEvent(
    target,
    type,
    () => {
      const value = check();
      if (value) result = value;
      return Boolean(value);
    },
    timeoutMs,
  );
  return result as T;
}
