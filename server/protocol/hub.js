// The protocol logic of the reference server, free of any transport: sessions, admission,
// parsing and routing of frames, silence. The Node server (ws) and the in-browser stand-in for
// Storybook both drive it through session objects they create.
import { authenticate, closeForAuth } from './auth.js';
import { PRESENCE_PATH, SYNC_PATH } from './base.js';
import { receiveFrame } from './inbound.js';
import { nocGreeting, NOC_PATH } from './noc.js';
import { GCODE_PATH } from './gcode.js';
import { checkOptions, resolveOptions } from './options.js';
import { PollLog } from './poll-log.js';
import { Waiters } from './waiters.js';

/**
 * What a transport hands the hub for each accepted socket.
 * @typedef {object} Transport
 * @property {string} path
 * @property {(frame: object|string, binary?: boolean) => void} send
 * @property {(code: number, reason?: string) => void} close
 * @property {() => void} [terminate] drop without a close frame
 * @property {(paused: boolean) => void} [setPaused] stop/start reading from the peer (silence)
 */
/**
 * @typedef {Transport & {id: number, user: string, token?: string, authed: boolean,
 *   refused: boolean, clients: Set<string>, channels: Set<string>, lastSeen: number}} Session
 */
/** @typedef {{path: string, connection: number, frame: Record<string, unknown>}} ReceivedFrame */
/** @typedef {{path: string, connection: number, token?: string, origin?: string, hasCookie: boolean}} Accepted */

export const ENDPOINTS = [NOC_PATH, PRESENCE_PATH, GCODE_PATH, SYNC_PATH];

export class Hub {
  /** @param {Record<string, unknown>} [options] */
  constructor(options = {}) {
    this.options = resolveOptions(options);
    this.startedAt = Date.now();
    /** @type {Set<Session>} */
    this.sessions = new Set();
    this.nextId = 1;
    /** @type {Set<string>} paths (or '*') that neither send nor read */
    this.silent = new Set();
    /** @type {ReceivedFrame[]} */
    this.received = [];
    /** @type {Accepted[]} */
    this.acceptLog = [];
    /** @type {Map<string, import('./noc.js').Alert>} */
    this.alerts = new Map();
    this.alertCounter = 0;
    /** @type {Map<string, Record<string, unknown>>} the first acknowledgement of each alert */
    this.acks = new Map();
    /** @type {Map<string, import('./noc-stream.js').Stream>} NOC streams by client id */
    this.streams = new Map();
    this.polls = new PollLog();
    this.stats = { messagesIn: 0, messagesOut: 0 };
    /** Requests the token endpoint answered (see issueToken in auth.js). */
    this.tokenRequests = 0;
    this.waiters = new Waiters();
  }

  /**
   * Forgets the NOC alerts, their acknowledgements and streams, and the poll logs (between tests:
   * a fresh subscription's snapshot would show the last test's alerts); options and sockets stay.
   */
  forget() {
    this.alerts.clear();
    this.acks.clear();
    this.streams.clear();
    this.polls = new PollLog();
  }

  /** @param {Record<string, unknown>} partial */
  setOptions(partial) {
    Object.assign(this.options, checkOptions(partial));
  }

  uptimeSeconds() {
    return Math.floor((Date.now() - this.startedAt) / 1000);
  }

  /** @param {string} path */
  knows(path) {
    return ENDPOINTS.includes(path);
  }

  /**
   * Open sessions that were not refused, on `path` (every path when omitted).
   * @param {string} [path]
   */
  live(path) {
    return [...this.sessions].filter((s) => !s.refused && (!path || s.path === path));
  }

  /** @param {string} path */
  isSilent(path) {
    return this.silent.has('*') || this.silent.has(path);
  }

  /**
   * Silences `path` (every path when omitted): nothing is sent or read, TCP stays open.
   * @param {boolean} on
   * @param {string} [path]
   */
  setSilent(on, path) {
    if (on) this.silent.add(path ?? '*');
    else if (path) this.silent.delete(path);
    else this.silent.clear();
    for (const s of this.sessions) s.setPaused?.(this.isSilent(s.path));
  }

  /**
   * Takes a freshly accepted socket: checks origin, credentials and the per-user cap, then greets.
   * @param {Transport} transport
   * @param {{queryToken?: string, cookieToken?: string, origin?: string}} credentials
   */
  open(transport, credentials) {
    const session = /** @type {Session} */ (transport);
    Object.assign(session, { id: this.nextId++, user: 'anonymous', authed: false, refused: false });
    Object.assign(session, { clients: new Set(), channels: new Set(), lastSeen: Date.now() });
    this.sessions.add(session);
    const { queryToken, cookieToken, origin } = credentials;
    this.acceptLog.push({
      path: session.path,
      connection: session.id,
      token: queryToken ?? cookieToken,
      origin,
      hasCookie: cookieToken !== undefined,
    });
    if (this.isSilent(session.path)) session.setPaused?.(true);
    const allowed = this.options.allowedOrigins;
    if (allowed && !allowed.includes(origin ?? ''))
      return this.refuse(session, 4403, 'origin not allowed');
    const verdict = authenticate(this.options, { queryToken, cookieToken });
    if (verdict.refused)
      return closeForAuth(this, session, verdict.message ?? 'Authentication required');
    session.user = verdict.user;
    session.token = verdict.token;
    session.authed = !verdict.deferred;
    if (this.overCap(session)) return;
    this.out(session, {
      type: 'connection_established',
      message: 'WebSocket connected successfully',
      heartbeat_interval: this.options.heartbeatIntervalS,
      timestamp: new Date().toISOString(),
    });
    if (session.authed) this.greet(session);
    this.waiters.notify();
  }

