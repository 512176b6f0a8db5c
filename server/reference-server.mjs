// The reference server: Node's http + the `ws` package around the transport-free Hub
// (server/protocol/), plus the network faults tests and the demo need (drop, silence, refuse,
// restart) and the HTTP side (polling, control API).
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { Hub } from './protocol/hub.js';
import { handleHttp, parseCookies } from './http-routes.mjs';
import { runControl } from './control.mjs';
import { startSimulation } from './simulation.mjs';

/**
 * @typedef {object} ServerOptions Hub options (see protocol/options.js) plus:
 * @property {number} [port] 0 (the default) lets the OS pick a free port
 * @property {string} [host] loopback by default
 * @property {import('./simulation.mjs').SimulationOptions} [simulate] a simulated live site
 * @property {(line: string) => void} [accessLog] gets one line per request (none by default)
 */
/**
 * @typedef {object} ReferenceServer
 * @property {Hub} hub
 * @property {number} port
 * @property {(path: string) => string} wsUrl
 * @property {(path: string) => string} httpUrl
 * @property {(op: string, args?: Record<string, unknown>) => Promise<unknown>} control
 * @property {(downMs: number) => Promise<void>} restart terminate all, stop listening, listen again
 * @property {() => Promise<void>} stop
 */

/** @param {import('node:stream').Duplex} socket @param {string} status */
function rejectUpgrade(socket, status) {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  return status;
}

/**
 * An access log line, as Daphne writes them, with any `token=` value masked: a socket with
 * `auth: 'query'` (or a client that polls the old way) still puts its token in the URL.
 * @param {import('node:http').IncomingMessage} req
 * @param {number | string} status
 */
function accessLine(req, status) {
  const url = (req.url ?? '/').replace(/([?&;]token=)[^&#]*/gi, '$1***');
  const date = new Date().toISOString();
  return `${req.socket.remoteAddress} - - [${date}] "${req.method} ${url}" ${String(status).slice(0, 3)}`;
}

/**
 * Starts a reference server on 127.0.0.1.
 * @example
 * const server = await startReferenceServer({ auth: 'connect', port: 0 });
 * console.log(server.wsUrl('/ws/noc/dashboard/'));
 * await server.stop();
 * @param {ServerOptions & Record<string, unknown>} [options]
 * @returns {Promise<ReferenceServer>}
 */
export async function startReferenceServer(options = {}) {
  const { port: wantedPort = 0, host = '127.0.0.1', simulate, accessLog, ...hubOptions } = options;
  const hub = new Hub(hubOptions);
  // autoPong off: a silenced server must not answer protocol-level pings either.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20, autoPong: false });
  const state = { refuseUntil: 0, port: Number(wantedPort), stopped: false };
  /** @type {ReferenceServer} */
  let server;
  /** @param {import('node:http').IncomingMessage} req @param {number | string} status */
  const log = (req, status) => accessLog?.(accessLine(req, status));
  const http = createServer((req, res) => {
    res.on('finish', () => log(req, res.statusCode));
    void handleHttp(server, req, res);
  });

  http.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (Date.now() < state.refuseUntil)
      return log(req, rejectUpgrade(socket, '503 Service Unavailable'));
    if (!hub.knows(url.pathname)) return log(req, rejectUpgrade(socket, '404 Not Found'));
    wss.handleUpgrade(req, socket, head, (ws) => {
      log(req, 101);
      const session = {
        path: url.pathname,
        /** @type {(frame: object|string, binary?: boolean) => void} */
        send(frame, binary = false) {
          if (ws.readyState !== ws.OPEN) return;
          const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
          ws.send(binary ? Buffer.from(data) : data, { binary });
        },
        /** @type {(code: number, reason?: string) => void} */
        close(code, reason) {
          ws.resume(); // a paused (silenced) socket would never read the peer's close frame
          ws.close(code, reason);
        },
        terminate: () => ws.terminate(),
        /** @type {(paused: boolean) => void} */
        setPaused: (paused) => (paused ? ws.pause() : ws.resume()),
      };
      ws.on('message', (data, isBinary) =>
        hub.receive(/** @type {never} */ (session), isBinary ? data : data.toString()),
      );
      ws.on('ping', (data) => {
        if (!hub.isSilent(session.path)) ws.pong(data);
      });
      ws.on('close', () => hub.closed(/** @type {never} */ (session)));
      ws.on('error', () => {});
      hub.open(session, {
        queryToken: url.searchParams.get('token') ?? undefined,
        cookieToken: parseCookies(req.headers.cookie)[hub.options.cookieName],
        origin: req.headers.origin,
      });
    });
  });

  const listen = () =>
    /** @type {Promise<void>} */ (
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(state.port, host, () => {
          http.off('error', reject);
          const address = http.address();
          if (address && typeof address === 'object') state.port = address.port;
          resolve();
        });
      })
    );
  const unlisten = () => {
    for (const s of hub.sessions) s.terminate?.();
    http.closeAllConnections();
    return /** @type {Promise<void>} */ (
      new Promise((resolve) => (http.listening ? http.close(() => resolve()) : resolve()))
    );
  };

  // Re-armed each time so a heartbeatTimeoutMs changed by setOptions takes effect.
  /** @type {NodeJS.Timeout | undefined} */
  let sweep;
  const armSweep = () => {
    sweep = setTimeout(
      () => {
        hub.sweepIdle();
        armSweep();
      },
      Math.min(1000, Math.max(20, hub.options.heartbeatTimeoutMs / 4)),
    );
    sweep.unref();
  };
  armSweep();
  let simulation = simulate ? startSimulation(hub, simulate) : undefined;

  server = {
    hub,
    get port() {
      return state.port;
    },
    wsUrl: (path) => `ws://${host}:${state.port}${path}`,
    httpUrl: (path) => `http://${host}:${state.port}${path}`,
    control: (op, args = {}) =>
      runControl(server, op, args, {
        refuse: (ms) => (state.refuseUntil = ms > 0 ? Date.now() + ms : 0),
        simulate: (opts) => {
          simulation?.stop();
          simulation = opts ? startSimulation(hub, opts) : undefined;
        },
      }),
    async restart(downMs) {
      await unlisten();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      if (!state.stopped) await listen();
    },
    async stop() {
      state.stopped = true;
      simulation?.stop();
      clearTimeout(sweep);
      await unlisten();
      wss.close();
    },
  };
  await listen();
  return server;
}
