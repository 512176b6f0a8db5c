#!/usr/bin/env node
// End-to-end test of issue 15 in real Chromium: the example's NOC pages on Daphne workers sharing
// one Redis and one database, the built bundle, alerts raised from another process. Nothing is
// lost: a reload shows the stored alerts; a socket dropped during a burst (a TCP proxy cut in the
// middle) ends with every alert exactly once; a history overrun ends in a snapshot and a visible
// notice; two operators acknowledging the same alert at the same moment on two workers store and
// broadcast it once; Redis restarted mid-stream, and a worker killed mid-burst, lose no alert on
// any screen. Totals go to .test-results/e2e-recovery.json.
// usage: npm run build && node test/e2e/django-recovery.mjs
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { manage, startCluster, startDaphne, startServer } from './processes.mjs';
import { check, createRun } from './run.mjs';
import * as ui from './pages.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const { scenario, finish } = createRun({
  label: 'django recovery e2e',
  resultsFile: '.test-results/e2e-recovery.json',
});

/**
 * A TCP proxy in front of a Daphne: `cut()` drops every connection through it at once (the
 * browser sees 1006, as when a network path dies), `refuse(on)` turns new ones away meanwhile.
 */
function startProxy(target) {
  const sockets = new Set();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return client.destroy();
    const upstream = connect(target.port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      done({
        port,
        http: `http://127.0.0.1:${port}`,
        cut: () => sockets.forEach((s) => s.destroy()),
        refuse: (on) => (refusing = on),
        stop: () =>
          new Promise((closed) => (sockets.forEach((s) => s.destroy()), server.close(closed))),
      });
    }),
  );
}

/** Runs in every page before its scripts: records the feed's alert-new and alert-recovery events. */
function recordFeedEvents() {
  const log = { added: [], recoveries: [] };
  Object.defineProperty(window, '__feed', { value: log });
  document.addEventListener('alert-new', (e) => log.added.push(e.detail.alert.title), true);
  document.addEventListener('alert-recovery', (e) => log.recoveries.push(e.detail), true);
}

/** The feed's rows' titles, top to bottom. */
function titlesOf(page) {
  return page.evaluate(() =>
    [
      ...(document
        .querySelector('noc-alert-feed')
        ?.shadowRoot?.querySelectorAll('[part~="alert"]') ?? []),
    ].map((li) => li.querySelector('[part="title"]')?.textContent ?? ''),
  );
}

/** Waits until every one of `titles` is shown, then checks each is shown, and was added, once. */
async function everyOnce(page, titles, label) {
  try {
    await page.waitForFunction(
      (wanted) => {
        const rows =
          document
            .querySelector('noc-alert-feed')
            ?.shadowRoot?.querySelectorAll('[part="title"]') ?? [];
        const shown = new Set([...rows].map((r) => r.textContent));
        return wanted.every((t) => shown.has(t));
      },
      titles,
      { timeout: 60_000 },
    );
  } catch {
    const shown = new Set(await titlesOf(page));
    const lost = titles.filter((t) => !shown.has(t));
    throw new Error(
      `${label}: ${lost.length} of ${titles.length} never shown, e.g. ${lost.slice(0, 5).join(', ')}`,
    );
  }
  const rows = await titlesOf(page);
  const added = await page.evaluate(() => [...window.__feed.added]);
  for (const title of titles) {
    const times = rows.filter((t) => t === title).length;
    check(times === 1, `${label}: "${title}" is shown ${times} times`);
    check(added.filter((t) => t === title).length <= 1, `${label}: "${title}" was added twice`);
  }
}

