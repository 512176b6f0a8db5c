// Part 6, Django fan-out: 2 Daphne workers on one Redis, 500 sockets (250 each), 1,000 alerts
// raised in one burst from Python (send_alerts: stored, numbered, sent). What each socket ends up
// showing, kept as <noc-alert-feed> keeps it (bench/lib/noc-screen.mjs): how many of the 500,000,
// how many live and how many by recovery (a replay after `since`, or a snapshot), duplicates,
// p50/p99 from the burst's start to receipt, wall time. Baseline in the same run: a bare Channels
// consumer that only relays group_send, channels_redis at its defaults (bench/django/). Then the
// same burst with one worker SIGKILLed early in it, its sockets reconnecting to the
// other with `since`, as a load balancer would send them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, percentile } from '../lib/stats.mjs';
import { DJANGO_DIR, RELAY_DIR, runPython, startCluster, startDaphne } from '../lib/django.mjs';
import { Screen } from '../lib/noc-screen.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A worker's own count of what it sent and how, from the last report its stream check logged
 * ("Totals: live L, caught up C, ..."): logged when it caught frames up, so `caughtUp` is exact
 * and live is what remains; zeros before the first report.
 */
function totals(worker) {
  const found = [
    ...readFileSync(worker.log, 'utf8').matchAll(
      /Totals: live (\d+), caught up (\d+), snapshots (\d+), replayed on request (\d+)/g,
    ),
  ].at(-1);
  const [live, caughtUp, snapshots, replayed] = found ? found.slice(1).map(Number) : [0, 0, 0, 0];
  return { live, caughtUp, snapshots, replayed };
}

/** What `workers` reported between `before` (their totals then) and now. */
function since(workers, before) {
  const sum = { live: 0, caughtUp: 0, snapshots: 0, replayed: 0 };
  workers.forEach((w, i) => {
    const now = totals(w);
    for (const k of Object.keys(sum)) sum[k] += now[k] - (before?.[i]?.[k] ?? 0);
  });
  return sum;
}

/** Opens `count` screens, spread over `servers`, a few at a time. */
async function openScreens(servers, count, url, gapFree) {
  const screens = [];
  for (let i = 0; i < count; i += 25) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 25); j += 1) {
      const screen = new Screen({ gapFree });
      screen.server = j % servers.length;
      screens.push(screen);
      batch.push(screen.open(url(servers[screen.server])));
    }
    await Promise.all(batch);
  }
  return screens;
}

/**
 * One burst: opens the screens, sends, waits until every screen shows every alert or nothing
 * arrives for `quietMs`, then measures. `kill` (optional) kills worker 1 once one of its screens
 * shows a tenth of the burst and moves them to worker 0.
 */
async function burst({ servers, url, gapFree, sockets, count, send, quietMs, kill, tag }) {
  const screens = await openScreens(servers, sockets, url, gapFree);
  const before = new Map(screens.map((s) => [s, new Set(s.shown.keys())]));
  // This burst's alerts: ids of its tag (a snapshot also holds the earlier bursts' alerts).
  const fresh = (s) =>
    [...s.shown].filter(([id]) => !before.get(s).has(id) && (!tag || id.startsWith(`${tag}-`)));
  let killed = false;
  const sending = send();
  if (kill) {
    const victims = screens.filter((s) => s.server === 1);
    // Early: Daphne writes ahead of what this one Node process has read, so a kill after the
    // slowest screen shows a quarter would come after the worker had sent everything.
    while (!victims.some((s) => fresh(s).length >= count / 10)) await sleep(20);
    await kill.worker.kill();
    killed = true;
    await Promise.all(
      victims.map(async (s) => {
        if (s.ws.readyState !== s.ws.CLOSED) await new Promise((r) => s.ws.once('close', r));
        s.server = 0;
        // Resumes with since, the last seq it saw; retried as the widget does (a worker this busy
        // may take longer than Daphne's handshake timeout to accept).
        for (let attempt = 1; ; attempt += 1) {
          try {
            await s.open(url(servers[0]));
            break;
          } catch (error) {
            if (attempt === 20) throw error;
            await sleep(250 * attempt);
          }
        }
      }),
    );
  }
  const { started } = await sending;
  const deadline = Date.now() + 180_000;
  for (;;) {
    const done = screens.every((s) => fresh(s).length >= count);
    const quiet = Date.now() - screens.reduce((t, s) => Math.max(t, s.lastFrameAt), 0) > quietMs;
    if (done || quiet || Date.now() > deadline) break;
    await sleep(100); // a thousand sockets' frames: polled, there is no single event to await
  }
  const arrivals = screens.flatMap(fresh);
  const latencies = arrivals.map(([, { at }]) => at - started);
  for (const s of screens) s.close();
  return {
    shown: arrivals.length,
    total: sockets * count,
    recovered: arrivals.filter(([, { recovered }]) => recovered).length,
    duplicates: screens.reduce((n, s) => n + s.duplicates, 0),
    complete: screens.filter((s) => fresh(s).length >= count).length,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    wall: latencies.reduce((a, b) => Math.max(a, b), 0),
    killed,
  };
}

