// The counted run of an end-to-end script: scenarios that depend on each other, a time limit for
// the whole run, and totals in .test-results/<name>.json for `npm test`. Every server still
// running is killed when the run ends, however it ends (processes.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killAll } from './processes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `label` names the run in its output, `resultsFile` is relative to the repository, `limitMs`
 * bounds the whole run, and `cleanup` runs before the servers are killed.
 */
export function createRun({ label, resultsFile, limitMs = 600_000, cleanup = () => {} }) {
  const results = [];

  function finish(code) {
    const passed = results.filter((r) => r.ok).length;
    const totals = { passed, failed: results.length - passed };
    const file = join(ROOT, resultsFile);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(totals));
    console.log(`\n${label}: ${totals.passed} passed, ${totals.failed} failed`);
    cleanup();
    killAll();
    process.exit(code ?? (totals.failed > 0 ? 1 : 0));
  }
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      results.push({ name: `the run was not stopped by ${signal}`, ok: false });
      finish(130);
    });
  }
  // A hang anywhere (a wedged browser, a server that never answers) still ends the run, failed.
  setTimeout(() => {
    console.error(`${label}: the whole run exceeded ${limitMs / 60_000} minutes`);
    results.push({ name: 'the run finishes in time', ok: false });
    finish(1);
  }, limitMs).unref();

  /** Runs one counted scenario; one whose prerequisite failed fails at once instead of timing out. */
  async function scenario(name, needs, body) {
    const missing = needs.filter((n) => !passed(n));
    const started = Date.now();
    try {
      if (missing.length > 0) throw new Error(`not run: needs "${missing.join('", "')}"`);
      await body();
      results.push({ name, ok: true });
      console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name, ok: false });
      console.log(
        `  ✖ ${name} (${Date.now() - started} ms)\n    ${String(error.stack ?? error).replace(/\n/g, '\n    ')}`,
      );
    }
  }

  /** Whether the scenario of that name ran and passed. */
  const passed = (name) => results.some((r) => r.name === name && r.ok);

  return { scenario, passed, finish };
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}
