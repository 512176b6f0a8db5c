// Reads and drives a <ws-toast> stack.
import type { WsToast } from '../../../components/index.js';
import { shadow, textOf } from './dom.js';

export interface ToastView {
  el: HTMLElement;
  message: string;
  variant: string;
  count: number;
  region: 'polite' | 'assertive';
}

export class ToastHarness {
  constructor(readonly el: WsToast) {}

  get toasts(): ToastView[] {
    return [...shadow(this.el).querySelectorAll<HTMLElement>('[part~="toast"]')].map((el) => {
      const count = textOf(el.querySelector('[part="count"] [aria-hidden="true"]')).replace(
        '×',
        '',
      );
      const messageEl = el.querySelector('[part="message"]')!.cloneNode(true) as HTMLElement;
      messageEl.querySelectorAll('.sr-only, [part="count"]').forEach((n) => n.remove());
      const region =
        el.closest('[aria-live]')?.getAttribute('aria-live') === 'assertive'
          ? 'assertive'
          : 'polite';
      return {
        el,
        message: textOf(messageEl),
        variant: el.dataset.variant ?? '',
        count: count ? Number(count) : 1,
        region,
      };
    });
  }
  get messages(): string[] {
    return this.toasts.map((t) => t.message);
  }
  find(message: string): ToastView | undefined {
    return this.toasts.find((t) => t.message === message);
  }
  region(kind: 'polite' | 'assertive'): HTMLElement {
    return shadow(this.el).querySelector<HTMLElement>(`[aria-live="${kind}"]`)!;
  }
  /** The element the pointer and focus handlers sit on. */
  get stack(): HTMLElement {
    return shadow(this.el).firstElementChild as HTMLElement;
  }
  closeButton(message: string): HTMLButtonElement {
    const toast = this.find(message);
    if (!toast) throw new Error(`no toast "${message}" (have: ${this.messages.join(' | ')})`);
    return toast.el.querySelector('[part~="close"]') as HTMLButtonElement;
  }
}
