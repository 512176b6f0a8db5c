// Browser page events that matter to a socket: the network returning, a hidden tab becoming
// visible, and the page being hidden or restored. Absent outside a browser (Node, workers).

export interface LifecycleHandlers {
  online: () => void;
  visible: () => void;
  hide: () => void;
  show: () => void;
}

export class PageLifecycle {
  private attached = false;
  private readonly onOnline = () => this.handlers.online();
  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') this.handlers.visible();
  };
  private readonly onPageHide = () => this.handlers.hide();
  private readonly onPageShow = (event: Event) => {
    if ((event as PageTransitionEvent).persisted) this.handlers.show();
  };

  constructor(private readonly handlers: LifecycleHandlers) {}

  attach(): void {
    if (this.attached || typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    this.attached = true;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('pagehide', this.onPageHide);
    window.addEventListener('pageshow', this.onPageShow);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', this.onVisibility);
  }

  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('pagehide', this.onPageHide);
    window.removeEventListener('pageshow', this.onPageShow);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', this.onVisibility);
  }
}
