// The reference server: Node's http + the `ws` package around the transport-free Hub. It adds the
// network faults tests and the demo need (drop, silence, refuse, restart) and an HTTP control API.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { Hub } from './protocol/hub.js';
import { raiseAlert } from './protocol/noc.js';
import { toChannel } from './protocol/gcode.js';
import { startSimulation } from './simulation.mjs';
import { handleHttp } from './http-routes.mjs';

function parseCookies(header = '') {
  const out = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/**
 * Starts a reference server on 127.0.0.1.
 * @param {object} [options] Hub options plus `port` (0 = any free port) and `simulate`.
 */
export async function startReferenceServer(options = {}) {
  const { port: wantedPort = 0, simulate, host = '127.0.0.1', ...hubOptions } = options;
  const hub = new Hub(hubOptions);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  let refuseUntil = 0;
  let port = wantedPort;
  const http = createServer((req, res) => handleHttp(server, req, res));

  http.on('upgrade', (req, socket, head) => {
    if (Date.now() < refuseUntil) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = {
        path: url.pathname,
        send: (frame, binary = false) => {
          if (ws.readyState !== ws.OPEN) return;
          const data = typeof frame === 'string' ? frame : JSON.stringify(frame);
          ws.send(binary ? Buffer.from(data) : data, { binary });
        },
        close: (code, reason) => ws.close(code, reason),
        terminate: () => ws.terminate(),
        ws,
      };
      ws.on('message', (data, isBinary) => hub.receive(session, isBinary ? data : data.toString()));
      ws.on('close', () => hub.closed(session));
      ws.on('error', () => {});
      const cookies = parseCookies(req.headers.cookie);
      hub.open(session, {
        queryToken: url.searchParams.get('token') ?? undefined,
        cookieToken: cookies[hub.options.cookieName],
        origin: req.headers.origin,
      });
    });
  });

  const listen = () =>
    new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => {
        http.off('error', reject);
        port = http.address().port;
        resolve();
      });
    });

  const killSockets = (path) => {
    for (const s of [...hub.sessions]) if (!path || s.path === path) s.terminate();
  };
  const sweep = setInterval(() => hub.sweepIdle(), Math.min(1000, Math.max(50, hub.options.heartbeatTimeoutMs / 4)));
  sweep.unref();
  let simulation = simulate ? startSimulation(hub, simulate) : undefined;
  let stopped = false;

  const server = {
    hub,
    get port() {
      return port;
    },
    wsUrl: (path) => `ws://${host}:${port}${path}`,
    httpUrl: (path) => `http://${host}:${port}${path}`,
    /** Runs one control operation; the test plugin and the HTTP control API share this. */
    async control(op, args = {}) {
      switch (op) {
        case 'dropAll':
          killSockets(args.path);
          return { ok: true };
        case 'closeAll':
          for (const s of [...hub.sessions]) if (!args.path || s.path === args.path) s.close(args.code ?? 1000, args.reason ?? '');
          return { ok: true };
        case 'silence':
          if (args.on) hub.silent.add(args.path ?? '*');
          else hub.silent.delete(args.path ?? '*');
          return { ok: true };
        case 'refuse':
          refuseUntil = args.ms > 0 ? Date.now() + args.ms : 0;
          return { ok: true };
        case 'restart':
          await server.restart(args.downMs ?? 0);
          return { ok: true, port };
        case 'send': {
          const count = sendFrame(hub, args);
          return { count };
        }
        case 'alert':
          return raiseAlert(hub, args.alert ?? args);
        case 'gcode':
          return { count: toChannel(hub, args.channel, args.frame) };
        case 'received':
          return hub.received.filter((r) => !args.path || r.path === args.path);
        case 'connections':
          return {
            open: hub.openCount(args.path),
            accepted: hub.acceptLog.filter((r) => !args.path || r.path === args.path).length,
            log: hub.acceptLog.filter((r) => !args.path || r.path === args.path),
          };
        case 'waitForReceived': {
          const count = args.count ?? 1;
          const match = (r) =>
            (!args.path || r.path === args.path) && (r.frame.type === args.type || r.frame.action === args.type);
          await hub.waitFor(() => hub.received.filter(match).length >= count, args.timeoutMs ?? 5000, `${count} '${args.type}' frame(s)`);
          return { ok: true };
        }
        case 'waitForConnections':
          await hub.waitFor(() => hub.openCount(args.path) === args.open, args.timeoutMs ?? 5000, `${args.open} open socket(s)`);
          return { ok: true };
        case 'setOptions':
          hub.setOptions(args.options ?? {});
          return { ok: true };
        case 'simulate':
          simulation?.stop();
          simulation = args.rate ? startSimulation(hub, args) : undefined;
          return { ok: true };
        default:
          throw new Error(`unknown control operation '${op}'`);
      }
    },
    async restart(downMs) {
      killSockets();
      http.closeAllConnections?.();
      await new Promise((resolve) => http.close(() => resolve()));
      if (stopped) return;
      await new Promise((resolve) => setTimeout(resolve, downMs));
      if (!stopped) await listen();
    },
    async stop() {
      stopped = true;
      simulation?.stop();
      clearInterval(sweep);
      killSockets();
      wss.close();
      http.closeAllConnections?.();
      await new Promise((resolve) => (http.listening ? http.close(() => resolve()) : resolve()));
    },
  };
  await listen();
  return server;
}

function sendFrame(hub, { frame, path, raw, binary }) {
  let count = 0;
  for (const s of hub.sessions) {
    if (path && s.path !== path) continue;
    if (hub.isSilent(s.path)) continue;
    s.send(raw ? String(frame) : frame, Boolean(binary));
    count += 1;
  }
  if (path && !raw && !binary && frame && typeof frame === 'object') hub.polls.append(path, frame);
  return count;
}