  /** Endpoint greetings once a session is authenticated. */
  greet(/** @type {Session} */ session) {
    if (session.path === NOC_PATH) this.out(session, nocGreeting(session));
  }

  /** Refuses with 4429 when the session's user has more live sockets than allowed. */
  overCap(/** @type {Session} */ session) {
    const mine = this.live().filter((s) => s.user === session.user).length;
    if (mine <= this.options.maxConnectionsPerUser) return false;
    this.refuse(session, 4429, 'too many connections for this user');
    return true;
  }

  /**
   * Closes a session with a code; it stops counting as live at once.
   * @param {Session} session
   * @param {number} code
   * @param {string} reason
   */
  refuse(session, code, reason) {
    session.refused = true;
    session.close(code, reason);
    this.waiters.notify();
  }

  /** The transport saw the socket close. */
  closed(/** @type {Session} */ session) {
    this.sessions.delete(session);
    this.waiters.notify();
  }

  /**
   * Sends a frame unless the endpoint is silenced; returns whether it went out.
   * @param {Session} session
   * @param {object|string} frame
   * @param {boolean} [binary]
   */
  out(session, frame, binary = false) {
    if (this.isSilent(session.path)) return false;
    this.stats.messagesOut += 1;
    session.send(frame, binary);
    return true;
  }

  /**
   * `{type: "error", message, code}`: the request was refused, the socket stays open. `named` is
   * what was refused (`alert_id`, `client_id`, `channel`) as the client sent it; one it did not
   * send (undefined or null) is left out, as the Django consumers do.
   * @param {Session} session
   * @param {string} message
   * @param {string} code
   * @param {Record<string, unknown>} [named]
   */
  error(session, message, code, named = {}) {
    const sent = Object.entries(named).filter(([, v]) => v !== undefined && v !== null);
    this.out(session, { type: 'error', message, code, ...Object.fromEntries(sent) });
  }

  /**
   * A frame arrived from the peer (text as a string; anything else is binary).
   * @param {Session} session
   * @param {unknown} data
   */
  receive(session, data) {
    receiveFrame(this, session, data);
  }

  /** Closes sockets idle longer than the heartbeat timeout (4408); a silent server times nobody out. */
  sweepIdle(now = Date.now()) {
    for (const s of this.live()) {
      if (!this.isSilent(s.path) && now - s.lastSeen > this.options.heartbeatTimeoutMs) {
        this.refuse(s, 4408, 'no heartbeat within the timeout');
      }
    }
  }

  /**
   * Closes every live socket (on `path`, every path when omitted) with `code`: 1000, 1012
   * (restart) or 1013 (try again later), which may carry `retry-after=N` as the reason, or
   * 3000-4999. Returns how many. The control API and the stand-in both close through here.
   * @param {number} code
   * @param {string} [reason]
   * @param {string} [path]
   */
  closeAll(code, reason = '', path) {
    if (![1000, 1012, 1013].includes(code) && !(code >= 3000 && code <= 4999))
      throw new RangeError(`close code must be 1000, 1012, 1013 or 3000-4999 (got ${code})`);
    const doomed = this.live(path);
    for (const s of doomed) this.refuse(s, code, reason);
    return doomed.length;
  }

  /**
   * Sends `frame` to every live socket (on `path`); `raw` sends a string as it is, `binary` as
   * bytes. An object frame for one endpoint also goes to its poll log. Returns how many got it.
   * @param {unknown} frame
   * @param {{path?: string, raw?: boolean, binary?: boolean}} [how]
   */
  push(frame, { path, raw = false, binary = false } = {}) {
    if (raw && typeof frame !== 'string') throw new TypeError('a raw frame must be a string');
    if (!raw && (frame === null || typeof frame !== 'object'))
      throw new TypeError('frame must be an object (or a string with raw: true)');
    let count = 0;
    for (const s of this.live(path))
      if (this.out(s, /** @type {object|string} */ (frame), binary)) count += 1;
    if (path && !raw && !binary) this.polls.append(path, /** @type {object} */ (frame));
    return count;
  }

  /**
   * Makes `validTokens` the only good tokens and, unless `closeInvalid` is false, closes the
   * sockets holding any other (the demo's "revoke token"); returns how many it closed.
   * @param {string[]} validTokens
   * @param {boolean} [closeInvalid]
   */
  replaceTokens(validTokens, closeInvalid = true) {
    this.setOptions({ validTokens });
    return closeInvalid ? this.closeInvalidTokens() : 0;
  }

  /** Closes the sockets whose token is no longer valid, as after a token was revoked. */
  closeInvalidTokens() {
    let count = 0;
    for (const s of this.live()) {
      if (s.token !== undefined && !this.options.validTokens.includes(s.token)) {
        closeForAuth(this, s, 'Invalid or expired authentication token');
        count += 1;
      }
    }
    return count;
  }
}