const pct = (r) =>
  `${fmt(r.shown, 0)} of ${fmt(r.total, 0)} (${fmt((100 * r.shown) / r.total, 1)} %)`;
const secs = (ms) => `${fmt(ms / 1000, 2)} s`;

export async function runDjangoFanout({ quick }) {
  const sockets = quick ? 100 : 500;
  const count = quick ? 200 : 1000;
  const cluster = await startCluster({ WS_MAX_CONNECTIONS_PER_USER: '100000' });
  const started = [];
  const start = async (options) => {
    const daphne = await startDaphne(options);
    started.push(daphne);
    return daphne;
  };
  try {
    const relayEnv = {
      ...cluster.env,
      PYTHONPATH: RELAY_DIR,
      DJANGO_SETTINGS_MODULE: 'relay_settings',
    };
    const relay = { application: 'relay_asgi:application', cwd: RELAY_DIR, env: relayEnv };
    const relays = [await start(relay), await start(relay)];
    const base = await burst({
      servers: relays,
      url: (d) => `${d.ws}/ws/relay/`,
      gapFree: false,
      sockets,
      count,
      quietMs: 3000,
      send: () => runPython(['relay_send.py', String(count)], { cwd: RELAY_DIR, env: relayEnv }),
    });
    await Promise.all(relays.map((d) => d.stop()));

    const token = cluster.users.find((u) => u.username === 'alice').token;
    const worker = { application: 'example.asgi:application', cwd: DJANGO_DIR, env: cluster.env };
    const workers = [await start(worker), await start(worker)];
    const script = join(RELAY_DIR, 'fanout_send.py');
    const kitBurst = async (tag, kill) => {
      const before = workers.map(totals);
      const result = await burst({
        servers: workers,
        url: (d) => `${d.ws}/ws/noc/dashboard/?token=${token}`,
        gapFree: true,
        sockets,
        count,
        quietMs: 6000, // above two stream checks (2 s each): a tail lost in the layer comes by then
        kill,
        tag,
        send: () => runPython([script, String(count), tag], { cwd: DJANGO_DIR, env: cluster.env }),
      });
      await sleep(2500); // the workers report what they caught up at their next stream check
      return { ...result, server: since(workers, before) };
    };
    const kit = await kitBurst('burst');
    const killed = await kitBurst('kill', { worker: workers[1] });

    const part = '6 django fan-out';
    const size = `${sockets} sockets × ${fmt(count, 0)} alerts, 2 workers`;
    const all = (r) => r.shown === r.total && r.duplicates === 0;
    return [
      {
        part,
        measure: `alerts shown (${size})`,
        value: pct(kit),
        baseline: `bare Channels relay: ${pct(base)}`,
        ratio: kit.shown / Math.max(1, base.shown),
        target: 'all, no duplicate',
        ok: all(kit),
      },
      {
        part,
        measure: 'of which live / caught up by the server / asked again',
        value: `${fmt(kit.shown - kit.server.caughtUp - kit.recovered, 0)} / ${fmt(kit.server.caughtUp, 0)} / ${fmt(kit.recovered, 0)}`,
        baseline: `relay: ${fmt(base.shown, 0)} live`,
        note: `live: through the channel layer; caught up: sent from the history when the layer dropped them (${fmt(kit.server.snapshots, 0)} snapshots); asked again: after a skip or reconnect, as the feed does. Screens complete: ${kit.complete} of ${sockets}; duplicates ${kit.duplicates} (relay: ${base.duplicates})`,
      },
      {
        part,
        measure: 'p50 / p99 burst start → receipt',
        value: `${secs(kit.p50)} / ${secs(kit.p99)}`,
        baseline: `relay: ${secs(base.p50)} / ${secs(base.p99)} (of what arrived)`,
      },
      {
        part,
        measure: 'wall time (burst start → last receipt)',
        value: secs(kit.wall),
        baseline: `relay: ${secs(base.wall)}`,
      },
      {
        part,
        measure: 'one worker SIGKILLed early in the burst: alerts shown',
        value: pct(killed),
        target: 'all, no duplicate',
        ok: all(killed) && killed.killed,
        note: `live ${fmt(killed.shown - killed.server.caughtUp - killed.recovered, 0)}, caught up by the server ${fmt(killed.server.caughtUp, 0)}, replayed or rebuilt after the reconnect ${fmt(killed.recovered, 0)}; duplicates ${killed.duplicates}, wall ${secs(killed.wall)}`,
      },
    ];
  } finally {
    await Promise.all(started.map((d) => d.stop()));
    await cluster.stop();
  }
}