/** Raises `count` alerts titled `<prefix> <n>` from another process, `pauseS` apart. */
function raise(cluster, prefix, count, pauseS = 0, env = {}) {
  const titles = Array.from({ length: count }, (_, n) => `${prefix} ${n}`);
  const code = [
    'import time',
    'from ws_widgets.broadcast import send_alert, send_alerts',
    `titles = ${JSON.stringify(titles)}`,
    pauseS > 0
      ? `for t in titles:\n    send_alert("acme", title=t, severity="major", source="e2e")\n    time.sleep(${pauseS})`
      : 'send_alerts("acme", [{"title": t, "severity": "major", "source": "e2e"} for t in titles])',
  ].join('\n');
  const done = manage(
    { ...cluster, env: { ...cluster.env, ...env } },
    ['shell', '-v', '0', '-c', code],
    120_000,
  );
  return { titles, done };
}

/** Clicks the Acknowledge button of `title` in `page` at wall-clock time `at` (ms). */
function clickAt(page, title, at) {
  return page.evaluate(
    ([t, when]) =>
      new Promise((done) =>
        setTimeout(() => {
          const button = document
            .querySelector('noc-alert-feed')
            .shadowRoot.querySelector(`button[aria-label="Acknowledge: ${t}"]`);
          button.click();
          done();
        }, when - Date.now()),
      ),
    [title, at],
  );
}

/** Resolves once the page shows at least `count` of `titles`. */
function showsAtLeast(page, titles, count) {
  return page.waitForFunction(
    ([wanted, n]) => {
      const rows =
        document.querySelector('noc-alert-feed')?.shadowRoot?.querySelectorAll('[part="title"]') ??
        [];
      const set = new Set(wanted);
      return [...rows].filter((r) => set.has(r.textContent)).length >= n;
    },
    [titles, count],
    { timeout: 60_000 },
  );
}

async function openPage(context, server, errors) {
  const page = await ui.openNoc(context, server, errors);
  await ui.waitForStatus(page, 'connected');
  await ui.waitForFrames(page, 'subscribed');
  return page;
}

const SETUP = 'the cluster (Redis, Daphne A and B), proxies, Chromium and the NOC pages start';
const RELOAD =
  'a reload shows the stored alerts at once, from the page, and resumes from their seq';
const DROP = 'a socket dropped in the middle of a burst ends with every alert shown exactly once';
const OVERRUN = 'a history overrun ends in a snapshot and a visible, polite notice';
const RACE =
  'two operators acknowledging at the same moment on two workers: stored and broadcast once';
const REDIS = 'Redis restarted mid-stream: every alert on every screen, once';
const KILL = 'a worker killed mid-burst: its screens get every alert, once';

