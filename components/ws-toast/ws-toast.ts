// <ws-toast>: a stack of transient messages; announces connection changes when bound to one.
import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { SocketController } from '../internal/socket-controller.js';
import { kitEvent } from '../internal/events.js';
import { ConnectionAnnouncer, type Announcement } from './connection-announcer.js';
import { ToastStack, type ToastItem, type ToastOptions, type ToastVariant } from './toast-stack.js';
import { styles } from './ws-toast.styles.js';

export type { ToastOptions, ToastVariant };

/** `toast-dismiss` detail: which toast left, and why. */
export interface ToastDismissDetail {
  id: number;
  message: string;
  variant: ToastVariant;
  /** `cap`: folded into the "N more" toast; `replace`: a newer announcement of its connection took its place. */
  reason: 'timeout' | 'button' | 'escape' | 'cap' | 'replace' | 'api';
}

const GLYPHS: Record<ToastVariant, string> = { info: 'ℹ', success: '✓', warning: '⚠', error: '✕' };
const NAMES: Record<ToastVariant, string> = {
  info: 'Info',
  success: 'Success',
  warning: 'Warning',
  error: 'Error',
};

/**
 * @summary A stack of toasts: `show(message, {variant, duration})`, de-duplicated (a counter, not a
 * copy), capped (a burst beyond `max` folds into one "N more" toast), paused on hover and focus,
 * dismissed by its button or Escape. Bound to a connection (`for`, or inside a `<ws-connection>`)
 * it announces lost, restored, failed and refused connections, each announcement taking the place
 * of the one before.
 *
 * @event {CustomEvent<ToastDismissDetail>} toast-dismiss - A toast left (timeout, button, Escape, cap, replaced or `dismiss()`).
 *
 * @csspart region - The two live regions (polite, and assertive for errors).
 * @csspart toast - One toast; also `toast-info`, `toast-success`, `toast-warning`, `toast-error`, and `toast-more` for "N more".
 * @csspart icon - The variant glyph.
 * @csspart message - The message text.
 * @csspart count - "×3" when identical toasts were merged.
 * @csspart close - The dismiss button.
 *
 * @cssproperty --ws-toast-background - Toast background.
 * @cssproperty --ws-toast-color - Text colour.
 * @cssproperty --ws-toast-border-color - Border colour.
 * @cssproperty --ws-toast-info-color - Accent of `info` (also -success-, -warning-, -error-color).
 * @cssproperty --ws-toast-position - `fixed` (default) or `static`/`absolute`.
 * @cssproperty --ws-toast-inset-block - Distance from the bottom.
 * @cssproperty --ws-toast-inset-inline - Distance from the end side.
 * @cssproperty --ws-toast-width - Stack width.
 * @cssproperty --ws-toast-z-index - Stacking order.
 * @cssproperty --ws-toast-radius - Corner radius.
 * @cssproperty --ws-toast-shadow - Box shadow.
 * @cssproperty --ws-toast-font - Font shorthand.
 *
 * @example
 * <ws-toast for="noc" max="4"></ws-toast>
 * document.querySelector('ws-toast').show('Saved', { variant: 'success' });
 */
export class WsToast extends LitElement {
  static override styles = styles;

