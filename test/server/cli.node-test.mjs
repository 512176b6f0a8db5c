// `npm run server` (server/cli.mjs) as a user runs it: a child process on a free port, its
// printed URL, a `ws` client that gets `connection_established`, then SIGTERM and a clean exit.
// Run with `node --test test/server/cli.node-test.mjs`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import WebSocket from 'ws';

const CLI = fileURLToPath(new URL('../../server/cli.mjs', import.meta.url));

/** Starts the CLI with `args`; resolves with the child and the first line matching `pattern`. */
function startCli(args, pattern) {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout });
  const line = new Promise((resolve, reject) => {
    lines.on('line', (text) => {
      const match = pattern.exec(text);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`cli exited (${code}) early: ${stderr}`)));
  });
  return { child, line };
}

/** The first frame the socket receives, parsed. */
async function firstFrame(socket) {
  const [data] = await once(socket, 'message');
  return JSON.parse(String(data));
}

describe('server/cli.mjs (npm run server)', () => {
  it(
    'prints its URL, accepts a socket with connection_established, exits 0 on SIGTERM',
    { timeout: 15_000 },
    async (t) => {
      const { child, line } = startCli(
        ['--port', '0', '--rate', '0'],
        /(ws:\/\/127\.0\.0\.1:(\d+))/,
      );
      t.after(() => child.exitCode === null && child.kill('SIGKILL'));
      const [, url, port] = await line;
      assert.ok(Number(port) > 0, `a real port was picked, got ${port}`);

      const socket = new WebSocket(`${url}/ws/noc/dashboard/`);
      const frame = await firstFrame(socket);
      assert.equal(frame.type, 'connection_established');
      const closed = once(socket, 'close');

      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      assert.deepEqual({ code, signal }, { code: 0, signal: null });
      // The server closed the socket on its way out rather than leaving it hanging.
      await closed;
    },
  );

  it('refuses a bad --port with exit code 2 and the usage line', { timeout: 15_000 }, async () => {
    const child = spawn(process.execPath, [CLI, '--port', 'nope'], { stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    assert.equal(code, 2);
    assert.match(stderr, /--port must be an integer/);
    assert.match(stderr, /usage: node server\/cli\.mjs/);
  });
});
