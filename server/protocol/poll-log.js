// Per-endpoint log of broadcast frames for the HTTP polling fallback, with one increasing cursor;
// a NOC poll naming its `client_id` follows that client's stream instead (seq as the cursor).
import { NOC_PATH } from './noc.js';
import { pollStream } from './noc-stream.js';

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

/**
 * Answers a poll of `path`: a NOC poll with one `client_id` follows that client's stream (the
 * first poll gets an `alert_snapshot`, the cursor is the stream's seq); others read the log.
 * @param {import('./hub.js').Hub} hub
 * @param {string} path
 * @param {number|undefined} since
 * @param {URLSearchParams} params
 * @returns {{frames: object[], cursor: number}}
 */
export function readPoll(hub, path, since, params) {
  const clientId = params.get('client_id');
  if (path === NOC_PATH && clientId) return pollStream(hub, clientId, since);
  return hub.polls.read(path, since, params.get('channel') ?? undefined);
}
