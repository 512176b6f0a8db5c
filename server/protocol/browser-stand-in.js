// An in-browser stand-in for the reference server: a WebSocket-like class that the core service
// accepts as `options.WebSocket`, wired to the same transport-free Hub the Node server runs, plus
// the faults the demo and Storybook show (drop, silence, refuse, restart, revoke tokens).
import { answerGet, parseCookies } from './http-answers.js';
import { Hub } from './hub.js';
import { raiseAlert } from './noc.js';
import { toChannel } from './gcode.js';
import { startSimulation } from '../simulation.mjs';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

let nextServerId = 1;

/** The page's cookie of that name, as a browser would send it with the upgrade request. */
function cookieValue(name) {
  return typeof document === 'undefined' ? undefined : parseCookies(document.cookie)[name];
}

/**
 * A reference server that lives in the page. Every instance has its own host name, so two
 * stand-ins on one page never share a socket through the core's registry.
 * @example
 * const server = new StandInServer({ auth: 'connect' });
 * const socket = new ReconnectingSocket(server.url('/ws/noc/dashboard/'), { WebSocket: server.WebSocket, token: 'good-token' });
 */
export class StandInServer {
  /** @param {Record<string, unknown> & {latencyMs?: number, simulate?: object}} [options] */
  constructor(options = {}) {
    const { latencyMs = 12, simulate, ...hubOptions } = options;
    this.id = nextServerId++;
    this.latencyMs = latencyMs;
    this.hub = new Hub(hubOptions);
    this.refuseUntil = 0;
    this.stopped = false;
    this.simulation = simulate ? startSimulation(this.hub, simulate) : undefined;
    const timeout = this.hub.options.heartbeatTimeoutMs;
    this.sweep = setInterval(() => this.hub.sweepIdle(), Math.min(1000, Math.max(50, timeout / 4)));
    this.WebSocket = socketClassFor(this);
  }

  /** The socket URL of an endpoint on this stand-in, e.g. `ws://stand-in-1.invalid/ws/noc/dashboard/`. */
  url(path) {
    return `ws://stand-in-${this.id}.invalid${path}`;
  }

  /** The HTTP polling URL of an endpoint (`/ws/noc/dashboard/` → `/api/poll/noc/dashboard/`). */
  pollUrl(path) {
    return `http://stand-in-${this.id}.invalid/api/poll/${path.replace(/^\/ws\//, '')}`;
  }

  /** Sockets on `path` (every path when omitted), refused ones included until they close. */
  sessions(path) {
    return [...this.hub.sessions].filter((s) => !path || s.path === path);
  }

  /** Drops every socket abruptly: no close frame, the client sees 1006. */
  dropAll(path) {
    for (const s of this.sessions(path)) s.terminate();
  }

  /** Closes every socket with `code` (1000, 1012, 1013 or 3000-4999), as the control API does. */
  closeAll(code = 1000, reason = '', path) {
    return this.hub.closeAll(code, reason, path);
  }

  /** Stops sending and reading (the connection stays open), or resumes. */
  silence(on, path) {
    if (typeof this.hub.setSilent === 'function') this.hub.setSilent(on, path);
    else if (on) this.hub.silent.add(path ?? '*');
    else this.hub.silent.delete(path ?? '*');
  }

  /** Refuses new connections (handshake fails) for `ms`; `refuse(0)` ends it, `Infinity` keeps it. */
  refuse(ms) {
    this.refuseUntil = ms > 0 ? Date.now() + ms : 0;
  }

  /** Drops everything and accepts nothing for `downMs`, as a server restart does. */
  restart(downMs = 1000) {
    this.dropAll();
    this.refuse(downMs);
  }

  /** Makes `validTokens` the only good tokens and closes the sockets holding any other. */
  revokeTokens(validTokens = []) {
    return this.hub.replaceTokens(validTokens);
  }

  setOptions(partial) {
    this.hub.setOptions(partial);
  }

  /**
   * `alert_new` to the subscribers of `fields.client_id` (default 'acme'); returns the full alert.
   * With `{live: false}` it is numbered and kept for replay but sent to nobody, as a frame a loaded
   * server lost on the way.
   */
  alert(fields = {}, how = {}) {
    return raiseAlert(this.hub, fields, how).alert;
  }

  /** A G-Code frame to the subscribers of `channel`. */
  gcode(channel, frame) {
    return toChannel(this.hub, channel, frame);
  }

  /** A frame (or, with `raw`, a string sent verbatim) to every open socket on `path`, as the control API's `send`. */
  send(frame, { path, raw = false, binary = false } = {}) {
    return this.hub.push(raw ? String(frame) : frame, { path, raw, binary });
  }

  /** Starts (or replaces) the simulated live site; `simulate(undefined)` stops it. */
  simulate(settings) {
    this.simulation?.stop();
    this.simulation = settings ? startSimulation(this.hub, settings) : undefined;
  }

