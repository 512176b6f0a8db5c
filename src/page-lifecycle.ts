// Page events that matter to a live socket: the network coming and going, the tab becoming
// visible again, the page being hidden (tab closed, or put in the back/forward cache) and
// restored. In Node, or any place without `window`, there is nothing to watch.

export interface PageHooks {
  online(): void;
  offline(): void;
  /** The tab became visible after being hidden. */
  visible(): void;
  pagehide(): void;
  /** `persisted`: the page came back from the back/forward cache. */
  pageshow(persisted: boolean): void;
}

/** Listens to the page for one socket; returns the function that stops listening. */
export function watchPage(hooks: PageHooks): () => void {
  if (typeof window == 'undefined' || typeof document == 'undefined') return () => {};
  const listeners: [EventTarget, string, (event: Event) => void][] = [
    [window, 'online', () => hooks.online()],
    [window, 'offline', () => hooks.offline()],
    [window, 'pagehide', () => hooks.pagehide()],
    [window, 'pageshow', (e) => hooks.pageshow((e as PageTransitionEvent).persisted === true)],
    [document, 'visibilitychange', () => document.visibilityState === 'visible' && hooks.visible()],
  ];
  for (const [target, type, listener] of listeners) target.addEventListener(type, listener);
  return () => {
    for (const [target, type, listener] of listeners) target.removeEventListener(type, listener);
  };
}
