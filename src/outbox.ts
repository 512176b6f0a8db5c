// The bounded outbox: frames sent while not connected wait here in order. When it is full the
// OLDEST frame is dropped to make room (the newest intent wins) and the caller reports it.

/** A queued frame: the text for the wire and the value the page passed to `send()`. */
export interface QueuedFrame {
  text: string;
  data: unknown;
}

export class Outbox {
  #frames: QueuedFrame[] = [];

  constructor(readonly capacity: number) {}

  /** Queues a frame; returns the frames dropped to make room, oldest first (empty when none). */
  push(frame: QueuedFrame): QueuedFrame[] {
    if (this.capacity <= 0) return [frame];
    const excess = this.#frames.push(frame) - this.capacity;
    return excess > 0 ? this.#frames.splice(0, excess) : [];
  }

  /** Empties the outbox, returning its frames in the order they were sent. */
  drain(): QueuedFrame[] {
    return this.#frames.splice(0);
  }
}

/** The text `send(data)` puts on the wire: an object as JSON, a string as is; else a TypeError. */
export function encode(data: unknown): string {
  if (typeof data === 'string') return data;
  if (typeof data !== 'object' || data === null)
    throw new TypeError('ReconnectingSocket.send: data must be an object or a string');
  try {
    return JSON.stringify(data);
  } catch (error) {
    throw new TypeError(
      `ReconnectingSocket.send: data is not JSON-serialisable (${String(error)})`,
    );
  }
}

/** Names frames for an error message: their `type` (or `action`), else "a text frame". */
export function describeFrames(frames: readonly QueuedFrame[]): string {
  return frames
    .map(({ data }) => {
      if (typeof data != 'object' || data === null) return 'a text frame';
      const { type, action } = data as { type?: unknown; action?: unknown };
      return typeof type == 'string'
        ? `'${type}'`
        : typeof action == 'string'
          ? `action '${action}'`
          : 'an object frame';
    })
    .join(', ');
}
