// Per-endpoint log of broadcast frames for the HTTP polling fallback, with one increasing cursor.

const LIMIT = 1000;

/** @typedef {{seq: number, frame: object, scope?: string}} Entry */

export class PollLog {
  constructor() {
    this.seq = 0;
    /** @type {Map<string, Entry[]>} */
    this.logs = new Map();
  }

  /**
   * Records a frame broadcast on `path`. `scope` is the NOC client id or G-Code channel it went to.
   * @param {string} path
   * @param {object} frame
   * @param {string} [scope]
   */
  append(path, frame, scope) {
    this.seq += 1;
    const log = this.logs.get(path) ?? [];
    log.push({ seq: this.seq, frame, scope });
    if (log.length > LIMIT) log.splice(0, log.length - LIMIT);
    this.logs.set(path, log);
  }

  /**
   * Frames after cursor `since`; without `since`, none (the client starts from now).
   * @param {string} path
   * @param {number|undefined} since
   * @param {string} [scope] only frames of that client id / channel (frames without a scope pass)
   * @returns {{frames: object[], cursor: number}}
   */
  read(path, since, scope) {
    const log = this.logs.get(path) ?? [];
    const frames =
      since === undefined
        ? []
        : log
            .filter((e) => e.seq > since && (!scope || !e.scope || e.scope === scope))
            .map((e) => e.frame);
    return { frames, cursor: this.seq };
  }
}
