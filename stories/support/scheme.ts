// Shows the elements' light or dark scheme whatever the OS prefers: each element's shadow root gets
// copies of its stylesheets in which the `prefers-color-scheme: dark` blocks are switched on (or
// off). The rules are the element's own; only the media condition changes.
export type Scheme = 'light' | 'dark';

const DARK = /\(\s*prefers-color-scheme\s*:\s*dark\s*\)/g;
const copies = {
  light: new WeakMap<CSSStyleSheet, CSSStyleSheet>(),
  dark: new WeakMap<CSSStyleSheet, CSSStyleSheet>(),
};
const made = new WeakSet<CSSStyleSheet>();

function copyFor(sheet: CSSStyleSheet, scheme: Scheme): CSSStyleSheet {
  if (made.has(sheet)) return sheet;
  let copy = copies[scheme].get(sheet);
  if (!copy) {
    const text = [...sheet.cssRules].map((rule) => rule.cssText).join('\n');
    copy = new CSSStyleSheet();
    // `all` matches every page, `not all` none: the dark blocks always or never apply.
    copy.replaceSync(text.replace(DARK, scheme === 'dark' ? 'all' : 'not all'));
    copies[scheme].set(sheet, copy);
    made.add(copy);
  }
  return copy;
}

/** Every element with a shadow root under `root`, inside shadow roots too. */
function hosts(root: ParentNode): Element[] {
  const found: Element[] = [];
  for (const el of root.querySelectorAll('*')) {
    if (!el.shadowRoot) continue;
    found.push(el, ...hosts(el.shadowRoot));
  }
  return found;
}

async function apply(root: ParentNode, scheme: Scheme): Promise<void> {
  const pending = [...root.querySelectorAll('*')].filter((el) => el.localName.includes('-'));
  await Promise.all(pending.map((el) => customElements.whenDefined(el.localName)));
  await Promise.all(
    pending.map((el) => (el as Element & { updateComplete?: Promise<unknown> }).updateComplete),
  );
  for (const host of hosts(root)) {
    const shadow = host.shadowRoot;
    if (shadow)
      shadow.adoptedStyleSheets = shadow.adoptedStyleSheets.map((s) => copyFor(s, scheme));
  }
}

/**
 * Puts the elements under `root` in `scheme`, now and as elements are added later.
 * Returns a function that stops watching.
 */
export function forceScheme(root: HTMLElement, scheme: Scheme): () => void {
  root.dataset.scheme = scheme;
  void apply(root, scheme);
  const observer = new MutationObserver(() => void apply(root, scheme));
  observer.observe(root, { childList: true, subtree: true });
  return () => observer.disconnect();
}
