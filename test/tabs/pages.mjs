// The pages of the `share="tabs"` tests, for test/tabs/run.mjs and the bench: the kit bundled
// from source by esbuild (with code splitting, so the tab share is loaded lazily as a bundler
// would ship it), a page holding one <ws-connection share="tabs"> and a <noc-alert-feed>, and
// what each tab saw. Every function is exported so other harnesses can build the same tabs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { serveStatic } from '../storybook/static-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The page: every setting comes from the query string (see tabUrl). */
const PAGE = `<!doctype html>
<meta charset="utf-8" />
<title>tab</title>
<body>
<script type="module">
  import './kit/define-all.js';
  const q = new URLSearchParams(location.search);
  const log = (window.__tabs = { statuses: [], leaderLog: [], alerts: [], acks: [], errors: [] });
  // pagehide:persisted, pageshow:persisted: into and out of the back/forward cache.
  log.lifecycle = [];
  for (const type of ['pagehide', 'pageshow'])
    addEventListener(type, (e) => log.lifecycle.push(type + (e.persisted ? ':persisted' : '')));
  for (const type of ['freeze', 'resume'])
    document.addEventListener(type, () => log.lifecycle.push(type));
  const c = document.createElement('ws-connection');
  c.setAttribute('url', q.get('ws'));
  c.setAttribute('share', q.get('share') ?? 'tabs');
  c.setAttribute('ready-message', 'connection_established');
  c.setAttribute('heartbeat-interval', q.get('interval') ?? '500');
  c.setAttribute('heartbeat-timeout', q.get('timeout') ?? '1500');
  c.setAttribute('reconnect-interval', '200');
  c.setAttribute('max-reconnect-attempts', 'Infinity');
  c.addEventListener('connectionStatus', (e) => log.statuses.push({ status: e.detail.status, at: Date.now() }));
  c.addEventListener('leaderChange', (e) => log.leaderLog.push({ leader: e.detail.leader, at: Date.now() }));
  c.addEventListener('error', (e) => log.errors.push(e.detail.kind + ': ' + e.detail.message));
  c.addEventListener('message', (e) => {
    if (e.detail.type === 'alert_new') log.alerts.push(e.detail.alert.id);
    if (e.detail.type === 'alert_acknowledged') log.acks.push(e.detail.alert_id);
  });
  const feed = document.createElement('noc-alert-feed');
  feed.setAttribute('client-id', q.get('client') ?? 'acme');
  feed.setAttribute('max-items', '1000');
  c.append(feed);
  document.body.append(c);
</script>
`;

/** Another page of the site, for a leader to navigate to. */
const BLANK = '<!doctype html><meta charset="utf-8" /><title>elsewhere</title><p>elsewhere</p>\n';

/**
 * Bundles components/define-all.ts into `dir`/kit (ES modules, split) and writes the pages.
 * @returns {Promise<string>} the directory to serve
 */
export async function buildTabsSite(dir = mkdtempSync(join(tmpdir(), 'ws-widgets-tabs-'))) {
  await build({
    entryPoints: [join(ROOT, 'components/define-all.ts')],
    outdir: join(dir, 'kit'),
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    tsconfig: join(ROOT, 'tsconfig.json'),
    conditions: ['production'],
    logLevel: 'error',
  });
  writeFileSync(join(dir, 'tab.html'), PAGE);
  writeFileSync(join(dir, 'blank.html'), BLANK);
  return dir;
}

/** Builds and serves the site on 127.0.0.1: `{url, close, dir}` (`dir`: to serve it again). */
export async function serveTabsSite() {
  const dir = await buildTabsSite();
  return { ...(await serveStatic(dir)), dir };
}

/**
 * The address of one tab. `ws`: the socket URL; `share`: page | tabs | none; `timeout`: the
 * heartbeat timeout (and the followers' patience), ms.
 */
export function tabUrl(
  site,
  { ws, share = 'tabs', timeout = 1500, interval = 500, client = 'acme' },
) {
  const q = new URLSearchParams({
    ws,
    share,
    timeout: String(timeout),
    interval: String(interval),
    client,
  });
  return `${site.url}/tab.html?${q}`;
}

/**
 * Opens a tab in `context` (one browser context: one profile, so the tabs share locks and
 * channels). `noShare`: Web Locks and BroadcastChannel are removed before the page runs.
 */
export async function openTab(context, url, { noShare = false } = {}) {
  const page = await context.newPage();
  if (noShare)
    await page.addInitScript(() => {
      delete Navigator.prototype.locks;
      delete globalThis.BroadcastChannel;
    });
  await page.goto(url);
  await page.waitForFunction(() => window.__tabs !== undefined);
  return page;
}

/** What a tab shows now: its status, whether it leads, the ids its feed holds, its logs. */
export function readTab(page) {
  return page.evaluate(() => {
    const c = document.querySelector('ws-connection');
    const feed = document.querySelector('noc-alert-feed');
    return {
      status: c.status,
      leader: c.leader,
      leaderAttr: c.hasAttribute('leader'),
      feed: feed.alerts.map((e) => ({ id: e.alert.id, state: e.state })),
      ...window.__tabs,
    };
  });
}

/**
 * Waits until `fn(arg)` is truthy in the tab, with Playwright's page or Puppeteer's (the frozen
 * leader test drives Puppeteer: Playwright's pages are never frozen by `Page.setWebLifecycleState`).
 */
export function waitInTab(page, fn, arg, timeout = 10_000) {
  return typeof page.evaluateOnNewDocument == 'function'
    ? page.waitForFunction(fn, { timeout, polling: 50 }, arg) // 'raf' never fires in a hidden tab
    : page.waitForFunction(fn, arg, { timeout });
}

/** Waits until the tab's connection is `connected`. */
export function waitConnected(page, timeout = 10_000) {
  return waitInTab(
    page,
    () => document.querySelector('ws-connection')?.status === 'connected',
    null,
    timeout,
  );
}

/** Waits until exactly one of `pages` leads and all are connected; returns the leader. */
export async function waitForLeader(pages, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const states = await Promise.all(pages.map((p) => readTab(p)));
    const leaders = pages.filter((_, i) => states[i].leader);
    if (leaders.length === 1 && states.every((s) => s.status === 'connected')) return leaders[0];
    if (Date.now() > deadline)
      throw new Error(
        `no single connected leader: ${JSON.stringify(states.map((s) => [s.leader, s.status]))}`,
      );
    await new Promise((r) => setTimeout(r, 25));
  }
}
