#!/usr/bin/env node
// Storybook smoke test: serves the static build, opens every story of index.json in Chromium and
// fails a story on a render or play error, a console error or an axe violation; then opens every
// element's Docs page (docs-check.mjs: all its stories play, the ArgTypes table from the manifest,
// no console error, axe). Writes the counts (one per story or page) to .test-results/storybook.json.
// usage: node test/storybook/smoke.mjs [--dir storybook-static] [--only <id substring>] [--screenshot]
// (--screenshot also writes docs/screenshots/storybook.png, the Storybook UI on one story, and
// storybook-docs.png, on one element's Docs page)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';
import { checkDocs, recordPreviewEvents } from './docs-check.mjs';
import { serveStatic } from './static-server.mjs';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'storybook-static' },
    only: { type: 'string' },
    screenshot: { type: 'boolean', default: false },
  },
});
const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
let index;
try {
  index = JSON.parse(readFileSync(`${values.dir}/index.json`, 'utf8'));
} catch (error) {
  console.error(
    `No Storybook build in ${values.dir} (run \`npm run build-storybook\`): ${error.message}`,
  );
  process.exit(1);
}
const stories = Object.values(index.entries).filter(
  (e) => e.type === 'story' && (!values.only || e.id.includes(values.only)),
);
if (stories.length === 0) {
  console.error('index.json lists no stories');
  process.exit(1);
}
const docsPages = Object.values(index.entries).filter(
  (e) => e.type === 'docs' && (!values.only || e.id.includes(values.only)),
);
/** The stories a Docs page shows: its file's stories that keep the `autodocs` tag. */
const storiesOn = (docs) =>
  Object.values(index.entries)
    .filter((e) => e.type === 'story' && e.importPath === docs.importPath)
    .filter((e) => e.tags?.includes('autodocs'))
    .map((e) => e.id);

const server = await serveStatic(values.dir);
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_FLAGS,
});
const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });

/** Opens one story and returns what is wrong with it (empty = passed). */
async function check(story) {
  const problems = [];
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  try {
    await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`);
    // Rendered and played (or failed): Storybook's own phase, or its error display.
    await page.waitForFunction(
      () =>
        document.body.classList.contains('sb-show-errordisplay') ||
        ['finished', 'errored', 'aborted'].includes(
          globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase,
        ),
      null,
      { timeout: 20_000 },
    );
    const state = await page.evaluate(() => ({
      errorDisplay: document.body.classList.contains('sb-show-errordisplay'),
      message: document.querySelector('#error-message')?.textContent?.trim() ?? '',
      stack: document.querySelector('#error-stack')?.textContent?.trim().split('\n')[0] ?? '',
      phase: globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase,
    }));
    if (state.errorDisplay) problems.push(`render error: ${state.message} ${state.stack}`.trim());
    else if (state.phase !== 'finished') problems.push(`story ended in phase '${state.phase}'`);
    else {
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async () => {
        const result = await globalThis.axe.run('#storybook-root', { resultTypes: ['violations'] });
        return result.violations.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`,
        );
      });
      problems.push(...violations.map((v) => `axe: ${v}`));
    }
  } catch (error) {
    problems.push(`did not finish: ${error.message.split('\n')[0]}`);
  } finally {
    await page.close();
  }
  return problems;
}

/** The Storybook UI (sidebar, story, controls) on `id`, once the story has played. */
async function screenshot(id, path) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${server.url}/index.html?path=/story/${id}`);
  const frame = page.frameLocator('#storybook-preview-iframe');
  await frame.locator('body.sb-show-main').waitFor({ timeout: 20_000 });
  const preview = page.frames().find((f) => f.url().includes('iframe.html'));
  await preview?.waitForFunction(
    () => globalThis.__STORYBOOK_PREVIEW__?.currentRender?.phase === 'finished',
    null,
    {
      timeout: 20_000,
    },
  );
  mkdirSync('docs/screenshots', { recursive: true });
  await page.screenshot({ path });
  await page.close();
  console.log(`wrote ${path}`);
}

/** The Storybook UI on the Docs page `id`, once the page and its stories have rendered. */
async function screenshotDocs(id, count, path) {
  const page = await context.newPage();
  await page.addInitScript(recordPreviewEvents); // runs in the preview iframe too
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${server.url}/index.html?path=/docs/${id}`);
  const preview = page.frameLocator('#storybook-preview-iframe');
  await preview.locator('.docblock-argstable tbody tr').first().waitFor({ timeout: 20_000 });
  const frame = page.frames().find((f) => f.url().includes('iframe.html'));
  await frame?.waitForFunction(
    (n) => new Set(globalThis.__smoke.finished.map((f) => f.id)).size >= n,
    count,
    { timeout: 60_000 },
  );
  await page.screenshot({ path });
  await page.close();
  console.log(`wrote ${path}`);
}

// Two stories at a time: each page waits on timers and the server, not on the CPU.
const results = new Array(stories.length);
let next = 0;
async function worker() {
  while (next < stories.length) {
    const i = next++;
    const story = stories[i];
    const started = Date.now();
    const problems = await check(story);
    results[i] = {
      id: story.id,
      title: story.title,
      name: story.name,
      ok: problems.length === 0,
      problems,
    };
    console.log(
      `${problems.length === 0 ? 'ok  ' : 'FAIL'} ${story.id} (${Date.now() - started} ms)`,
    );
    for (const p of problems) console.log(`     ${p}`);
  }
}
await Promise.all([worker(), worker()]);
// Docs pages one at a time: each renders and plays all of its element's stories at once.
for (const docs of docsPages) {
  const started = Date.now();
  const { problems, rows } = await checkDocs(context, server.url, docs, storiesOn(docs), axePath);
  results.push({ id: docs.id, title: docs.title, name: docs.name, ok: !problems.length, problems });
  console.log(
    `${problems.length === 0 ? 'ok  ' : 'FAIL'} ${docs.id} (${rows} ArgTypes rows, ${Date.now() - started} ms)`,
  );
  for (const p of problems) console.log(`     ${p}`);
}
if (values.screenshot) {
  await screenshot('elements-noc-alert-feed--acknowledgements', 'docs/screenshots/storybook.png');
  const docs = docsPages.find((d) => d.id === 'elements-ws-status-badge--docs');
  if (docs)
    await screenshotDocs(docs.id, storiesOn(docs).length, 'docs/screenshots/storybook-docs.png');
}
await browser.close();
await server.close();

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
mkdirSync('.test-results', { recursive: true });
writeFileSync(
  '.test-results/storybook.json',
  JSON.stringify({ passed, failed, stories: results }, null, 2),
);
console.log(
  `storybook smoke: ${passed} passed, ${failed} failed (${stories.length} stories, ${docsPages.length} docs pages)`,
);
process.exit(failed > 0 ? 1 : 0);
