// The protocol logic of the reference server, independent of any transport: it keeps the
// sessions, subscriptions, alerts and poll logs, and answers frames. The Node server (ws) and the
// in-browser stand-in for Storybook both drive it through session objects.
import { authenticate, closeForAuth } from './auth.js';
import { handleNoc, nocGreeting } from './noc.js';
import { handleGcode } from './gcode.js';
import { PollLog } from './poll-log.js';

/** @typedef {{id: number, path: string, user: string, token?: string, send(frame: object|string): void, close(code: number, reason?: string): void, terminate(): void, authed: boolean, clients: Set<string>, channels: Set<string>, lastSeen: number}} Session */

export const ENDPOINTS = ['/ws/noc/dashboard/', '/ws/noc/presence/', '/ws/dashboard/', '/ws/mobile/sync/'];

export const DEFAULTS = {
  auth: 'none',
  validTokens: ['good-token'],
  authCloseCode: 4001,
  cookieName: 'ws_token',
  allowedOrigins: null,
  heartbeatTimeoutMs: 300000,
  maxConnectionsPerUser: Infinity,
  heartbeatIntervalS: 30,
  ackMode: 'normal',
  maxFrameBytes: 65536,
};

const nowIso = () => new Date().toISOString();

export class Hub {
  constructor(options = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.startedAt = Date.now();
    /** @type {Set<Session>} */
    this.sessions = new Set();
    this.nextId = 1;
    this.silent = new Set(); // paths (or '*') that neither send nor answer
    this.received = [];
    this.acceptLog = [];
    this.alerts = new Map();
    this.polls = new PollLog();
    this.stats = { messagesIn: 0, messagesOut: 0 };
    this.waiters = new Set();
  }

  setOptions(partial) {
    Object.assign(this.options, partial);
  }

  isSilent(path) {
    return this.silent.has('*') || this.silent.has(path);
  }

  /** Admission: returns a close code to refuse with, or 0 to accept. */
  admit({ path, origin }) {
    if (!ENDPOINTS.includes(path)) return 4404;
    const allowed = this.options.allowedOrigins;
    if (allowed && !allowed.includes(origin ?? '')) return 4403;
    return 0;
  }

  /** Called once the socket is open. `credentials` = {queryToken, cookieToken, origin}. */
  open(session, credentials) {
    session.id = this.nextId++;
    session.authed = false;
    session.clients = new Set();
    session.channels = new Set();
    session.lastSeen = Date.now();
    session.user = 'anonymous';
    this.sessions.add(session);
    this.acceptLog.push({
      path: session.path,
      connection: session.id,
      token: credentials.queryToken ?? credentials.cookieToken,
      origin: credentials.origin,
      hasCookie: Boolean(credentials.cookieToken),
    });
    const refusal = this.admit({ path: session.path, origin: credentials.origin });
    if (refusal) return session.close(refusal, refusal === 4403 ? 'origin refused' : 'no such endpoint');
    const verdict = authenticate(this.options, credentials);
    if (verdict.refused) return closeForAuth(this, session, verdict.message);
    if (verdict.user) {
      session.user = verdict.user;
      session.token = verdict.token;
    }
    session.authed = this.options.auth !== 'message';
    const cap = this.options.maxConnectionsPerUser;
    const mine = [...this.sessions].filter((s) => s.user === session.user).length;
    if (mine > cap) return session.close(4429, 'too many connections');
    this.out(session, {
      type: 'connection_established',
      message: 'WebSocket connected successfully',
      heartbeat_interval: this.options.heartbeatIntervalS,
      timestamp: nowIso(),
    });
    if (session.authed && session.path === '/ws/noc/dashboard/') this.out(session, nocGreeting(session));
    this.notify();
  }

  closed(session) {
    this.sessions.delete(session);
    this.notify();
  }

  /** Sends a frame unless the endpoint is silenced. */
  out(session, frame) {
    if (this.isSilent(session.path)) return;
    this.stats.messagesOut += 1;
    session.send(frame);
  }

  error(session, message, code) {
    this.out(session, { type: 'error', message, code });
  }

