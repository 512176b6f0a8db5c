#!/usr/bin/env node
// The package as a React 19 and a Vue 3 developer get it: `npm pack`, installed into a fresh
// project (npm install of the tarball), type-checked as the apps' developers would (tsc; vue-tsc
// with strictTemplates), built with Vite (one development build each, so the frameworks'
// warnings stay in), then opened in Chromium against the reference server. Every typed event
// handler must fire, the hooks must follow their sockets and share them with the elements, and
// the console must stay clean. Needs `npm run build` first. Counts go to .test-results/apps.json.
//   node test/apps/run.mjs [--keep] [--tarball file.tgz]
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { startReferenceServer } from '../../server/reference-server.mjs';
import { serveStatic } from '../storybook/static-server.mjs';

const { values } = parseArgs({
  options: { keep: { type: 'boolean', default: false }, tarball: { type: 'string' } },
});
const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const results = [];
const timings = {};

async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (error) {
    const problem = String(error?.message ?? error);
    results.push({ name, ok: false, problem });
    console.log(`FAIL ${name}\n     ${problem.split('\n').slice(0, 12).join('\n     ')}`);
  }
}

/** Runs a command in `cwd`; throws with its output when it fails. Returns the seconds it took. */
function run(cmd, args, cwd, env = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      PUPPETEER_SKIP_DOWNLOAD: '1',
      PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
      ...env,
    },
  });
  if (result.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return (Date.now() - started) / 1000;
}

