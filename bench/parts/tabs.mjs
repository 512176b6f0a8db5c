// Part 7, one socket per browser (issue 16): 10 tabs of the NOC page in one browser context
// against the reference server, with share="tabs" beside the same tabs with share="page".
// Sockets at the server; alerts per second reaching every tab against one tab alone; fail-over
// time (leader closed → the new leader `connected`), p50/p95; alerts lost or duplicated across
// the fail-overs while the server raises one every 100 ms. The pages are test/tabs/pages.mjs's.
import { startReferenceServer } from '../../server/reference-server.mjs';
import {
  openTab,
  readTab,
  serveTabsSite,
  tabUrl,
  waitConnected,
  waitForLeader,
} from '../../test/tabs/pages.mjs';
import { launchBrowser } from '../lib/browser.mjs';
import { fmt, percentile } from '../lib/stats.mjs';

const PATH = '/ws/noc/dashboard/';
const PART = '7 tabs';

/** Records, in the page, when each alert_new arrives (message level, duplicates kept). */
function recordArrivals(page) {
  return page.evaluate(() => {
    const log = (window.__arrivals = { ids: [], last: 0 });
    document.querySelector('ws-connection').addEventListener('message', (e) => {
      if (e.detail.type !== 'alert_new') return;
      log.ids.push(e.detail.alert.id);
      log.last = Date.now();
    });
  });
}

/** Opens `n` connected tabs in a new context; `share` is page or tabs. */
async function openTabs(browser, site, server, n, share) {
  const context = await browser.newContext();
  const url = tabUrl(site, { ws: server.wsUrl(PATH), share });
  const pages = [];
  for (let i = 0; i < n; i += 1) pages.push(await openTab(context, url));
  await Promise.all(pages.map((p) => waitConnected(p)));
  if (share === 'tabs') await waitForLeader(pages);
  return { context, pages, url };
}

const openSockets = async (server) => (await server.control('connections', { path: PATH })).open;

/** Raises `count` alerts in one burst; resolves with alerts per second into the slowest tab. */
async function burstRate(server, pages, count) {
  await Promise.all(pages.map(recordArrivals));
  const t0 = Date.now();
  await server.control('alerts', { count, alert: { client_id: 'acme' } });
  await Promise.all(
    pages.map((p) =>
      p.waitForFunction((n) => window.__arrivals.ids.length >= n, count, { timeout: 60_000 }),
    ),
  );
  const last = Math.max(
    ...(await Promise.all(pages.map((p) => p.evaluate(() => window.__arrivals.last)))),
  );
  return count / ((last - t0) / 1000);
}

/** Sockets and alert rate of `n` tabs with `share`; the context is closed after. */
async function sharing(browser, site, server, n, share, count) {
  const { context, pages } = await openTabs(browser, site, server, n, share);
  await server.control('waitForConnections', {
    path: PATH,
    open: share === 'tabs' ? 1 : n,
    timeoutMs: 10_000,
  });
  const sockets = await openSockets(server);
  const rate = await burstRate(server, pages, count);
  await context.close();
  await server.control('waitForConnections', { path: PATH, open: 0, timeoutMs: 10_000 });
  return { sockets, rate };
}

/**
 * `rounds` fail-overs among `n` tabs: close the leader, time the new leader's `connected`, open
 * a tab in its place. An alert is raised every 100 ms meanwhile; at the end every open tab must
 * hold each alert raised since it first connected (lost), and no tab may have received an
 * alert_new twice (duplicated).
 */
async function failovers(browser, site, server, n, rounds) {
  const { context, pages, url } = await openTabs(browser, site, server, n, 'tabs');
  const joined = new Map(pages.map((p) => [p, Date.now()]));
  await Promise.all(pages.map(recordArrivals));
  const raised = [];
  let raising = true;
  const raiser = (async () => {
    while (raising) {
      const { alert } = await server.control('alert', { client_id: 'acme' });
      raised.push({ id: alert.id, at: Date.now() });
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const times = [];
  try {
    for (let i = 0; i < rounds; i += 1) {
      const leader = await waitForLeader(pages);
      const since = Date.now();
      pages.splice(pages.indexOf(leader), 1);
      await leader.close();
      const next = await waitForLeader(pages, 10_000);
      const { statuses } = await readTab(next);
      times.push(statuses.filter((s) => s.status === 'connected').at(-1).at - since);
      const fresh = await openTab(context, url);
      await waitConnected(fresh);
      await recordArrivals(fresh);
      joined.set(fresh, Date.now());
      pages.push(fresh);
    }
  } finally {
    raising = false;
    await raiser;
  }
  let lost = 0;
  let duplicated = 0;
  const last = raised.at(-1).id;
  await Promise.all(
    pages.map((p) =>
      p.waitForFunction(
        (id) => document.querySelector('noc-alert-feed').alerts.some((e) => e.alert.id === id),
        last,
        { timeout: 10_000 },
      ),
    ),
  );
  for (const page of pages) {
    const { feed } = await readTab(page);
    const shown = new Set(feed.map((e) => e.id));
    lost += raised.filter((r) => r.at > joined.get(page) && !shown.has(r.id)).length;
    const ids = await page.evaluate(() => window.__arrivals.ids);
    duplicated += ids.length - new Set(ids).size;
  }
  await context.close();
  return { times, lost, duplicated, raised: raised.length };
}

export async function runTabs({ quick }) {
  const n = quick ? 4 : 10;
  const rounds = quick ? 3 : 20;
  const count = quick ? 300 : 2000;
  const server = await startReferenceServer({ port: 0 });
  const site = await serveTabsSite();
  const browser = await launchBrowser();
  try {
    const one = await sharing(browser, site, server, 1, 'page', count);
    const perPage = await sharing(browser, site, server, n, 'page', count);
    const shared = await sharing(browser, site, server, n, 'tabs', count);
    const f = await failovers(browser, site, server, n, rounds);
    const p50 = percentile(f.times, 0.5);
    const p95 = percentile(f.times, 0.95);
    return [
      {
        part: PART,
        measure: `sockets at the server, ${n} tabs, share="tabs"`,
        value: fmt(shared.sockets),
        baseline: `share="page": ${fmt(perPage.sockets)}`,
        ratio: shared.sockets / perPage.sockets,
        target: '1',
        ok: shared.sockets === 1,
      },
      {
        part: PART,
        measure: `alerts / s into every one of ${n} tabs (burst of ${fmt(count)})`,
        value: fmt(shared.rate),
        baseline: `one tab alone: ${fmt(one.rate)}`,
        ratio: shared.rate / one.rate,
        note: `${n} tabs with share="page": ${fmt(perPage.rate)} / s`,
      },
      {
        part: PART,
        measure: `fail-over, leader closed → new leader connected, p50 / p95 of ${rounds}`,
        value: `${fmt(p50)} ms / ${fmt(p95)} ms`,
        baseline: `heartbeat-timeout 1,500 ms`,
        ratio: p95 / 1500,
        target: 'p95 ≤ 2,000 ms',
        ok: p95 <= 2000,
        note: `fail-overs (ms): ${f.times.map((t) => fmt(t)).join(', ')}`,
      },
      {
        part: PART,
        measure: `alerts lost / duplicated across ${rounds} fail-overs`,
        value: `${fmt(f.lost)} / ${fmt(f.duplicated)}`,
        baseline: `${fmt(f.raised)} alerts raised, one per 100 ms`,
        target: '0 / 0',
        ok: f.lost === 0 && f.duplicated === 0,
      },
    ];
  } finally {
    await browser.close();
    await site.close();
    await server.stop();
  }
}
