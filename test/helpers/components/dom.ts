// Small DOM helpers for element tests: shadow queries, parsed markup, waiting on rendering.
import { waitUntil } from '@open-wc/testing';
import type { LitElement } from 'lit';

/** The open shadow root of `el` (every element of the kit has one). */
export function shadow(el: Element): ShadowRoot {
  if (!el.shadowRoot) throw new Error(`<${el.localName}> has no shadow root`);
  return el.shadowRoot;
}

/** Visible text with whitespace collapsed. */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Inserts markup as the HTML parser would (children parsed in order, elements upgraded in
 * document order) into a fresh container that open-wc's fixture cleanup does not know about;
 * call the returned `remove()` in the test or an afterEach.
 */
export function parse(markup: string): { container: HTMLElement; remove: () => void } {
  const container = document.createElement('div');
  document.body.append(container);
  container.append(document.createRange().createContextualFragment(markup));
  return { container, remove: () => container.remove() };
}

/** Resolves after `el` rendered its latest state (Lit's updateComplete, repeated while it changes). */
export async function settled(el: Element): Promise<void> {
  while (!(await (el as LitElement).updateComplete));
}

/**
 * Waits for a condition about rendered state; fails with `what` (and `seen()`, what there was
 * instead) when it never holds.
 */
export async function rendered(
  what: string,
  check: () => boolean,
  seen?: () => unknown,
  timeout = 5000,
): Promise<void> {
  try {
    await waitUntil(check, `never rendered: ${what}`, { timeout, interval: 10 });
  } catch (error) {
    if (!seen) throw error;
    throw new Error(`never rendered: ${what}; last seen: ${JSON.stringify(seen())}`);
  }
}