const s = { pageErrors: [] };
console.log('django recovery e2e (Chromium, Redis, Daphne)');
try {
  await scenario(SETUP, [], async () => {
    check(
      existsSync(join(ROOT, 'dist/ws-widgets.js')),
      'dist/ws-widgets.js is missing: run `npm run build` first',
    );
    s.cluster = await startCluster({ daphnes: 0 });
    s.a = await startDaphne(s.cluster);
    s.b = await startDaphne(s.cluster);
    // C keeps a short history (the sender below trims to it too): an outage of a few hundred
    // alerts overruns it.
    s.small = { WS_HISTORY_SIZE: '20' };
    s.c = await startDaphne(s.cluster, { env: s.small });
    s.viaB = await startProxy(s.b);
    s.viaC = await startProxy(s.c);
    s.browser = await ui.launchChromium();
    const login = async (server, user) => {
      const context = await ui.loginContext(s.browser, server, user, s.cluster.password);
      await context.addInitScript(recordFeedEvents);
      return context;
    };
    s.alice = await login(s.a, 'alice');
    s.bob = await login(s.b, 'bob');
  });

  await scenario(RELOAD, [SETUP], async () => {
    const { titles, done } = raise(s.cluster, 'Stored', 3);
    await done;
    const page = await s.alice.newPage();
    page.on('pageerror', (e) => s.pageErrors.push(e.message));
    const response = await page.goto(`${s.a.http}/noc/?client=acme`);
    const html = await response.text();
    for (const title of titles)
      check(html.includes(`"title": "${title}"`), `the page's HTML lacks "${title}"`);
    await everyOnce(page, titles, 'after the load');
    // From the page, not from the socket: state is no news, and the socket resumed from its seq.
    check(
      (await page.evaluate(() => window.__feed.added.length)) === 0,
      'the stored alerts fired alert-new',
    );
    await ui.waitForFrames(page, 'subscribed');
    const subscribed = await page.evaluate(() =>
      window.__e2e.frames.find((f) => f.type === 'subscribed'),
    );
    check(subscribed.recovered === true, `the first subscription: ${JSON.stringify(subscribed)}`);
    await page.reload();
    await everyOnce(page, titles, 'after a reload');
    await page.close();
  });

  await scenario(DROP, [SETUP], async () => {
    const page = await openPage(s.alice, s.viaB, s.pageErrors);
    const { titles, done } = raise(s.cluster, 'Burst', 120, 0.02);
    await showsAtLeast(page, titles, 30);
    s.viaB.cut(); // mid-burst: the frames on their way are lost with the connection
    await ui.waitForStatus(page, 'reconnecting');
    await done;
    await everyOnce(page, titles, 'after the drop');
    const recoveries = await page.evaluate(() => [...window.__feed.recoveries]);
    check(
      recoveries.some((r) => r.recovered),
      `recoveries: ${JSON.stringify(recoveries)}`,
    );
    await page.close();
  });

  await scenario(OVERRUN, [SETUP], async () => {
    const page = await openPage(s.alice, s.viaC, s.pageErrors);
    // The page load's own subscription carried the initial JSON's seq: recovered already.
    const before = await page.evaluate(() => window.__feed.recoveries.length);
    s.viaC.refuse(true);
    s.viaC.cut();
    await ui.waitForStatus(page, 'reconnecting');
    const { titles, done } = raise(s.cluster, 'Overrun', 400, 0, s.small);
    await done;
    s.viaC.refuse(false);
    await page.waitForFunction((n) => window.__feed.recoveries.length > n, before, {
      timeout: 60_000,
    });
    const recoveries = await page.evaluate(() => [...window.__feed.recoveries]);
    const last = recoveries.at(-1);
    check(last.recovered === false && last.replayed === 0, JSON.stringify(recoveries));
    const notice = page.locator('noc-alert-feed [part="notice"]');
    await notice.waitFor({ state: 'visible' });
    check((await notice.getAttribute('role')) === 'status', 'the notice is no polite status');
    check(/reloaded from the server/.test(await notice.textContent()), await notice.textContent());
    // The snapshot: the newest 200 unacknowledged, newest first.
    await page.waitForFunction((t) => {
      const first = document
        .querySelector('noc-alert-feed')
        ?.shadowRoot?.querySelector('[part="title"]');
      return first?.textContent === t;
    }, titles.at(-1));
    await page.close();
  });

  await scenario(RACE, [SETUP], async () => {
    const onA = await openPage(s.alice, s.a, s.pageErrors);
    const onB = await openPage(s.bob, s.b, s.pageErrors);
    const { titles, done } = raise(s.cluster, 'Race', 5);
    await done;
    for (const page of [onA, onB]) await everyOnce(page, titles, 'before the race');
    for (const title of titles) {
      // The same moment on both screens: a click scheduled for one wall-clock time in each page
      // (clicked one after the other, the first answer would disable the second button first).
      const at = Date.now() + 300;
      await Promise.all([onA, onB].map((page) => clickAt(page, title, at)));
      await Promise.all([onA, onB].map((p) => ui.waitForAlert(p, title, 'acknowledged')));
      const [a, b] = await Promise.all([onA, onB].map((p) => ui.ackStatusOf(p, title)));
      check(a === b, `"${title}": "${a}" on A, "${b}" on B`);
    }
    const code = `from ws_widgets.models import Alert; import json; print(json.dumps([[a.title, a.acknowledged_by_name] for a in Alert.objects.filter(title__startswith="Race ")]))`;
    // -v 0: Django 5.2+'s shell prints what it imported automatically otherwise.
    const out = await manage(s.cluster, ['shell', '-v', '0', '-c', code]);
    const stored = Object.fromEntries(JSON.parse(out.trim().split('\n').at(-1)));
    let answers = 0; // what the loser of each race got back: the winner's, without seq
    for (const page of [onA, onB]) {
      const frames = await page.evaluate(() =>
        window.__e2e.frames.filter((f) => f.type === 'alert_acknowledged'),
      );
      answers += frames.filter((f) => f.seq === undefined).length;
      const byTitleId = new Map();
      for (const f of frames.filter((f) => f.seq !== undefined))
        byTitleId.set(f.alert_id, (byTitleId.get(f.alert_id) ?? 0) + 1);
      check(byTitleId.size === titles.length, `broadcasts seen: ${JSON.stringify([...byTitleId])}`);
      check(
        [...byTitleId.values()].every((n) => n === 1),
        `a second broadcast: ${JSON.stringify([...byTitleId])}`,
      );
    }
    check(answers === titles.length, `both screens clicked each time: ${answers} answers`);
    for (const title of titles) {
      const text = await ui.ackStatusOf(onA, title);
      check(
        stored[title] && text.includes(stored[title]),
        `"${title}": stored ${stored[title]}, shown "${text}"`,
      );
    }
    await Promise.all([onA.close(), onB.close()]);
  });

  await scenario(REDIS, [SETUP], async () => {
    const pages = [
      await openPage(s.alice, s.a, s.pageErrors),
      await openPage(s.bob, s.b, s.pageErrors),
    ];
    const { titles, done } = raise(s.cluster, 'Restart', 100, 0.03);
    await Promise.all(pages.map((p) => showsAtLeast(p, titles, 20)));
    const port = Number(new URL(s.cluster.redis_url).port);
    await manage(s.cluster, [
      'shell',
      '-c',
      `import redis; redis.Redis(port=${port}).shutdown(nosave=True)`,
    ]).catch(() => {});
    s.redis = await startServer(
      [
        'redis-server',
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      {
        port,
        cwd: ROOT,
        env: process.env,
        logFile: join(ROOT, '.test-results/e2e-recovery-redis.log'),
      },
    );
    await done;
    for (const page of pages) await everyOnce(page, titles, 'through the restart');
    await Promise.all(pages.map((p) => p.close()));
  });

  await scenario(KILL, [SETUP], async () => {
    const onA = await openPage(s.alice, s.a, s.pageErrors);
    const onB = await openPage(s.bob, s.b, s.pageErrors);
    const { titles, done } = raise(s.cluster, 'Killed', 120, 0.02);
    await showsAtLeast(onB, titles, 30);
    const port = s.b.port;
    await s.b.stop('SIGKILL'); // no close frames, no cleanup
    await ui.waitForStatus(onB, 'reconnecting');
    s.b = await startDaphne(s.cluster, { port }); // back on its address, as a supervisor restarts it
    await done;
    for (const [page, label] of [
      [onA, 'on the worker that lived'],
      [onB, 'on the one killed'],
    ])
      await everyOnce(page, titles, label);
    await Promise.all([onA.close(), onB.close()]);
  });

  await scenario('no page threw an uncaught exception', [SETUP], async () => {
    check(s.pageErrors.length === 0, s.pageErrors.join('\n'));
  });
} finally {
  await Promise.race([s.browser?.close(), delay(10_000)]).catch((e) =>
    console.error(`closing Chromium: ${e.message}`),
  );
  await Promise.all([s.viaB?.stop(), s.viaC?.stop()]);
  await Promise.all([s.a?.stop(), s.b?.stop(), s.c?.stop()]);
  await s.redis?.stop();
  await s.cluster?.stop();
}
finish();
