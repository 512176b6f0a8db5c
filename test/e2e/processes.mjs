// The servers of the Django end-to-end test: the example's cluster (Redis, a fresh database, the
// users and Daphne A, from django/example/e2e_support.py), Daphne processes this test starts and
// restarts itself, and management commands. Every process runs in its own process group, and
// every group still alive is killed when this Node process ends, however it ends.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOLS_ENV, venvPython } from '../../scripts/python-env.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DJANGO_DIR = join(ROOT, 'django');
const PYTHON = process.env.PYTHON || venvPython(TOOLS_ENV); // made by scripts/python-env.mjs
const groups = new Set();
const scratch = mkdtempSync(join(tmpdir(), 'ws-widgets-django-e2e-'));

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Signals every process group still alive (sync, so it also runs from the 'exit' event).
 * SIGTERM: Redis and Daphne exit on it, and e2e_support.py then also removes its database.
 */
export function killAll(signal = 'SIGTERM') {
  for (const pid of groups) signalGroup(pid, signal);
  groups.clear();
  if (process.env.E2E_KEEP_LOGS) console.error(`django e2e: Daphne logs kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
process.on('exit', () => killAll());

function spawnGroup(cmd, args, options) {
  const child = spawn(cmd, args, { ...options, detached: true }); // detached: its own process group
  groups.add(child.pid);
  child.once('exit', () => groups.delete(child.pid));
  return child;
}

/** Resolves on the child's exit; after `graceMs` it is killed outright. */
function stopGroup(child, signal = 'SIGTERM', graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const force = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(force);
      done();
    });
    signalGroup(child.pid, signal);
  });
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

/** Resolves once `port` accepts connections; rejects at once if `child` exits first. */
function waitForPort(port, child, timeoutMs) {
  return new Promise((done, fail) => {
    const deadline = Date.now() + timeoutMs;
    const onExit = (code) =>
      fail(new Error(`${child.spawnargs.join(' ')} exited (${code}) before listening on ${port}`));
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
        if (Date.now() > deadline)
          fail(new Error(`nothing listened on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 50); // polling a port: there is no event to await
      });
    };
    attempt();
  });
}

/**
 * Starts e2e_support.py (Redis, migrated sqlite, users, `daphnes` Daphne processes) and resolves
 * with its JSON line plus `stop()`. Its stdin stays open: if this process dies, it stops too.
 */
export function startCluster({ daphnes = 1, timeoutMs = 90_000 } = {}) {
  const args = ['django/example/e2e_support.py', '--daphnes', String(daphnes), '--watch-stdin'];
  const child = spawnGroup(PYTHON, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(
      () => fail(new Error(`the cluster did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.once('exit', (code) =>
      fail(new Error(`e2e_support.py exited (${code}) before printing its JSON line`)),
    );
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const info = JSON.parse(out.slice(0, newline));
      const env = {
        ...process.env,
        PYTHONPATH: DJANGO_DIR,
        DJANGO_SETTINGS_MODULE: 'example.settings',
        REDIS_URL: info.redis_url,
        WS_EXAMPLE_DB: info.db,
      };
      done({
        ...info,
        env,
        stop: () => {
          child.stdin.end(); // e2e_support stops its Redis and Daphne processes when stdin closes
          return stopGroup(child, 'SIGTERM', 15_000);
        },
      });
    });
  });
}

let daphneCount = 0;

// Runs "$@" and stops it when stdin closes, so even a SIGKILLed test leaves no server behind.
// The shell ignores SIGTERM (set after the fork, so not for "$@") and exits only once "$@" has:
// the child's 'exit' then means the port is free again.
const WATCH_STDIN = '"$@" & trap "" TERM; cat >/dev/null; kill $! 2>/dev/null; wait';

/**
 * A Daphne process of example.asgi on `port` (0: a free one), sharing the cluster's Redis and
 * database, with `env` added to the cluster's. Its access log is a file of its own,
 * line-buffered by Daphne; `files` names it and the file holding its stdout and stderr.
 */
export async function startDaphne(cluster, { port = 0, env = {}, timeoutMs = 60_000 } = {}) {
  const chosen = port || (await freePort());
  const name = `daphne-${chosen}-${daphneCount++}`;
  const accessLog = join(scratch, `${name}.access.log`);
  const output = join(scratch, `${name}.log`);
  const log = openSync(output, 'w'); // a file, not a pipe that could fill up
  const daphne = [PYTHON, '-m', 'daphne', '-b', '127.0.0.1', '-p', String(chosen)];
  const argv = [...daphne, '--access-log', accessLog, 'example.asgi:application'];
  const child = spawnGroup('/bin/sh', ['-c', WATCH_STDIN, 'sh', ...argv], {
    cwd: DJANGO_DIR,
    env: { ...cluster.env, ...env, PYTHONUNBUFFERED: '1' },
    stdio: ['pipe', log, log], // the pipe stays open while this process lives
  });
  closeSync(log);
  await waitForPort(chosen, child, timeoutMs);
  return {
    port: chosen,
    http: `http://127.0.0.1:${chosen}`,
    files: { access: accessLog, output },
    /** How many WebSocket handshakes this process has completed (accepted) on `path`. */
    acceptedSockets(path) {
      const lines = readFileSync(accessLog, 'utf8').split('\n');
      return lines.filter((line) => line.includes(`"WSCONNECT ${path}"`)).length;
    },
    // The watching shell's `cat` ignores SIGTERM (trap ""): closing stdin is what ends it, or
    // every graceful stop would wait out stopGroup's grace period. A SIGKILL stays a hard kill.
    stop: (signal = 'SIGTERM') => {
      if (signal === 'SIGTERM') child.stdin.end();
      return stopGroup(child, signal);
    },
  };
}

/** Runs `manage.py <args>` of the example against the cluster; resolves with its stdout. */
export function manage(cluster, args, timeoutMs = 60_000) {
  return new Promise((done, fail) => {
    const options = {
      cwd: DJANGO_DIR,
      env: cluster.env,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    };
    execFile(PYTHON, ['manage.py', ...args], options, (error, stdout, stderr) => {
      if (error) fail(new Error(`manage.py ${args[0]} failed: ${error.message}\n${stderr}`));
      else done(stdout);
    });
  });
}

// As WATCH_STDIN, but the shell also exits when "$@" does, so a server that dies while starting
// fails waitForPort at once instead of at its timeout. The watcher runs in the background, where
// sh would give it /dev/null as stdin: fd 3 keeps the real one for it.
const WATCH_STDIN_OR_EXIT =
  'exec 3<&0; "$@" 3<&- & server=$!; trap "" TERM; (cat <&3 >/dev/null; kill $server 2>/dev/null) & wait $server';

/**
 * Any server (`argv`, run in `cwd` with `env`) that will listen on 127.0.0.1:`port`, its stdout
 * and stderr in `logFile`; resolves once the port accepts connections. stop() closes its stdin,
 * on which the shell stops the server, and resolves once the server has exited.
 */
export async function startServer(argv, { port, cwd, env, logFile, timeoutMs = 60_000 }) {
  const log = openSync(logFile, 'w'); // a file, not a pipe that could fill up
  const child = spawnGroup('/bin/sh', ['-c', WATCH_STDIN_OR_EXIT, 'sh', ...argv], {
    cwd,
    env,
    stdio: ['pipe', log, log],
  });
  closeSync(log);
  await waitForPort(port, child, timeoutMs);
  return {
    port,
    http: `http://127.0.0.1:${port}`,
    stop: () => {
      child.stdin.end();
      return stopGroup(child, 'SIGTERM');
    },
  };
}
