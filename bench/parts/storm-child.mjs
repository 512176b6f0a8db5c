// One reconnect storm, in its own Node process: `clients` sockets of one kind connect to a `ws`
// server, the server dies (every socket terminated, the port closed) and listens again on the
// same port after `downMs`. Prints JSON: client-side attempt times (scheduled and actual),
// server-side upgrade times, and each client's reconnect time, in ms from the return (negative =
// while the server was down).
import { createServer } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import ReconnectingWebSocket from 'reconnecting-websocket';
import PartyWebSocket from 'partysocket/ws';

const { kind, clients, downMs, corePath, timeoutMs = 30_000 } = JSON.parse(process.argv[2]);
const { ReconnectingSocket } = await import(pathToFileURL(corePath).href);

// Attempts are counted on each client's own clock, as if every client ran on its own machine: a
// socket's events happen at the moment that caused them (the drop for a socket the server
// terminated, the attempt itself for a refused one, since a refusal on one host is immediate),
// and a timer armed while handling one fires at that moment plus its delay. One loaded process
// handling 500 closes and refusals one after another would otherwise smear a simultaneous herd
// over hundreds of ms, for the baseline as much as for the jittered clients. `moment` holds the
// time of what is being handled, through the promise chains it starts, until the next macrotask.
let moment;
const hold = (at) => {
  moment = at;
  setImmediate(() => (moment = undefined));
};
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = (fn, ms = 0, ...args) => {
  const at = (moment ?? performance.now()) + Math.max(1, Number(ms) || 0);
  return realSetTimeout(() => {
    hold(at);
    fn(...args);
  }, ms);
};

const attempts = [];
const started = [];
const upgrades = [];
/** Client sockets open now; the drop stamps them with its time. */
const live = new Set();
/** Every library gets this class, so attempts are counted the same way, refused ones included. */
class CountingWebSocket extends WebSocket {
  constructor(...args) {
    const at = moment ?? performance.now();
    attempts.push(at);
    started.push(performance.now());
    super(...args);
    this.at = at;
  }
  emit(event, ...args) {
    if (event === 'open') live.add(this);
    if (event === 'close') live.delete(this);
    // A dropped socket closes at the drop; a refused one (never opened) fails at its attempt.
    if (event === 'open') this.opened = true;
    else if (event === 'close' || event === 'error') {
      const at = this.lostAt ?? (this.opened ? undefined : this.at);
      if (at !== undefined) hold(at);
    }
    return super.emit(event, ...args);
  }
}

const wss = new WebSocketServer({ noServer: true });
const http = createServer();
http.on('upgrade', (req, socket, head) => {
  upgrades.push(performance.now());
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.on('error', () => {});
    // Servers greet (PROTOCOL.md); ReconnectingSocket starts its backoff over only once one speaks.
    ws.send(
      JSON.stringify({ type: 'connection_established', message: 'hello', heartbeat_interval: 30 }),
    );
  });
});
const listen = (port) => new Promise((resolve) => http.listen(port, '127.0.0.1', resolve));
await listen(0);
const port = http.address().port;
const url = `ws://127.0.0.1:${port}/storm/`;

/** Times each client opened, latest last; `delays` the retry delays ReconnectingSocket announced. */
const opens = Array.from({ length: clients }, () => []);
const delays = [];
const make = (i) => {
  const opened = () => opens[i].push(performance.now());
  if (kind === 'ws-widgets' || kind === 'unjittered') {
    const socket = new ReconnectingSocket(url, {
      WebSocket: CountingWebSocket,
      ...(kind === 'unjittered' ? { jitter: 0 } : {}),
    });
    socket.addEventListener('connectionStatus', (event) => {
      if (event.detail.status === 'connected') opened();
      if (i === 0 && event.detail.delay !== undefined)
        delays.push({ at: performance.now(), delay: event.detail.delay });
    });
    socket.connect();
    return () => socket.disconnect();
  }
  const Class = kind === 'reconnecting-websocket' ? ReconnectingWebSocket : PartyWebSocket;
  // reconnecting-websocket draws its default minReconnectionDelay once per loaded module; 500
  // browsers would each draw their own, so each client gets its own draw of that same default.
  const own =
    kind === 'reconnecting-websocket' ? { minReconnectionDelay: 1000 + Math.random() * 4000 } : {};
  const ws = new Class(url, [], { WebSocket: CountingWebSocket, ...own });
  ws.addEventListener('open', opened);
  return () => ws.close();
};

const waitUntil = async (test, what) => {
  const end = performance.now() + timeoutMs;
  while (!test()) {
    if (performance.now() > end) throw new Error(`${kind}: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const stops = Array.from({ length: clients }, (_, i) => make(i));
await waitUntil(() => opens.every((o) => o.length > 0), `${clients} first connections`);
await new Promise((resolve) => setTimeout(resolve, 1000));

attempts.length = 0;
started.length = 0;
upgrades.length = 0;
const dropAt = performance.now();
for (const socket of live) socket.lostAt = dropAt;
for (const ws of wss.clients) ws.terminate();
await new Promise((resolve) => http.close(resolve));
await new Promise((resolve) => setTimeout(resolve, downMs));
await listen(port);
const returnAt = performance.now();
let error;
try {
  await waitUntil(() => opens.every((o) => o.at(-1) > dropAt), `${clients} reconnections`);
} catch (e) {
  error = e.message;
}
const rel = (t) => Math.round((t - returnAt) * 10) / 10;
const result = {
  kind,
  clients,
  downMs: Math.round(returnAt - dropAt),
  attempts: attempts.map(rel),
  started: started.map(rel),
  upgrades: upgrades.map(rel),
  reconnects: opens.map((o) => (o.at(-1) > dropAt ? rel(o.at(-1)) : null)),
  delays: delays.filter((d) => d.at > dropAt).map((d) => ({ at: rel(d.at), delay: d.delay })),
  error,
};
stops.forEach((stop) => stop());
for (const ws of wss.clients) ws.terminate();
http.close();
process.stdout.write(JSON.stringify(result));
process.exit(0);
