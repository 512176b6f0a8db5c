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
  const win = typeof window === 'undefined' ? undefined : window;
  if (win === undefined || typeof win.addEventListener !== 'function') return () => {};
  const doc = typeof document === 'undefined' ? undefined : document;
  const onOnline = (): void => hooks.online();
  const onOffline = (): void => hooks.offline();
  const onPageHide = (): void => hooks.pagehide();
  const onPageShow = (event: Event): void =>
    hooks.pageshow((event as PageTransitionEvent).persisted === true);
  const onVisibility = (): void => {
    if (doc?.visibilityState === 'visible') hooks.visible();
  };
  win.addEventListener('online', onOnline);
  win.addEventListener('offline', onOffline);
  win.addEventListener('pagehide', onPageHide);
  win.addEventListener('pageshow', onPageShow);
  doc?.addEventListener('visibilitychange', onVisibility);
  return () => {
    win.removeEventListener('online', onOnline);
    win.removeEventListener('offline', onOffline);
    win.removeEventListener('pagehide', onPageHide);
    win.removeEventListener('pageshow', onPageShow);
    doc?.removeEventListener('visibilitychange', onVisibility);
  };
}