/** The version installed in this repository, so the app resolves from npm's cache. */
const installed = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const work = mkdtempSync(join(tmpdir(), 'ws-widgets-apps-'));
let browser;
let server;
const statics = [];
try {
  let tarball = values.tarball;
  await check('npm pack', () => {
    if (tarball) return;
    const [report] = JSON.parse(
      spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
        cwd: root,
        encoding: 'utf8',
      }).stdout,
    );
    tarball = join(work, report.filename);
  });
  // One project for both apps: one install. Only the tarball is new to npm's cache.
  const app = join(work, 'app');
  mkdirSync(app);
  const deps = ['react', 'react-dom', 'vue'];
  const devDeps = [
    'vite',
    '@vitejs/plugin-react',
    '@vitejs/plugin-vue',
    'typescript',
    'vue-tsc',
    '@types/react',
    '@types/react-dom',
  ];
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      {
        name: 'ws-widgets-app-test',
        private: true,
        type: 'module',
        dependencies: {
          'ws-widgets': `file:${tarball}`,
          ...Object.fromEntries(deps.map((name) => [name, installed(name)])),
        },
        devDependencies: Object.fromEntries(devDeps.map((name) => [name, installed(name)])),
      },
      null,
      2,
    ),
  );
  for (const name of ['react', 'vue'])
    cpSync(join(here, name), join(app, name), { recursive: true });
  // README.md's complete Vue components (those with a <script setup>) join the Vue app's type
  // check, so the documented composables cannot drift from the package.
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const vueSection = readme.slice(
    readme.indexOf('#### Vue 3'),
    readme.indexOf('## The five elements'),
  );
  const readmeComponents = [...vueSection.matchAll(/^```vue\n([\s\S]*?)^```/gm)]
    .map((m) => m[1])
    .filter((code) => code.includes('<script setup'));
  readmeComponents.forEach((code, i) => writeFileSync(join(app, `vue/src/Readme${i}.vue`), code));
  await check('npm install of the tarball', () => {
    timings.install = run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      app,
    );
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules/ws-widgets/package.json'), 'utf8'));
    if (!pkg.dependencies.lit) throw new Error('the installed package has no lit dependency');
  });
  const npx = (dir, ...args) => run(join(app, 'node_modules/.bin', args[0]), args.slice(1), dir);
  // Development builds of React, Vue and Lit: their warnings are what these pages must not show.
  const build = (dir) =>
    run(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], dir, {
      NODE_ENV: 'development',
    });
  await check('React app type-checks (tsc, strict)', () => {
    timings.reactTypes = npx(join(app, 'react'), 'tsc', '-p', 'tsconfig.json');
  });
  await check("Vue app and README's Vue components type-check (vue-tsc, strictTemplates)", () => {
    if (readmeComponents.length === 0) throw new Error('no <script setup> component in README.md');
    timings.vueTypes = npx(join(app, 'vue'), 'vue-tsc', '-p', 'tsconfig.json');
  });
  await check('React app builds (vite build)', () => {
    timings.reactBuild = build(join(app, 'react'));
    const code = readdirSync(join(app, 'react/dist/assets'))
      .map((file) => readFileSync(join(app, 'react/dist/assets', file), 'utf8'))
      .join('');
    if (!code.includes("hasn't mounted yet")) throw new Error("not React's development build");
  });
  await check('Vue app builds (vite build)', () => {
    timings.vueBuild = build(join(app, 'vue'));
  });

  server = await startReferenceServer({ auth: 'connect', validTokens: ['good-token'] });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  for (const framework of ['react', 'vue']) {
    const label = framework === 'react' ? 'React 19' : 'Vue 3';
    const site = await serveStatic(join(app, framework, 'dist'));
    statics.push(site);
    const page = await browser.newPage();
    const consoleProblems = [];
    page.on('console', (msg) => {
      // Lit's development build (the apps are development builds) announces itself once.
      if (/Lit is in dev mode/.test(msg.text())) return;
      if (msg.type() === 'error' || msg.type() === 'warning')
        consoleProblems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => consoleProblems.push(`uncaught: ${error.message}`));
    await page.goto(`${site.url}/index.html?server=127.0.0.1:${server.port}`);
    const events = () => page.locator('ol[aria-label="events"] li').allTextContents();
    const hasEvent = (entry, timeout = 10_000) =>
      page.waitForFunction(
        (wanted) =>
          [...document.querySelectorAll('ol[aria-label="events"] li')].some(
            (li) => li.textContent === wanted,
          ),
        entry,
        { timeout },
      );
    const text = (id, pattern, timeout = 10_000) =>
      page.waitForFunction(
        ([id, source]) => new RegExp(source).test(document.getElementById(id)?.textContent ?? ''),
        [id, pattern.source],
        { timeout },
      );

    await check(`${label}: <ws-connection> handlers hear connecting, then connected`, async () => {
      await hasEvent('connectionStatus:connected');
      const statuses = (await events()).filter((e) => e.startsWith('connectionStatus:'));
      if (statuses.slice(0, 2).join() !== 'connectionStatus:connecting,connectionStatus:connected')
        throw new Error(`the handler saw ${statuses.join(', ')}`);
    });
    await check(`${label}: connection-status and message handlers fire`, async () => {
      await hasEvent('connection-status:connected');
      await hasEvent('message:subscribed');
    });
    await check(
      `${label}: <noc-alert-feed> alert-new and alert-acknowledged handlers fire`,
      async () => {
        await server.control('alert', {
          client_id: 'acme',
          severity: 'critical',
          title: 'Disk full',
        });
        await hasEvent('alert-new:Disk full');
        await page.getByRole('button', { name: /Disk full/ }).click();
        await hasEvent('alert-acknowledged:user-good-token');
      },
    );
    await check(`${label}: <gcode-panel> gcode-updated and error handlers fire`, async () => {
      await hasEvent('gcode-panel error:parse');
      await server.control('gcode', {
        channel: 'user_1',
        frame: {
          type: 'gcode_updated',
          data: { date: '2026-11-30', g_code_score: 42, intensity: 'high', themes: [] },
        },
      });
      await hasEvent('gcode-updated:42');
    });
    await check(
      `${label}: <ws-connection> error and <ws-toast> toast-dismiss handlers fire`,
      async () => {
        await server.control('send', { frame: '{not json', raw: true, path: '/ws/noc/dashboard/' });
        await hasEvent('error:parse');
        await page.evaluate(() =>
          document.querySelector('ws-toast').show('Saved', { duration: 50 }),
        );
        await hasEvent('toast-dismiss:timeout');
      },
    );
    await check(
      `${label}: useSocket follows its socket (status, latency, lastMessage)`,
      async () => {
        await text('presence', /^connected$/);
        await text('latency', /^\d+$/);
        await text('last', /\w/);
      },
    );
    await check(`${label}: useMessage gets typed messages from send()`, async () => {
      await page.getByRole('button', { name: 'Stats', exact: true }).click();
      await text('connections', /^\d+$/);
      await text('last', /\bstats\b/);
    });
    await check(`${label}: disconnect() and connect() from the hook`, async () => {
      await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
      await text('presence', /^disconnected$/);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await text('presence', /^connected$/);
    });
    await check(
      `${label}: the hook shares the element's socket (one socket on the server)`,
      async () => {
        await text('shared', /^connected$/);
        const same = await page.evaluate(
          () =>
            window.sharedSocket !== undefined &&
            window.sharedSocket === document.getElementById('noc').socket,
        );
        if (!same) throw new Error("the hook's socket is not the element's");
        const { open } = await server.control('connections', { path: '/ws/noc/dashboard/' });
        if (open !== 1) throw new Error(`${open} sockets are open on /ws/noc/dashboard/`);
      },
    );
    await check(`${label}: a refused token shows as failed with an auth error`, async () => {
      await text('refused', /^failed auth$/);
    });
    await check(`${label}: no console error or warning`, async () => {
      if (consoleProblems.length > 0) throw new Error(consoleProblems.join('\n'));
    });
    await page.close();
  }
} catch (error) {
  results.push({ name: 'the harness runs', ok: false, problem: String(error?.stack ?? error) });
  console.log(`FAIL the harness runs\n     ${error?.stack ?? error}`);
} finally {
  await browser?.close();
  await Promise.all(statics.map((site) => site.close()));
  await server?.stop();
  if (values.keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
const seconds = Object.entries(timings)
  .map(([step, s]) => `${step} ${s.toFixed(1)} s`)
  .join(', ');
if (seconds) console.log(`timings: ${seconds}`);
mkdirSync(join(root, '.test-results'), { recursive: true });
writeFileSync(
  join(root, '.test-results/apps.json'),
  JSON.stringify({ passed, failed, timings, checks: results }, null, 2),
);
console.log(`app tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
