// `npm run server` (server/cli.mjs) as a user runs it: a child process on a free port, its
// printed URL, a `ws` client that gets `connection_established`, then SIGTERM and a clean exit;
// and its output (access log included) after every way of authenticating holds no token.
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

/** The first frame of `type` the socket receives; rejects if it closes first. */
function frameOf(socket, type) {
  return new Promise((resolve, reject) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === type) resolve(frame);
    });
    socket.once('close', (code) => reject(new Error(`closed (${code}) before a ${type} frame`)));
  });
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

  it(
    'writes no token to its output or access log, whichever way a client authenticates',
    { timeout: 30_000 },
    async (t) => {
      const TOKENS = ['good-token', 'demo-token', 'forged-token-0123'];
      let output = '';
      // 'query' is the deprecated name of 'connect': it still works, and says so once.
      const modes = [
        ['connect', 'query'],
        ['connect', 'cookie'],
        ['message', 'message'],
        ['query', 'query'],
      ];
      for (const [auth, via] of modes) {
        const args = ['--port', '0', '--rate', '0', '--auth', auth, '--access-log', '-'];
        const { child, line } = startCli(args, /(ws:\/\/127\.0\.0\.1:\d+)/);
        t.after(() => child.exitCode === null && child.kill('SIGKILL'));
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const [, base] = await line;
        const noc = `${base}/ws/noc/dashboard/`;
        // This mode's socket: ?token=, the cookie, or a first `auth` frame.
        const socket = new WebSocket(
          via === 'query' ? `${noc}?token=good-token` : noc,
          via === 'cookie' ? { headers: { Cookie: 'ws_token=demo-token' } } : {},
        );
        if (via === 'message') {
          await frameOf(socket, 'connection_established');
          socket.send(JSON.stringify({ type: 'auth', token: 'good-token' }));
        }
        await frameOf(socket, via === 'message' ? 'auth_success' : 'connected');
        socket.close();
        const forged = new WebSocket(`${noc}?token=forged-token-0123`, {
          headers: { Cookie: 'ws_token=forged-token-0123' },
        });
        forged.on('open', () =>
          forged.send(JSON.stringify({ type: 'auth', token: 'forged-token-0123' })),
        );
        const [code] = await once(forged, 'close');
        assert.equal(code, 4001, `${auth}: a forged token is closed with 4001`);
        // Polls, whatever the mode: the header, the cookie, a forged header, a token in the URL.
        const poll = base.replace(/^ws/, 'http') + '/api/poll/noc/dashboard/';
        const statuses = [];
        for (const [query, headers] of [
          ['', { Authorization: 'Bearer good-token' }],
          ['', { Cookie: 'ws_token=demo-token' }],
          ['', { Authorization: 'Bearer forged-token-0123' }],
          ['?token=good-token', {}],
        ])
          statuses.push((await fetch(poll + query, { headers })).status);
        assert.deepEqual(statuses, [200, 200, 401, 400], `${auth}: poll statuses`);
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      const deprecated = output.split('\n').filter((text) => text.includes('is deprecated'));
      assert.deepEqual(deprecated, [
        "ws-widgets reference server: auth 'query' is deprecated, use 'connect' (a token in ?token= or the cookie)",
      ]);
      const leaks = output.split('\n').filter((text) => TOKENS.some((tk) => text.includes(tk)));
      assert.deepEqual(leaks, [], 'output lines holding a token');
      // The log saw every request, so its silence about tokens means something.
      for (const seen of [
        /"GET \/ws\/noc\/dashboard\/\?token=\*\*\*" 101/,
        /"GET \/ws\/noc\/dashboard\/" 101/,
        /"GET \/api\/poll\/noc\/dashboard\/" 200/,
        /"GET \/api\/poll\/noc\/dashboard\/" 401/,
        /"GET \/api\/poll\/noc\/dashboard\/\?token=\*\*\*" 400/,
      ])
        assert.match(output, seen);
    },
  );
});
