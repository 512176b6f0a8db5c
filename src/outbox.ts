// The bounded outbox: frames sent while not connected wait here in order. When it is full the
// OLDEST frame is dropped to make room (the newest intent wins) and the caller reports it.

/** A queued frame: the text for the wire and the value the page passed to `send()`. */
export interface QueuedFrame {
  text: string;
  data: unknown;
}

export class Outbox {
  private frames: QueuedFrame[] = [];

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.frames.length;
  }

  /** Queues a frame; returns the frames dropped to make room, oldest first (empty when none). */
  push(frame: QueuedFrame): QueuedFrame[] {
    if (this.capacity <= 0) return [frame];
    this.frames.push(frame);
    const excess = this.frames.length - this.capacity;
    return excess > 0 ? this.frames.splice(0, excess) : [];
  }

  /** Empties the outbox, returning its frames in the order they were sent. */
  drain(): QueuedFrame[] {
    const frames = this.frames;
    this.frames = [];
    return frames;
  }
}

/** Names frames for an error message: their `type` (or `action`), else "a text frame". */
export function describeFrames(frames: readonly QueuedFrame[]): string {
  return frames
    .map(({ data }) => {
      if (typeof data === 'object' && data !== null) {
        const { type, action } = data as { type?: unknown; action?: unknown };
        if (typeof type === 'string') return `'${type}'`;
        if (typeof action === 'string') return `action '${action}'`;
        return 'an object frame';
      }
      return 'a text frame';
    })
    .join(', ');
}