  readonly #announcer = new ConnectionAnnouncer();
  readonly #stack = new ToastStack((id) => this.#removeToast(id, 'timeout'));
  // Held for its lifecycle (it registers itself with the element); `for` changes move it.
  // eslint-disable-next-line no-unused-private-class-members
  readonly #link = new SocketController(this, {
    status: (detail) => this.#announce(this.#announcer.status(detail)),
    error: (detail) => this.#announce(this.#announcer.error(detail)),
  });

  /** Id of a `<ws-connection>` whose changes to announce; without it, the enclosing one (if any). */
  @property() for?: string | null;
  /** Most toasts visible at once (at least 2); beyond it the oldest fold into one "N more" toast (default 10). */
  @property({ type: Number }) max = 10;
  /** Default ms before a toast leaves; 0 keeps toasts until dismissed (default 5000). */
  @property({ type: Number }) duration = 5000;

  @state() private items: readonly ToastItem[] = [];
  #hovered = false;
  #focused = false;

  /**
   * Shows `message` (rendered as text). An identical visible toast counts up instead of repeating.
   * Returns the toast's id, for `dismiss(id)`.
   */
  show(message: string, options: ToastOptions = {}): number {
    return this.#add(message, options);
  }

  #add(message: string, options: ToastOptions, key?: string): number {
    const duration = options.duration ?? this.duration;
    const { id, evicted, replaced } = this.#stack.add(
      String(message),
      options.variant ?? 'info',
      duration,
      this.max,
      key,
    );
    this.items = [...this.#stack.items];
    if (replaced) this.#dismissed(replaced, 'replace');
    for (const item of evicted) this.#dismissed(item, 'cap');
    return id;
  }

  /** Removes one toast. */
  dismiss(id: number): void {
    this.#removeToast(id, 'api');
  }

  /** Removes every toast. */
  clear(): void {
    for (const item of [...this.#stack.items]) this.#removeToast(item.id, 'api');
  }

  #announce(announcement: Announcement | undefined): void {
    // One toast per connection: "Connection restored." takes the place of "Connection lost.".
    if (announcement)
      this.#add(announcement.message, { variant: announcement.variant }, 'connection');
  }

  #removeToast(id: number, reason: ToastDismissDetail['reason']): void {
    const item = this.#stack.items.find((t) => t.id === id);
    if (!item || !this.#stack.remove(id)) return;
    this.items = [...this.#stack.items];
    this.#dismissed(item, reason);
  }

  #dismissed(item: ToastItem, reason: ToastDismissDetail['reason']): void {
    const detail: ToastDismissDetail = {
      id: item.id,
      message: item.message,
      variant: item.variant,
      reason,
    };
    this.dispatchEvent(kitEvent('toast-dismiss', detail));
  }

  readonly #onEnter = () => this.#setPause('hovered', true);
  readonly #onLeave = () => this.#setPause('hovered', false);
  readonly #onFocusIn = () => this.#setPause('focused', true);
  readonly #onFocusOut = (event: FocusEvent) => {
    // Focus moving between toasts is not leaving the stack.
    const to = event.relatedTarget;
    if (!(to instanceof Node && this.renderRoot.contains(to))) this.#setPause('focused', false);
  };

  #setPause(which: 'hovered' | 'focused', on: boolean): void {
    if (which === 'hovered') this.#hovered = on;
    else this.#focused = on;
    this.#updatePause();
  }

  #updatePause(): void {
    if (this.#hovered || this.#focused) this.#stack.pause();
    else this.#stack.resume();
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    const toast = event
      .composedPath()
      .find((n) => n instanceof HTMLElement && n.dataset.toastId) as HTMLElement | undefined;
    const id = Number(toast?.dataset.toastId ?? this.#stack.items.at(-1)?.id);
    if (!Number.isFinite(id)) return;
    event.stopPropagation();
    this.#removeToast(id, 'escape');
    // Keep keyboard users in the stack while it has toasts.
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLButtonElement>('[part~="close"]')?.focus(),
    );
  }

  protected override updated(): void {
    // A focused toast that was removed fires no focusout: check where focus is now.
    if (this.#focused && !(this.renderRoot as ShadowRoot).activeElement)
      this.#setPause('focused', false);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stack.clear();
    this.items = [];
  }

  #renderToast(item: ToastItem) {
    return html`<div
      part="toast toast-${item.variant}${item.more ? ' toast-more' : ''}"
      data-variant=${item.variant}
      data-toast-id=${item.id}
    >
      <span part="icon" aria-hidden="true">${GLYPHS[item.variant]}</span>
      <span part="message"
        ><span class="sr-only">${NAMES[item.variant]}: </span>${item.message}${
          item.count > 1 && !item.more
            ? html`<span part="count"
                ><span aria-hidden="true">×${item.count}</span
                ><span class="sr-only"> (${item.count} times)</span></span
              >`
            : ''
        }</span
      >
      <button
        part="close"
        type="button"
        aria-label="Dismiss"
        @click=${() => this.#removeToast(item.id, 'button')}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>`;
  }

  protected override render() {
    const polite = this.items.filter((t) => t.variant !== 'error');
    const assertive = this.items.filter((t) => t.variant === 'error');
    // Two live regions that always exist, so additions are announced; errors interrupt.
    return html`<div
      @mouseenter=${this.#onEnter}
      @mouseleave=${this.#onLeave}
      @focusin=${this.#onFocusIn}
      @focusout=${this.#onFocusOut}
      @keydown=${this.#onKeydown}
    >
      <div part="region region-assertive" aria-live="assertive" aria-relevant="additions text">
        ${repeat(
          assertive,
          (t) => t.id,
          (t) => this.#renderToast(t),
        )}
      </div>
      <div part="region region-polite" aria-live="polite" aria-relevant="additions text">
        ${repeat(
          polite,
          (t) => t.id,
          (t) => this.#renderToast(t),
        )}
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ws-toast': WsToast;
  }
  interface GlobalEventHandlersEventMap {
    'toast-dismiss': CustomEvent<ToastDismissDetail>;
  }
}
