// The core entries in Node 20: `ws-widgets/socket` and `ws-widgets` (resolved through the exports
// map, as an app would) and the React and Vue hooks load with no Lit module in their import
// graph, and the service talks to the reference server with the `ws` package's WebSocket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { startReferenceServer } from '../../server/reference-server.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const hooks = fileURLToPath(new URL('./graph-hooks.mjs', import.meta.url));
const LIT = /\/node_modules\/(lit|lit-html|lit-element|@lit\/[^/]+)\//;

/** Every module URL a fresh Node process resolves while importing `specifier` (and whether it threw). */
function importGraph(specifier) {
  const dir = mkdtempSync(join(tmpdir(), 'ws-widgets-graph-'));
  const log = join(dir, 'graph.log');
  try {
    const child = spawnSync(
      process.execPath,
      ['--import', hooks, '--input-type=module', '-e', `await import(${JSON.stringify(specifier)});`],
      { cwd: root, env: { ...process.env, WS_WIDGETS_GRAPH_LOG: log }, encoding: 'utf8' },
    );
    const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    return { urls, status: child.status, stderr: child.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The hooks' entries too: they are built on the core alone, so a React or Vue app that uses
// only the hooks ships no Lit.
for (const specifier of ['ws-widgets/socket', 'ws-widgets', 'ws-widgets/react', 'ws-widgets/vue']) {
  test(`${specifier} loads in Node with no Lit module in its import graph`, () => {
    const { urls, status, stderr } = importGraph(specifier);
    assert.equal(status, 0, stderr);
    assert.ok(
      urls.some((url) => url.endsWith('/dist/src/reconnecting-socket.js')),
      `the graph holds the built core: ${urls.join(', ')}`,
    );
    assert.deepEqual(urls.filter((url) => LIT.test(url) || url.includes('/dist/components/')), []);
  });
}

test('the probe does see Lit where it is (ws-widgets/elements)', () => {
  const { urls } = importGraph('ws-widgets/elements');
  assert.ok(urls.some((url) => LIT.test(url)), `no Lit found in: ${urls.join(', ')}`);
});

// Server rendering (Next, Nuxt, Astro, Vite SSR) imports an app's modules in Node, where there is
// no DOM: every entry must load there, and define nothing (Lit's server build installs a
// customElements shim, which must stay empty).
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const TAGS = ['ws-connection', 'ws-status-badge', 'ws-toast', 'noc-alert-feed', 'gcode-panel'];
for (const key of Object.keys(pkg.exports)) {
  const specifier = `ws-widgets${key.slice(1)}`;
  test(`${specifier} imports in plain Node (no DOM) and defines nothing`, () => {
    const json = specifier.endsWith('.json');
    const script = `
      if (typeof document !== 'undefined' || typeof window !== 'undefined') throw new Error('a DOM is present');
      const m = await import(${JSON.stringify(specifier)}${json ? ", { with: { type: 'json' } }" : ''});
      const defined = ${JSON.stringify(TAGS)}.filter((tag) => globalThis.customElements?.get(tag));
      console.log(JSON.stringify({ exports: Object.keys(m).length, defined, WsWidgets: 'WsWidgets' in globalThis }));`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr.split('\n').slice(0, 6).join('\n'));
    const result = JSON.parse(child.stdout.trim().split('\n').pop());
    assert.deepEqual(result.defined, [], 'no element is defined');
    assert.equal(result.WsWidgets, false, 'no window.WsWidgets namespace');
  });
}

test('ReconnectingSocket from ws-widgets/socket connects and pings in Node with ws', async (t) => {
  const { ReconnectingSocket } = await import('ws-widgets/socket');
  const server = await startReferenceServer({ port: 0 });
  t.after(() => server.stop());
  const socket = new ReconnectingSocket(`ws://127.0.0.1:${server.port}/ws/noc/dashboard/`, { WebSocket });
  t.after(() => socket.disconnect());
  const connected = new Promise((resolve) => {
    socket.addEventListener('connectionStatus', (event) => {
      if (event.detail.status === 'connected') resolve();
    });
  });
  socket.connect();
  await connected;
  const pong = new Promise((resolve) => socket.on('pong', resolve));
  assert.equal(socket.send({ type: 'ping' }), true);
  const message = await pong;
  assert.equal(message.type, 'pong');
});