  /** A text frame arrived. */
  receive(session, text) {
    if (this.isSilent(session.path)) return;
    session.lastSeen = Date.now();
    this.stats.messagesIn += 1;
    if (typeof text !== 'string') return this.error(session, 'binary frames are not accepted', 'binary');
    if (text.length > this.options.maxFrameBytes) return this.error(session, 'frame too large', 'too_large');
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return this.error(session, 'frame is not JSON', 'invalid_json');
    }
    if (!frame || typeof frame !== 'object' || Array.isArray(frame)) {
      return this.error(session, 'frame is not an object', 'invalid_frame');
    }
    this.received.push({ path: session.path, connection: session.id, frame });
    this.notify();
    this.dispatch(session, frame);
  }

  dispatch(session, frame) {
    const kind = typeof frame.type === 'string' ? frame.type : undefined;
    if (kind === 'auth') return this.handleAuth(session, frame);
    if (!session.authed) return this.error(session, 'authenticate first', 'auth_required');
    if (kind === 'ping' || frame.action === 'ping') {
      return this.out(session, { type: 'pong', timestamp: nowIso() });
    }
    if (kind === 'heartbeat') {
      const sent = Date.parse(String(frame.timestamp ?? ''));
      const latency = Number.isFinite(sent) ? Math.max(0, Date.now() - sent) : 0;
      return this.out(session, {
        type: 'heartbeat_ack',
        server_time: nowIso(),
        latency_ms: latency,
        uptime_seconds: Math.floor((Date.now() - this.startedAt) / 1000),
      });
    }
    if (session.path === '/ws/noc/presence/' && kind === 'get_stats') {
      return this.out(session, {
        type: 'stats',
        connections: this.sessions.size,
        uptime_seconds: Math.floor((Date.now() - this.startedAt) / 1000),
        messages_in: this.stats.messagesIn,
        messages_out: this.stats.messagesOut,
      });
    }
    if (session.path === '/ws/noc/dashboard/' && handleNoc(this, session, frame)) return;
    if (session.path === '/ws/dashboard/' && handleGcode(this, session, frame)) return;
    if (session.path === '/ws/mobile/sync/' && kind) {
      return this.out(session, { type: 'sync_ack', received: kind, timestamp: nowIso() });
    }
    if (!kind && !frame.action) return this.error(session, 'frame has no type', 'missing_type');
    return this.error(session, `unknown message type: ${String(kind ?? frame.action)}`, 'unknown_type');
  }

  handleAuth(session, frame) {
    if (this.options.auth !== 'message') return this.out(session, { type: 'auth_success' });
    const verdict = authenticate(this.options, { messageToken: frame.token });
    if (verdict.refused) {
      this.out(session, { type: 'auth_failed', message: 'Invalid or expired authentication token' });
      return session.close(this.options.authCloseCode, 'authentication failed');
    }
    session.authed = true;
    session.user = verdict.user;
    this.out(session, { type: 'auth_success' });
    if (session.path === '/ws/noc/dashboard/') this.out(session, nocGreeting(session));
  }

  /** Sends to every session on `path` (every path when omitted); raw strings go verbatim. */
  broadcast(frame, path) {
    let count = 0;
    for (const s of this.sessions) {
      if (path && s.path !== path) continue;
      if (!s.authed) continue;
      this.out(s, frame);
      count += 1;
    }
    if (path && typeof frame === 'object') this.polls.append(path, frame);
    return count;
  }

  /** Closes sockets idle longer than the server's heartbeat timeout (4408). */
  sweepIdle(now = Date.now()) {
    for (const s of this.sessions) {
      if (now - s.lastSeen > this.options.heartbeatTimeoutMs) s.close(4408, 'heartbeat timeout');
    }
  }

  /** Wakes the test-side waiters whenever state changes. */
  notify() {
    for (const waiter of [...this.waiters]) waiter();
  }

  waitFor(check, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const done = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(done);
      done();
    });
  }

  openCount(path) {
    return [...this.sessions].filter((s) => !path || s.path === path).length;
  }
}
