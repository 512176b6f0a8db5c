// Part 5, leaks: 1,000 cycles of inserting a <ws-connection> holding three widgets, waiting until
// it is connected and rendered, and removing it. Then: sockets still open (counted by the
// server), live timers (counted by fixtures/timer-count.js), heap growth after forced GC beside
// the same cycles done with a raw WebSocket and plain elements.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kitBundle, ROOT } from '../lib/bundle.mjs';
import { launchBrowser, openPage, startPageServer } from '../lib/browser.mjs';
import { fmt } from '../lib/stats.mjs';
import { startReferenceServer } from '../../server/reference-server.mjs';

const PATH = '/ws/noc/dashboard/';
const MB = 1024 * 1024;

/** Runs `cycles` insert/connect/remove cycles in the page; `kind` 'kit' or 'raw'. */
function cyclesInPage([kind, url, cycles]) {
  const once = () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('a cycle did not connect within 10 s')),
        10_000,
      );
      const finish = (remove) => {
        clearTimeout(timer);
        // One frame so the widgets render what they got, then out of the page; the next cycle
        // starts a task later, after the shared socket's microtask-delayed release, so every
        // cycle opens and closes a socket of its own.
        requestAnimationFrame(() => {
          remove();
          setTimeout(resolve, 0);
        });
      };
      if (kind === 'raw') {
        const box = document.createElement('div');
        for (let i = 0; i < 3; i++) box.append(document.createElement('span'));
        document.body.append(box);
        const ws = new WebSocket(url);
        ws.onopen = () => finish(() => (ws.close(), box.remove()));
        return;
      }
      const connection = document.createElement('ws-connection');
      connection.setAttribute('url', url);
      const feed = document.createElement('noc-alert-feed');
      feed.setAttribute('client-id', 'acme');
      connection.append(
        document.createElement('ws-status-badge'),
        feed,
        document.createElement('ws-toast'),
      );
      let done = false;
      const connected = () => {
        if (done || !connection.isConnected?.()) return;
        done = true;
        finish(() => connection.remove());
      };
      connection.addEventListener('connectionStatus', connected);
      document.body.append(connection);
      connection.updateComplete.then(connected);
    });
  return (async () => {
    for (let i = 0; i < cycles; i++) await once();
  })();
}

async function leakRun(browser, pages, kind, bundles, { warmup, cycles }) {
  const server = await startReferenceServer({ port: 0 });
  const initScript = readFileSync(join(ROOT, 'bench/fixtures/timer-count.js'), 'utf8');
  const page = await openPage(browser, pages, bundles, { initScript });
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    // Twice: the first collection can leave finalised objects for the second.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const domCounters = async () => cdp.send('Memory.getDOMCounters');
  try {
    const url = server.wsUrl(PATH);
    // The instrument must see a timer, or a 0 at the end would prove nothing.
    const selfTest = await page.evaluate(() => {
      const id = setInterval(() => {}, 1000);
      const seen = window.liveTimers().intervals;
      clearInterval(id);
      return seen - window.liveTimers().intervals;
    });
    if (selfTest !== 1) throw new Error('the timer counter did not see a setInterval');
    await page.evaluate(cyclesInPage, [kind, url, warmup]);
    const settle = () =>
      server
        .control('waitForConnections', { open: 0, path: PATH, timeoutMs: 5000 })
        .catch(() => undefined);
    await settle();
    const heapBefore = await heap();
    const domBefore = await domCounters();
    const started = Date.now();
    await page.evaluate(cyclesInPage, [kind, url, cycles]);
    const ms = Date.now() - started;
    await settle();
    const { open, accepted } = await server.control('connections', { path: PATH });
    const heapAfter = await heap();
    const domAfter = await domCounters();
    const timers = await page.evaluate(() => window.liveTimers());
    return {
      open,
      accepted,
      timers,
      growth: heapAfter - heapBefore,
      heapAfter,
      domBefore,
      domAfter,
      ms,
    };
  } finally {
    await page.close();
    await server.stop();
  }
}

export async function runLeaks({ quick }) {
  const cycles = quick ? 100 : 1000;
  const warmup = quick ? 10 : 50;
  const kit = await kitBundle();
  const pages = await startPageServer();
  const browser = await launchBrowser();
  let kitRun;
  let rawRun;
  try {
    kitRun = await leakRun(browser, pages, 'kit', [kit.name], { warmup, cycles });
    rawRun = await leakRun(browser, pages, 'raw', [], { warmup, cycles });
  } finally {
    await browser.close();
    await pages.close();
  }
  const part = '5 leaks';
  const t = kitRun.timers;
  const dom = (r) =>
    `nodes ${fmt(r.domBefore.nodes)} → ${fmt(r.domAfter.nodes)}, listeners ${fmt(r.domBefore.jsEventListeners)} → ${fmt(r.domAfter.jsEventListeners)}`;
  return [
    {
      part,
      measure: `sockets open after ${fmt(cycles)} cycles (server count)`,
      value: `${fmt(kitRun.open)} (of ${fmt(kitRun.accepted)} accepted)`,
      baseline: `raw WebSocket ${fmt(rawRun.open)}`,
      target: '0',
      ok: kitRun.open === 0,
      note: `kit loaded from ${kit.source}; a cycle = insert <ws-connection> with <ws-status-badge>, <noc-alert-feed client-id>, <ws-toast>, await connected, one frame, remove; ${fmt(kitRun.ms / cycles, 1)} ms per cycle (raw ${fmt(rawRun.ms / cycles, 1)} ms)`,
    },
    {
      part,
      measure: 'live timers after the cycles',
      value: `${fmt(t.timeouts + t.intervals)} (${t.timeouts} timeouts, ${t.intervals} intervals)`,
      baseline: `raw WebSocket ${fmt(rawRun.timers.timeouts + rawRun.timers.intervals)}`,
      target: '0',
      ok: t.timeouts + t.intervals === 0,
      note: `pending animation frames: kit ${t.frames}, raw ${rawRun.timers.frames}`,
    },
    {
      part,
      measure: 'heap growth after forced GC',
      value: `${fmt(kitRun.growth / MB, 2)} MB`,
      baseline: `raw WebSocket ${fmt(rawRun.growth / MB, 2)} MB`,
      ...(rawRun.growth > 0 ? { ratio: kitRun.growth / rawRun.growth } : {}),
      target: '< 1 MB',
      ok: kitRun.growth < MB,
      note: `DOM counters after GC: kit ${dom(kitRun)}; raw ${dom(rawRun)}; heap after: kit ${fmt(kitRun.heapAfter / MB, 1)} MB`,
    },
  ];
}
