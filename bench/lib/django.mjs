// Processes of the bench's Django part: the example's cluster (Redis, a migrated database, its
// users; django/example/e2e_support.py with no Daphne of its own), Daphne processes this bench
// starts and kills itself, and Python scripts. Each runs in its own process group; whatever is
// still alive when the bench exits is killed.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOLS_ENV, venvPython } from '../../scripts/python-env.mjs';
import { ROOT } from './bundle.mjs';

export const PYTHON = process.env.PYTHON || venvPython(TOOLS_ENV);
export const DJANGO_DIR = join(ROOT, 'django');
export const RELAY_DIR = join(ROOT, 'bench/django');
const groups = new Set();
const scratch = mkdtempSync(join(tmpdir(), 'ws-widgets-bench-django-'));

function kill(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
process.on('exit', () => {
  for (const pid of groups) kill(pid, 'SIGKILL');
  rmSync(scratch, { recursive: true, force: true });
});

function spawnGroup(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true });
  groups.add(child.pid);
  child.once('exit', () => groups.delete(child.pid));
  return child;
}

function exited(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', done));
}

export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

function waitForPort(port, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((done, fail) => {
    const onExit = () => fail(new Error(`${child.spawnargs.join(' ')} exited before listening`));
    child.once('exit', onExit);
    const attempt = () => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        child.off('exit', onExit);
        done();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) fail(new Error(`nothing listened on ${port}`));
        else setTimeout(attempt, 50); // polling a port: there is no event to await
      });
    };
    attempt();
  });
}

/** Redis, a fresh database and the example's users; resolves with e2e_support's JSON and `env`. */
export function startCluster(env = {}) {
  const args = ['django/example/e2e_support.py', '--daphnes', '0', '--watch-stdin'];
  for (const [key, value] of Object.entries(env)) args.push('--env', `${key}=${value}`);
  const child = spawnGroup(PYTHON, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    child.once('exit', (code) => fail(new Error(`e2e_support.py exited (${code})`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      const info = JSON.parse(out.slice(0, out.indexOf('\n')));
      done({
        ...info,
        env: {
          ...process.env,
          ...env,
          PYTHONPATH: DJANGO_DIR,
          DJANGO_SETTINGS_MODULE: 'example.settings',
          REDIS_URL: info.redis_url,
          WS_EXAMPLE_DB: info.db,
        },
        stop: () => {
          child.stdin.end(); // e2e_support stops Redis and cleans up when its stdin closes
          return exited(child);
        },
      });
    });
  });
}

/**
 * A Daphne process of `application` (run in `cwd` with `env`); `kill()` SIGKILLs it (no close
 * frames, no cleanup, as a crashed worker), `stop()` ends it gently.
 */
export async function startDaphne({ application, cwd, env }) {
  const port = await freePort();
  const log = openSync(join(scratch, `daphne-${port}.log`), 'w'); // a file: a full pipe would stall it
  const args = ['-m', 'daphne', '-b', '127.0.0.1', '-p', String(port), application];
  const child = spawnGroup(PYTHON, args, { cwd, env, stdio: ['ignore', log, log] });
  closeSync(log);
  await waitForPort(port, child);
  return {
    port,
    ws: `ws://127.0.0.1:${port}`,
    log: join(scratch, `daphne-${port}.log`),
    kill: () => (kill(child.pid, 'SIGKILL'), exited(child)),
    stop: () => (kill(child.pid, 'SIGTERM'), exited(child)),
  };
}

/** Runs a Python script; resolves with its stdout's JSON. */
export function runPython(args, { cwd, env }) {
  return new Promise((done, fail) => {
    const child = spawnGroup(PYTHON, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('exit', (code) => {
      if (code === 0) done(JSON.parse(out.trim().split('\n').at(-1)));
      else fail(new Error(`python ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}
