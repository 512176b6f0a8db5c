// Part 4, reconnect storm: 500 Node clients per kind (ReconnectingSocket, the same with jitter 0,
// reconnecting-websocket, partysocket/ws, each with its defaults) lose one `ws` server that
// returns after 2 s. Peak attempts in any 100 ms window, and p50/p95 time to reconnect after
// the return. Each kind runs in its own process (parts/storm-child.mjs).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bundle } from '../lib/bundle.mjs';
import { fmt, peakInWindow, percentile } from '../lib/stats.mjs';

const KINDS = ['unjittered', 'ws-widgets', 'reconnecting-websocket', 'partysocket/ws'];
const LABEL = {
  unjittered: 'ReconnectingSocket, jitter 0',
  'ws-widgets': 'ReconnectingSocket (defaults)',
  'reconnecting-websocket': 'reconnecting-websocket (defaults)',
  'partysocket/ws': 'partysocket/ws (defaults)',
};
const CHILD = fileURLToPath(new URL('./storm-child.mjs', import.meta.url));

/** Runs one storm in its own process; resolves with storm-child's result. */
export function storm(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`storm child for ${options.kind} exited with ${code}`));
      resolve(JSON.parse(out));
    });
  });
}

/** The core bundled for Node, as the storm children load it. */
export async function coreForNode() {
  const { file } = await bundle('core-node', {
    entry: 'src/socket.ts',
    platform: 'node',
    minify: false,
  });
  return file;
}

export async function runReconnectStorm({ quick }) {
  const clients = quick ? 100 : 500;
  const downMs = 2000;
  const corePath = await coreForNode();
  const results = {};
  for (const kind of KINDS) results[kind] = await storm({ kind, clients, downMs, corePath });

  const figures = (r) => {
    const times = r.reconnects.filter((t) => t !== null);
    return {
      // Attempts due once the server is back are the ones that reach it.
      peakServer: peakInWindow(
        r.attempts.filter((t) => t >= 0),
        100,
      ),
      peakAll: peakInWindow(r.attempts, 100),
      // As they happened: smeared by how fast one process opens sockets on a loaded machine.
      peakUpgrades: peakInWindow(
        r.upgrades.filter((t) => t >= 0),
        100,
      ),
      peakStarted: peakInWindow(r.started, 100),
      p50: percentile(times, 0.5),
      p95: percentile(times, 0.95),
      missing: r.reconnects.length - times.length,
    };
  };
  const f = Object.fromEntries(KINDS.map((k) => [k, figures(results[k])]));
  const base = f.unjittered;
  // The first delay after the return: the wait the unjittered client announced for the retry
  // still pending when the server came back (its schedule is what the jitter spreads).
  const pending = results.unjittered.delays.filter((d) => d.at < 0).at(-1)?.delay;
  const s = (ms) => `${fmt(ms / 1000, 2)} s`;

  const rows = [];
  for (const kind of KINDS) {
    const k = f[kind];
    const isKit = kind === 'ws-widgets';
    const lost = k.missing ? ` (${k.missing} never reconnected)` : '';
    if (kind !== 'unjittered') {
      rows.push({
        part: '4 reconnect storm',
        measure: `${LABEL[kind]}: peak attempts / 100 ms after the return`,
        value: fmt(k.peakServer),
        baseline: `jitter 0: ${fmt(base.peakServer)}`,
        ratio: k.peakServer / base.peakServer,
        ...(isKit ? { target: '≤ 0.2 × jitter 0', ok: k.peakServer <= base.peakServer / 5 } : {}),
      });
      rows.push({
        part: '4 reconnect storm',
        measure: `${LABEL[kind]}: peak attempts / 100 ms, refused ones included`,
        value: fmt(k.peakAll),
        baseline: `jitter 0: ${fmt(base.peakAll)}`,
        ratio: k.peakAll / base.peakAll,
        ...(isKit ? { target: '≤ 0.2 × jitter 0', ok: k.peakAll <= base.peakAll / 5 } : {}),
      });
    }
    rows.push({
      part: '4 reconnect storm',
      measure: `${LABEL[kind]}: time to reconnect after return, p50 / p95`,
      value: `${s(k.p50)} / ${s(k.p95)}${lost}`,
      baseline:
        pending === undefined
          ? 'first delay after return: unknown'
          : `first delay after return ${s(pending)}`,
      ...(pending !== undefined ? { ratio: k.p95 / pending } : {}),
      ...(isKit
        ? {
            target: 'p95 ≤ 2 × that delay',
            ok: pending !== undefined && k.p95 <= 2 * pending && !k.missing,
          }
        : {}),
      ...(results[kind].error ? { note: results[kind].error } : {}),
    });
  }
  const actual = (k) => `${LABEL[k]} ${fmt(f[k].peakUpgrades)} / ${fmt(f[k].peakStarted)}`;
  rows[0].note =
    `${clients} clients per kind, server down ${s(results['ws-widgets'].downMs)}; attempts counted on each client's own clock (the drop, a refusal and the timers they arm happen at the moment that caused them, as on ${clients} separate machines); ` +
    `as one loaded process actually opened them, peaks (upgrades at the server after return / all opened): ${KINDS.map(actual).join(', ')}`;
  return rows;
}
