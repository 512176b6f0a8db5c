// The socket's face as an EventTarget: typed `addEventListener` / `removeEventListener` overloads
// for its three events, and whether anyone listens for `message` (with no one, the socket builds
// no event object per frame). It holds no connection state.
import { tokens } from './token-store.js';
import type { ErrorDetail, ErrorKind, ReconnectingSocketEventMap } from './types.js';
import { redact } from './url.js';

/** The message map used when none is given: any type, any fields. */
export type DefaultMessages = Record<string, Record<string, unknown>>;

type Listener<K extends keyof ReconnectingSocketEventMap> = (
  event: ReconnectingSocketEventMap[K],
) => void;
// The listener and options types spelt out rather than the DOM lib's names, which a Node project
// (lib ES20xx with @types/node) lacks: EventTarget, Event and AbortSignal are all it needs.
type AnyListener = ((event: Event) => void) | { handleEvent(event: Event): void } | null;
interface ListenerOptions {
  capture?: boolean;
  once?: boolean;
  passive?: boolean;
  signal?: AbortSignal;
}

const capture = (options?: boolean | ListenerOptions): number =>
  +(typeof options == 'boolean' ? options : options?.capture === true);

export class SocketEventTarget extends EventTarget {
  /**
   * The `message` listeners (bubble, capture). Listeners that the platform may remove by itself
   * (`once`, `signal`) are not kept here (that would hold them forever); one of them makes every
   * later frame an event instead.
   */
  readonly #taps = [new Set<unknown>(), new Set<unknown>()];
  #alwaysEmit = false;

  /** True while a `message` event would reach a listener. */
  protected get tapped(): boolean {
    return this.#alwaysEmit || this.#taps[0]!.size + this.#taps[1]!.size > 0;
  }

  override addEventListener<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | ListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: AnyListener,
    options?: boolean | ListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: AnyListener,
    options?: boolean | ListenerOptions,
  ): void {
    super.addEventListener(type, listener, options);
    if (type !== 'message' || !listener) return;
    if (typeof options == 'object' && (options.once || options.signal)) this.#alwaysEmit = true;
    else this.#taps[capture(options)]!.add(listener);
  }

  override removeEventListener<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    listener: Listener<K> | null,
    options?: boolean | ListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: AnyListener,
    options?: boolean | ListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: AnyListener,
    options?: boolean | ListenerOptions,
  ): void {
    super.removeEventListener(type, listener, options);
    if (type === 'message') this.#taps[capture(options)]!.delete(listener);
  }

  /** Dispatches one of the three events; the text of a status or error never shows the token. */
  protected emit<K extends keyof ReconnectingSocketEventMap>(
    type: K,
    detail: ReconnectingSocketEventMap[K]['detail'],
  ): void {
    const scrub = detail as { message?: unknown; reason?: unknown };
    if (type !== 'message') {
      const token = tokens.get(this);
      if (typeof scrub.message == 'string') scrub.message = redact(scrub.message, token);
      if (typeof scrub.reason == 'string') scrub.reason = redact(scrub.reason, token);
    }
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Reports an `error` event. */
  protected report(kind: ErrorKind, message: string, extra?: Partial<ErrorDetail>): void {
    this.emit('error', { ...extra, kind, message });
  }
}
