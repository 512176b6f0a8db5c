// Play-function helpers: wait for what a widget shows by listening to its events, never by
// sleeping; every wait has a timeout that names what never happened.
import type { ConnectionStatus, ConnectionStatusDetail } from '../../src/types.js';

/** Resolves once `check()` is truthy, re-checking after each `type` event on `target`. */
export function until<T>(
  target: EventTarget,
  type: string,
  check: () => T | undefined | null | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const now = check();
    if (now) return resolve(now);
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const listener = () => {
      const value = check();
      if (!value) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(value);
    };
    target.addEventListener(type, listener);
  });
}

/** Resolves when the `<ws-connection>` (or socket) reports `status`. */
export function statusOf(
  connection: EventTarget & { status: ConnectionStatus },
  status: ConnectionStatus,
  timeoutMs = 10_000,
): Promise<true> {
  let seen = connection.status === status;
  const track = (e: Event) => {
    if ((e as CustomEvent<ConnectionStatusDetail>).detail.status === status) seen = true;
  };
  connection.addEventListener('connectionStatus', track);
  return until(
    connection,
    'connectionStatus',
    () => seen || undefined,
    `status '${status}'`,
    timeoutMs,
  ).finally(() => connection.removeEventListener('connectionStatus', track)) as Promise<true>;
}

/** The first element matching `selector` inside `root` (light DOM), or an error naming it. */
export function find<E extends Element>(root: ParentNode, selector: string): E {
  const el = root.querySelector<E>(selector);
  if (!el) throw new Error(`the story has no ${selector}`);
  return el;
}

/** Resolves after the element (a Lit element) has rendered its pending changes. */
export async function rendered(el: Element): Promise<void> {
  await (el as Element & { updateComplete?: Promise<unknown> }).updateComplete;
}

/** The element's rendered text (its shadow root's), whitespace collapsed. */
export const textOf = (el: Element): string =>
  (el.shadowRoot ?? el).textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Resolves once the element's rendered text matches `test`, watching its shadow root for changes. */
export function shows(el: Element, test: RegExp, timeoutMs = 10_000): Promise<void> {
  const root = el.shadowRoot ?? el;
  return new Promise((resolve, reject) => {
    if (test.test(textOf(el))) return resolve();
    const observer = new MutationObserver(() => {
      if (!test.test(textOf(el))) return;
      clearTimeout(timer);
      observer.disconnect();
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(
        new Error(
          `<${el.localName}> shows "${textOf(el)}", expected ${String(test)} within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    observer.observe(root, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
    });
  });
}
