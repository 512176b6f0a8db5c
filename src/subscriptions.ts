// What the page wants from every connection, kept across reconnects: the subscription frames sent
// on every connect (after authentication and the ready message, before the outbox), and the
// `on(type)` handlers that messages are routed to by type.
import type { Message } from './types.js';

/** A subscription frame, or a function giving the frame to send now (undefined: none this time). */
export type SubscriptionFrame = object | string | (() => object | string | undefined);

type Handler = (message: Message) => void;

/** Reports a handler's exception without letting it stop the other handlers. */
function reportHandlerError(error: unknown): void {
  const { reportError } = globalThis as { reportError?: (error: unknown) => void };
  if (typeof reportError == 'function') reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
}

/** Removes one occurrence of `item` from a list that is replaced, never changed in place. */
function without<T>(list: readonly T[], item: T): T[] {
  const rest = list.slice();
  rest.splice(rest.indexOf(item), 1);
  return rest;
}

/** The text a subscription puts on the wire now, or undefined when it has nothing to say. */
export function frameText(frame: SubscriptionFrame): string | undefined {
  const value = typeof frame == 'function' ? frame() : frame;
  if (value === undefined) return undefined;
  return typeof value == 'string' ? value : JSON.stringify(value);
}

export class Subscriptions {
  /**
   * `on(type)` handlers. Each list is replaced, never changed in place, so a frame walks it
   * without a copy while a handler subscribes or unsubscribes.
   */
  readonly #handlers = new Map<string, readonly Handler[]>();
  #frames: readonly SubscriptionFrame[] = [];

  /** Keeps `frame` for every connect; returns the function that forgets it (idempotent). */
  add(frame: SubscriptionFrame): () => void {
    const kind = frame === null ? 'null' : typeof frame;
    if (kind !== 'object' && kind !== 'string' && kind !== 'function')
      throw new TypeError(
        'ReconnectingSocket.subscribe: frame must be an object, a string or a function',
      );
    this.#frames = [...this.#frames, frame];
    let kept = true;
    return () => {
      if (!kept) return;
      kept = false;
      this.#frames = without(this.#frames, frame);
    };
  }

  /** The texts to send on a connect, in the order they were added. */
  texts(): string[] {
    const out: string[] = [];
    for (const frame of this.#frames) {
      const text = frameText(frame);
      if (text !== undefined) out.push(text);
    }
    return out;
  }

  /** Calls `handler` with every message of `type`; returns the function that stops it. */
  on(type: string, handler: Handler): () => void {
    this.#handlers.set(type, [...(this.#handlers.get(type) ?? []), handler]);
    let subscribed = true;
    return () => {
      const list = this.#handlers.get(type);
      if (!subscribed || list === undefined) return;
      subscribed = false;
      const rest = without(list, handler);
      if (rest.length > 0) this.#handlers.set(type, rest);
      else this.#handlers.delete(type);
    };
  }

  /** Hands a message to the handlers of its type; one that throws does not stop the others. */
  route(message: Message): void {
    const list = this.#handlers.get(message.type);
    if (list === undefined) return;
    for (const handler of list) {
      try {
        handler(message);
      } catch (error) {
        reportHandlerError(error);
      }
    }
  }
}
