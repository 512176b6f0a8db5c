// The core in Node 20: no window, no document, options.WebSocket = the `ws` class, against the
// reference server. Run with `node --test test/src/node/socket.node-test.mjs`.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import WebSocket from 'ws';
import { startReferenceServer } from '../../../server/reference-server.mjs';

/** @type {typeof import('../../../src/index.js')} */
let core;
let server;
let dir;
const PATH = '/ws/noc/presence/';

before(async () => {
  // The TypeScript sources, bundled as Node will load them from dist/ (no DOM types at run time).
  // The public entry, plus the registry's count (internal, not exported) for the leak check.
  const src = fileURLToPath(new URL('../../../src/', import.meta.url));
  const out = await build({
    stdin: {
      contents:
        "export * from './index.ts'; export { sharedSocketCount } from './socket-registry.ts';",
      resolveDir: src,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
  });
  dir = mkdtempSync(join(tmpdir(), 'ws-widgets-core-'));
  const file = join(dir, 'core.mjs');
  writeFileSync(file, out.outputFiles[0].text);
  core = await import(file);
  server = await startReferenceServer();
});

after(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the detail of the next `type` event passing `test`; rejects after `ms`. */
function next(target, type, test = () => true, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`timed out waiting for '${type}'`));
    }, ms);
    const listener = (event) => {
      if (!test(event.detail)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event.detail);
    };
    target.addEventListener(type, listener);
  });
}
const status = (socket, s) =>
  socket.status === s ? Promise.resolve() : next(socket, 'connectionStatus', (d) => d.status === s);

describe('ReconnectingSocket in Node', () => {
  it('runs without window or document', () => {
    assert.equal(typeof globalThis.window, 'undefined');
    assert.equal(typeof globalThis.document, 'undefined');
  });

  it('connects with the ws class, exchanges frames, measures latency and disconnects', async () => {
    const socket = new core.ReconnectingSocket(server.wsUrl(PATH), {
      WebSocket,
      heartbeatInterval: 50,
      token: 't',
    });
    assert.equal(socket.url, server.wsUrl(PATH));
    const established = next(socket, 'message', (m) => m.type === 'connection_established');
    socket.connect();
    await status(socket, 'connected');
    await established;
    const stats = new Promise((resolve) => socket.on('stats', resolve));
    assert.equal(socket.send({ type: 'get_stats' }), true);
    assert.equal((await stats).type, 'stats');
    await next(socket, 'message', (m) => m.type === 'pong');
    assert.equal(typeof socket.latency, 'number');
    socket.disconnect();
    assert.equal(socket.status, 'disconnected');
    await server.control('waitForConnections', { open: 0 });
  });

  it('reconnects after the server drops the connection', async () => {
    const socket = new core.ReconnectingSocket(server.wsUrl(PATH), {
      WebSocket,
      reconnectInterval: 30,
      jitter: 0,
    });
    socket.connect();
    await status(socket, 'connected');
    const reconnecting = next(socket, 'connectionStatus', (d) => d.status === 'reconnecting');
    await server.control('dropAll', { path: PATH });
    assert.equal((await reconnecting).delay, 30);
    await next(socket, 'connectionStatus', (d) => d.status === 'connected');
    socket.disconnect();
  });

  it('gives up on a handshake that never completes, without crashing on ws errors', async () => {
    // Accepts TCP and never answers the upgrade request.
    const held = [];
    const mute = createServer((s) => held.push(s));
    await new Promise((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const { port } = mute.address();
    try {
      const socket = new core.ReconnectingSocket(`ws://127.0.0.1:${port}/ws/`, {
        WebSocket,
        heartbeatTimeout: 150,
        maxReconnectAttempts: 0,
      });
      const timeout = next(socket, 'error', (d) => d.kind === 'timeout');
      socket.connect();
      assert.match((await timeout).message, /did not open within \d+ ms/);
      await status(socket, 'failed');
    } finally {
      held.forEach((s) => s.destroy());
      mute.close();
    }
  });

  it('shares sockets through acquireSocket and closes after the last release', async () => {
    const a = core.acquireSocket(server.wsUrl(PATH), { WebSocket });
    const b = core.acquireSocket(server.wsUrl(PATH), { WebSocket });
    assert.equal(a.socket, b.socket);
    await status(a.socket, 'connected');
    a.release();
    b.release();
    await Promise.resolve();
    assert.equal(a.socket.status, 'disconnected');
    assert.equal(core.sharedSocketCount(), 0);
  });

  it('polls over HTTP with fetch when the socket is refused', async () => {
    await server.control('refuse', { ms: 60000 });
    const socket = new core.ReconnectingSocket(server.wsUrl(PATH), {
      WebSocket,
      reconnectInterval: 20,
      maxReconnectAttempts: 0,
      pollingUrl: server.httpUrl('/api/poll/noc/presence/'),
      pollingInterval: 30,
    });
    try {
      socket.connect();
      await status(socket, 'polling');
      let got;
      for (let i = 0; i < 20 && !got; i++) {
        const tick = next(socket, 'message', (m) => m.type === 'tick', 300).catch(() => undefined);
        await server.control('send', { frame: { type: 'tick', i }, path: PATH });
        got = await tick;
      }
      assert.equal(got?.type, 'tick');
    } finally {
      socket.disconnect();
      await server.control('refuse', { ms: 0 });
    }
  });

  it('says what is missing: a page to resolve a path, a WebSocket class', () => {
    assert.throws(() => new core.ReconnectingSocket('/ws/x/', { WebSocket }), {
      name: 'TypeError',
      message: /absolute URL/,
    });
    if (globalThis.WebSocket === undefined) {
      assert.throws(() => new core.ReconnectingSocket(server.wsUrl(PATH)), {
        name: 'TypeError',
        message: /options\.WebSocket/,
      });
    }
  });
});
