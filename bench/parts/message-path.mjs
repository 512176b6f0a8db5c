// Part 2, message path: a flood of ~200-byte JSON frames received and dispatched by type in
// Chromium, by a raw WebSocket + JSON.parse (the limit), ReconnectingSocket,
// reconnecting-websocket and partysocket/ws, interleaved round by round (order rotated), with
// medians and the median of each round's ratio to raw. Beside throughput, the renderer's script
// time per message (CDP Performance.getMetrics), which shared-machine contention disturbs less.
import { bundle } from '../lib/bundle.mjs';
import { launchBrowser, openPage, startPageServer } from '../lib/browser.mjs';
import { floodHandler } from '../lib/flood.mjs';
import { fmt, median } from '../lib/stats.mjs';

const CLIENTS = ['raw', 'ws-widgets', 'reconnecting-websocket', 'partysocket/ws'];
const LABEL = {
  raw: 'raw WebSocket + JSON.parse (the limit)',
  'ws-widgets': 'ReconnectingSocket',
  'reconnecting-websocket': 'reconnecting-websocket',
  'partysocket/ws': 'partysocket/ws',
};

export async function runMessagePath({ quick }) {
  // 200,000 frames per client in all, split over the interleaved rounds.
  const total = quick ? 20_000 : 200_000;
  const rounds = quick ? 2 : 5;
  const frames = total / rounds;
  await bundle('clients', { entry: 'bench/fixtures/clients.js' });
  const server = await startPageServer(floodHandler());
  const browser = await launchBrowser();
  /** @type {Record<string, number[]>} msg/s per client, one per round */
  const rates = Object.fromEntries(CLIENTS.map((c) => [c, []]));
  /** @type {Record<string, number[]>} µs of main-thread script per message, one per round */
  const script = Object.fromEntries(CLIENTS.map((c) => [c, []]));
  try {
    const page = await openPage(browser, server, ['clients']);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const scriptSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration')
        ?.value ?? NaN;
    const url = `${server.wsOrigin}/flood?n=${frames}`;
    // One unmeasured run each, so every client is compiled and warm before the rounds.
    for (const client of CLIENTS)
      await page.evaluate(
        ([c, u]) => window.flood[c](u, 2000),
        [client, url.replace(/n=\d+/, 'n=2000')],
      );
    for (let round = 0; round < rounds; round++) {
      const order = CLIENTS.map((_, i) => CLIENTS[(i + round) % CLIENTS.length]);
      for (const client of order) {
        await page.evaluate(() => window.gc?.());
        const before = await scriptSeconds();
        const ms = await page.evaluate(([c, u, n]) => window.flood[c](u, n), [client, url, frames]);
        rates[client].push((frames / ms) * 1000);
        script[client].push((((await scriptSeconds()) - before) * 1e6) / frames);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const raw = median(rates.raw);
  const rawScript = median(script.raw);
  const throughput = CLIENTS.map((client) => {
    const value = median(rates[client]);
    const ratios = rates[client].map((r, i) => r / rates.raw[i]);
    const row = {
      part: '2 message path',
      measure: `${LABEL[client]}, ${fmt(rounds)} rounds × ${fmt(frames)} frames`,
      value: `${fmt(value)} msg/s`,
      baseline: `raw ${fmt(raw)} msg/s`,
      ratio: median(ratios),
      note: `per-round msg/s ${rates[client].map((r) => fmt(r)).join(', ')}; ratios to raw ${ratios.map((r) => fmt(r, 2)).join(', ')}`,
    };
    if (client === 'ws-widgets')
      Object.assign(row, { target: '≥ 0.95 × raw', ok: row.ratio >= 0.95 });
    return row;
  });
  const cost = CLIENTS.filter((c) => c !== 'raw').map((client) => ({
    part: '2 message path',
    measure: `${LABEL[client]}: main-thread script per frame`,
    value: `${fmt(median(script[client]), 1)} µs`,
    baseline: `raw ${fmt(rawScript, 1)} µs`,
    ratio: median(script[client].map((v, i) => v / script.raw[i])),
  }));
  return [...throughput, ...cost];
}
