// `toast()` for plain pages: shows a message in the page's <ws-toast>, creating one if needed.
import { define } from '../internal/define.js';
import type { ToastOptions, ToastVariant } from './toast-stack.js';
import { WsToast } from './ws-toast.js';

/**
 * Shows `message` as a toast in the first `<ws-toast>` of the document, creating one in
 * `document.body` when there is none (and registering the tag if nobody has). Returns the element.
 * @example
 * import { toast } from 'ws-widgets/elements'; // or WsWidgets.toast from the bundles
 * toast('Saved', 'success');
 */
export function toast(
  message: string,
  variant: ToastVariant = 'info',
  options: Omit<ToastOptions, 'variant'> = {},
): WsToast {
  define('ws-toast', WsToast);
  let el = document.querySelector('ws-toast');
  if (!el) {
    el = document.createElement('ws-toast');
    document.body.append(el);
  }
  el.show(message, { ...options, variant });
  return el;
}