  /**
   * Answers a GET as the reference server does, through the same code (http-answers.js): polls
   * (cursor in `X-Poll-Cursor`, `?since=` back, the `Authorization: Bearer` token or the cookie
   * checked when the server wants credentials, `?token=` refused) and the token endpoint.
   * @param {string | URL | Request} input
   * @param {RequestInit} [init]
   */
  async fetch(input, init) {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : input);
    const headers = { 'Content-Type': 'application/json' };
    if (this.stopped || Date.now() < this.refuseUntil)
      return new Response('{"error":"unavailable"}', { status: 503, headers });
    // The Node server's own answer (http-answers.js), poll and token endpoint alike.
    const answer = answerGet(this.hub, {
      url,
      authorization: new Headers(init?.headers ?? request?.headers).get('Authorization'),
      cookie: typeof document === 'undefined' ? undefined : document.cookie,
    }) ?? { status: 404, body: { error: `not found: ${url.pathname}` } };
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { ...headers, ...answer.headers },
    });
  }

  /** Runs `fn` after the simulated network latency; FIFO, as frames on one connection are. */
  later(fn) {
    setTimeout(fn, this.latencyMs);
  }

  /** Stops the simulation and drops every socket; the stand-in refuses connections from now on. */
  stop() {
    this.stopped = true;
    this.simulation?.stop();
    clearInterval(this.sweep);
    this.dropAll();
  }
}

/** A WebSocket-like class whose instances connect to `server`. */
function socketClassFor(server) {
  return class StandInSocket extends EventTarget {
    static CONNECTING = CONNECTING;
    static OPEN = OPEN;
    static CLOSING = CLOSING;
    static CLOSED = CLOSED;

    /** @param {string} url */
    constructor(url) {
      super();
      const parsed = new URL(url);
      if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
        throw new SyntaxError(`not a WebSocket URL: ${parsed.protocol}`);
      this.url = url;
      this.readyState = CONNECTING;
      this.binaryType = 'blob';
      this.bufferedAmount = 0;
      this.protocol = '';
      this.extensions = '';
      this.onopen = this.onclose = this.onerror = this.onmessage = null;
      this.session = undefined;
      this.cut = false; // the line is gone; the client learns it when the close event fires
      this.closedByServer = false;
      server.later(() => this.handshake(parsed));
    }

    handshake(parsed) {
      if (this.readyState !== CONNECTING) return;
      const path = parsed.pathname;
      if (server.stopped || Date.now() < server.refuseUntil || !server.hub.knows(path))
        return this.finish(1006, '', true);
      this.readyState = OPEN;
      const queue = [];
      let paused = false;
      const session = {
        path,
        send: (frame, binary = false) => this.deliver(frame, binary),
        close: (code, reason = '') => {
          this.closedByServer = true; // frames already on the way still arrive, then the close
          server.later(() => this.finish(code, reason, false));
        },
        terminate: () => {
          this.cut = true;
          server.hub.closed(session);
          server.later(() => this.finish(1006, '', false));
        },
        setPaused: (on) => {
          paused = on;
          // A paused server leaves frames in the TCP buffer; it reads them when it resumes.
          while (!paused && queue.length > 0) server.hub.receive(session, queue.shift());
        },
        read: (data) => (paused ? queue.push(data) : server.hub.receive(session, data)),
      };
      this.session = session;
      this.fire('open', new Event('open'));
      server.hub.open(session, {
        queryToken: parsed.searchParams.get('token') ?? undefined,
        cookieToken: cookieValue(server.hub.options.cookieName),
        origin: typeof location !== 'undefined' ? location.origin : undefined,
      });
    }

    send(data) {
      if (this.readyState === CONNECTING)
        throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
      if (this.readyState !== OPEN || this.cut || this.closedByServer) return;
      const session = this.session;
      server.later(() => {
        if (server.hub.sessions.has(session)) session.read(data);
      });
    }

    close(code, reason = '') {
      if (this.readyState === CLOSING || this.readyState === CLOSED) return;
      if (this.readyState === CONNECTING) {
        this.readyState = CLOSING;
        server.later(() => this.finish(1006, '', true));
        return;
      }
      this.readyState = CLOSING;
      const session = this.session;
      server.later(() => {
        server.hub.closed(session);
        this.finish(code ?? 1005, reason, false);
      });
    }

    deliver(frame, binary) {
      if (this.cut || this.closedByServer) return;
      const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
      server.later(() => {
        if (this.readyState !== OPEN || this.cut) return;
        const bytes = new TextEncoder().encode(text);
        const data = !binary
          ? text
          : this.binaryType === 'arraybuffer'
            ? bytes.buffer
            : new Blob([bytes]);
        this.fire('message', new MessageEvent('message', { data }));
      });
    }

    finish(code, reason, failed) {
      if (this.readyState === CLOSED) return;
      this.readyState = CLOSED;
      if (this.session) server.hub.closed(this.session);
      if (failed) this.fire('error', new Event('error'));
      this.fire('close', new CloseEvent('close', { code, reason, wasClean: code !== 1006 }));
    }

    fire(type, event) {
      this[`on${type}`]?.(event);
      this.dispatchEvent(event);
    }
  };
}
