// The bounded offline queue: frames sent while not connected, kept in order up to a limit.

export class Outbox {
  private frames: string[] = [];

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.frames.length;
  }

  /**
   * Queues a frame. When full, the OLDEST frames are dropped (and returned) so that what goes
   * out after reconnecting is the most recent state.
   */
  push(frame: string): string[] {
    if (this.limit <= 0) return [frame];
    this.frames.push(frame);
    const excess = this.frames.length - this.limit;
    return excess > 0 ? this.frames.splice(0, excess) : [];
  }

  /** Takes every queued frame, in order. */
  drain(): string[] {
    const out = this.frames;
    this.frames = [];
    return out;
  }

  clear(): void {
    this.frames = [];
  }
}
