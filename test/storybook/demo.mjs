#!/usr/bin/env node
// Demo smoke test: `npm start` (or, with --dist, `npm run preview`) really serves a live NOC screen.
// Starts scripts/start.mjs, opens the page in Chromium and checks that both connections connect,
// simulated alerts arrive, the buttons drop, revoke and re-issue (badges and toasts react), an
// acknowledgement completes, with no console error and no axe violation. --screenshots writes
// docs/screenshots/demo.png and demo-dark.png. Counts go to .test-results/demo[-dist].json.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

const { values } = parseArgs({
  options: {
    dist: { type: 'boolean', default: false },
    screenshots: { type: 'boolean', default: false },
  },
});
const require = createRequire(import.meta.url);
const label = values.dist ? 'demo (dist/ws-widgets.js)' : 'demo (sources)';
const results = [];
const consoleErrors = [];

/** Starts the demo and resolves with its URL once it prints it. */
function startDemo() {
  const args = [
    'scripts/start.mjs',
    '--port',
    '0',
    '--rate',
    '2',
    ...(values.dist ? ['--dist'] : []),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the demo printed no URL within 60 s:\n${output}`)),
      60_000,
    );
    const read = (chunk) => {
      output += chunk;
      const match = /Demo \([^)]*\): (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) =>
      reject(new Error(`the demo exited (${code}) before printing its URL:\n${output}`)),
    );
  });
  return { child, url };
}

async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (error) {
    results.push({ name, ok: false, problem: error.message.split('\n')[0] });
    console.log(`FAIL ${name}\n     ${error.message.split('\n')[0]}`);
  }
}

const { child, url } = startDemo();
let browser;
try {
  const pageUrl = await url;
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (msg) => {
    // Revoke signs the user out: the token URL's 401 is the expected answer, which Chromium logs.
    const expected = /\/api\/token$/.test(msg.location().url) && /401/.test(msg.text());
    if (msg.type() === 'error' && !expected) consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  await page.goto(pageUrl);
  // Every status each connection goes through, recorded in the page.
  await page.evaluate(() => {
    globalThis.__statuses = { noc: [], gcode: [] };
    for (const el of document.querySelectorAll('ws-connection')) {
      el.addEventListener('connectionStatus', (e) =>
        globalThis.__statuses[el.id].push(e.detail.status),
      );
    }
  });
  const waitStatus = (id, wanted, timeout = 15_000) =>
    page.waitForFunction(
      ([id, wanted]) => document.getElementById(id)?.getAttribute('status') === wanted,
      [id, wanted],
      {
        timeout,
      },
    );
  const shadowText = (selector) =>
    page.evaluate(
      (s) => document.querySelector(s)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '',
      selector,
    );
  const waitText = (selector, pattern, timeout = 15_000) =>
    page.waitForFunction(
      ([s, source]) =>
        new RegExp(source).test(
          document.querySelector(s)?.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '',
        ),
      [selector, pattern.source],
      { timeout },
    );
  const click = (name) => page.getByRole('button', { name, exact: true }).click();

  await check(
    `serves the kit from ${values.dist ? 'dist/ws-widgets.js' : 'the sources'}`,
    async () => {
      const served = await (await fetch(new URL('/ws-widgets.js', pageUrl))).text();
      const built = existsSync('dist/ws-widgets.js')
        ? readFileSync('dist/ws-widgets.js', 'utf8').slice(0, 300)
        : undefined;
      const fromDist = built !== undefined && served.includes(built);
      if (fromDist !== values.dist)
        throw new Error(`/ws-widgets.js is ${fromDist ? '' : 'not '}the built bundle`);
    },
  );
  await check('both connections connect through the Vite proxy', async () => {
    await waitStatus('noc', 'connected');
    await waitStatus('gcode', 'connected');
  });
  await check('simulated alerts reach the feed', () =>
    waitText('noc-alert-feed', /[1-9]\d* unacknowledged/),
  );
  await check('the badges show the latency from heartbeats', () =>
    waitText('ws-status-badge[for="noc"]', /\d+ ms/, 10_000),
  );
  await check('Drop: the sockets reconnect and the toast says so', async () => {
    await page.evaluate(() => (globalThis.__statuses.noc.length = 0));
    await click('Drop every socket');
    // "Connection restored." takes the place of "Connection lost." (a quick retry may replace it
    // before a frame shows it): the statuses below prove the loss.
    await waitText('ws-toast', /Connection restored/);
    await waitStatus('noc', 'connected');
    const toasts = await page.evaluate(
      () => document.querySelector('ws-toast').shadowRoot.textContent,
    );
    if (/Connection lost/.test(toasts))
      throw new Error('"Connection lost" is still shown beside "restored"');
    const seen = await page.evaluate(() => globalThis.__statuses.noc);
    if (!seen.includes('reconnecting')) throw new Error(`no reconnect seen: ${seen.join(' → ')}`);
  });
  await check('Revoke: both connections fail with an auth refusal and stop', async () => {
    await click('Revoke the token');
    await waitStatus('noc', 'failed');
    await waitStatus('gcode', 'failed');
    await waitText('ws-toast', /refused the credentials/);
  });
  await check('Issue a new token: updateToken() brings both back', async () => {
    await click('Issue a new token');
    await waitStatus('noc', 'connected');
    await waitStatus('gcode', 'connected');
  });
  await check('Expire: each connection fetches a fresh token once and reconnects', async () => {
    await page.evaluate(() => (globalThis.__statuses.noc.length = 0));
    await click('Expire the token');
    await page.waitForFunction(() => globalThis.__statuses.noc.includes('connected'), null, {
      timeout: 15_000,
    });
    await waitStatus('gcode', 'connected');
    const seen = await page.evaluate(() => globalThis.__statuses.noc);
    if (seen.includes('failed')) throw new Error(`the refresh failed: ${seen.join(' → ')}`);
  });
  await check('1013 retry-after: the badge counts down from the advised delay', async () => {
    const advised = page.evaluate(
      () =>
        new Promise((resolve) =>
          document.getElementById('noc').addEventListener('connectionStatus', (e) => {
            if (e.detail.code === 1013 && e.detail.delay !== undefined) resolve(e.detail.delay);
          }),
        ),
    );
    await click('Busy: 1013, retry in 6 s');
    const delay = await advised;
    if (delay < 6000) throw new Error(`the retry waits ${delay} ms, not the advised 6 s`);
    await waitStatus('noc', 'connected', 20_000);
  });
  await check('Acknowledge: the server confirms to the feed', async () => {
    await page.waitForFunction(() =>
      document
        .querySelector('noc-alert-feed')
        ?.shadowRoot?.querySelector('[part="alert"][data-state="new"] [part="ack-button"]'),
    );
    await page.evaluate(() =>
      document
        .querySelector('noc-alert-feed')
        .shadowRoot.querySelector('[part="alert"][data-state="new"] [part="ack-button"]')
        .click(),
    );
    await page.waitForFunction(() =>
      document
        .querySelector('noc-alert-feed')
        ?.shadowRoot?.querySelector('[part="alert"][data-state="acknowledged"]'),
    );
  });
  await check('Burst: 25 alerts at once land in the feed', async () => {
    const before = await page.evaluate(
      () => document.querySelector('noc-alert-feed').alerts.length,
    );
    await click('Burst of 25 alerts');
    await page.waitForFunction(
      (n) => document.querySelector('noc-alert-feed').alerts.length >= n + 25,
      before,
      { timeout: 15_000 },
    );
  });
  await check('the G-Code panel shows its initial JSON or live figures', async () => {
    const text = await shadowText('gcode-panel');
    if (!/G-Code score/.test(text)) throw new Error(`the panel shows "${text.slice(0, 120)}"`);
  });
  await check('no axe violation on the page', async () => {
    // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays in force.
    await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const violations = await page.evaluate(async () =>
      (await globalThis.axe.run(document, { resultTypes: ['violations'] })).violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`,
      ),
    );
    if (violations.length > 0) throw new Error(violations.join('; '));
  });
  if (values.screenshots) {
    mkdirSync('docs/screenshots', { recursive: true });
    await click('Drop every socket');
    await waitText('ws-toast', /Connection restored/);
    await waitStatus('noc', 'connected');
    await waitStatus('gcode', 'connected');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'docs/screenshots/demo.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'docs/screenshots/demo-dark.png' });
    console.log('wrote docs/screenshots/demo.png and demo-dark.png');
  }
  await check('no console error', async () => {
    if (consoleErrors.length > 0) throw new Error(consoleErrors.join(' | '));
  });
} catch (error) {
  results.push({ name: 'the demo starts', ok: false, problem: error.message });
  console.log(`FAIL the demo starts\n     ${error.message}`);
} finally {
  await browser?.close();
  child.kill('SIGTERM');
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
mkdirSync('.test-results', { recursive: true });
writeFileSync(
  `.test-results/demo${values.dist ? '-dist' : ''}.json`,
  JSON.stringify({ passed, failed, checks: results }, null, 2),
);
console.log(`${label}: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
