// The Docs page check of the Storybook smoke test: opens an element's autodocs page, waits until
// the page and every story on it have rendered and played, and reports what went wrong (render
// or play errors, console errors, an ArgTypes table missing a section, axe violations).

/** Sections the manifest gives each element's ArgTypes table (Storybook's category names). */
const SECTIONS = [
  'attributes',
  'properties',
  'events',
  'css custom properties',
  'css shadow parts',
];

/**
 * Before any page script: catch the preview as it is created and record its channel's events,
 * since a Docs page renders several stories and has no single render phase to poll.
 */
export function recordPreviewEvents() {
  const seen = { docsRendered: false, finished: [], errors: [] };
  globalThis.__smoke = seen;
  let preview;
  Object.defineProperty(globalThis, '__STORYBOOK_PREVIEW__', {
    configurable: true,
    get: () => preview,
    set(value) {
      preview = value;
      const channel = value?.channel;
      if (!channel) return;
      channel.on('docsRendered', () => (seen.docsRendered = true));
      channel.on('storyFinished', (p) => seen.finished.push({ id: p.storyId, status: p.status }));
      for (const name of ['storyErrored', 'storyThrewException', 'playFunctionThrewException'])
        channel.on(name, (e) => seen.errors.push(`${name}: ${e?.message ?? e?.title ?? ''}`));
    },
  });
}

/**
 * Opens `entry` (a docs entry of index.json) and returns its problems (empty = passed).
 * `storyIds` are the stories the page shows; each must finish with status `success`.
 */
export async function checkDocs(context, baseUrl, entry, storyIds, axePath) {
  const problems = [];
  const page = await context.newPage();
  await page.addInitScript(recordPreviewEvents);
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  try {
    await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=docs`);
    await page.waitForFunction(
      (count) => {
        const seen = globalThis.__smoke;
        return (
          document.body.classList.contains('sb-show-errordisplay') ||
          seen.errors.length > 0 ||
          (seen.docsRendered && new Set(seen.finished.map((f) => f.id)).size >= count)
        );
      },
      storyIds.length,
      { timeout: 60_000 },
    );
    const state = await page.evaluate((sections) => {
      const tables = [...document.querySelectorAll('#storybook-docs .docblock-argstable')];
      const text = tables.map((t) => t.textContent?.toLowerCase() ?? '').join(' ');
      return {
        errorDisplay: document.body.classList.contains('sb-show-errordisplay'),
        message: document.querySelector('#error-message')?.textContent?.trim() ?? '',
        seen: globalThis.__smoke,
        rows: tables.reduce((n, t) => n + t.querySelectorAll('tbody tr').length, 0),
        missing: sections.filter((s) => !text.includes(s)),
      };
    }, SECTIONS);
    if (state.errorDisplay) problems.push(`render error: ${state.message}`);
    problems.push(...state.seen.errors);
    for (const f of state.seen.finished)
      if (f.status !== 'success') problems.push(`story ${f.id} finished with '${f.status}'`);
    const finished = new Set(state.seen.finished.map((f) => f.id));
    for (const id of storyIds) if (!finished.has(id)) problems.push(`story ${id} did not finish`);
    if (state.rows === 0) problems.push('no ArgTypes table rows (custom-elements.json not read?)');
    // Not every element has every section (a badge has no events): report only a bare table.
    if (state.missing.length === SECTIONS.length) problems.push('ArgTypes table has no sections');
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      // Each story passed axe on its own page. A Docs page stacks many copies of one element
      // under Storybook's headings, so the rules about a page's outline are not the element's.
      const result = await globalThis.axe.run('#storybook-docs', {
        resultTypes: ['violations'],
        rules: { 'heading-order': { enabled: false }, 'landmark-unique': { enabled: false } },
      });
      return result.violations.map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`,
      );
    });
    problems.push(...violations.map((v) => `axe: ${v}`));
    return { problems, rows: state.rows, missing: state.missing };
  } catch (error) {
    problems.push(`did not finish: ${error.message.split('\n')[0]}`);
    return { problems, rows: 0, missing: SECTIONS };
  } finally {
    await page.close();
  }
}
