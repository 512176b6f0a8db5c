// Per-endpoint log of broadcast frames for the HTTP polling fallback, with a cursor.

const LIMIT = 1000;

export class PollLog {
  constructor() {
    this.seq = 0;
    /** @type {Map<string, {seq: number, frame: object}[]>} */
    this.logs = new Map();
  }

  append(path, frame) {
    this.seq += 1;
    const log = this.logs.get(path) ?? [];
    log.push({ seq: this.seq, frame });
    if (log.length > LIMIT) log.splice(0, log.length - LIMIT);
    this.logs.set(path, log);
  }

  /** Frames after `since`; without `since`, none (the client starts from now). */
  read(path, since) {
    const log = this.logs.get(path) ?? [];
    const frames = since === undefined ? [] : log.filter((e) => e.seq > since).map((e) => e.frame);
    return { frames, cursor: this.seq };
  }
}
