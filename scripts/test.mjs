#!/usr/bin/env node
// `npm test`: every suite in turn (static checks, browser tests, Python tests, builds and their
// tests), each counted, then one closing line `N passed, N failed` for CI.
// A suite whose tool is missing fails rather than being skipped: nothing passes by not running.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

/** @typedef {{name: string, cmd: string, args: string[], counts?: () => {passed: number, failed: number, skipped?: number}, when?: () => boolean, env?: Record<string, string>}} Stage */

const readJson = (file) => () => JSON.parse(readFileSync(file, 'utf8'));

/** @type {Stage[]} */
const stages = [
  // First: the Python virtual environments (Django 5.2 and 6.x) that ruff and the Django
  // suites run in; created once, rebuilt only when django/requirements/ changes.
  { name: 'python envs', cmd: 'node', args: ['scripts/python-env.mjs'] },
  // ESLint over the TypeScript and JavaScript, ruff (lint and format) over django/.
  { name: 'lint', cmd: 'npm', args: ['run', 'lint'] },
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', 'tsconfig.json', '--noEmit'] },
  // The reference server is plain JS: its JSDoc types are checked strictly by their own config.
  { name: 'server typecheck', cmd: 'npx', args: ['tsc', '-p', 'server/tsconfig.json'] },
  {
    name: 'type tests',
    cmd: 'node',
    args: ['test/types/run.mjs'],
    when: () => existsSync('test/types/run.mjs'),
    counts: readJson('.test-results/types.json'),
  },
  {
    name: 'browser tests',
    cmd: 'npx',
    args: ['web-test-runner'],
    counts: readJson('.test-results/wtr.json'),
  },
  {
    name: 'coverage of src/',
    cmd: 'node',
    args: ['scripts/check-coverage.mjs'],
    when: () => existsSync('scripts/check-coverage.mjs'),
  },
];

// Later suites (builds, Django, Storybook) register themselves in scripts/test-stages.mjs.
if (existsSync('scripts/test-stages.mjs')) {
  const extra = await import('./test-stages.mjs');
  stages.push(...extra.stages);
}

rmSync('.test-results', { recursive: true, force: true });
let passed = 0;
let failed = 0;
let skipped = 0;
const summary = [];
const only = process.argv.slice(2);
for (const stage of stages) {
  if (only.length > 0 && !only.includes(stage.name)) continue;
  if (stage.when && !stage.when()) continue;
  console.log(`\n=== ${stage.name}: ${stage.cmd} ${stage.args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(stage.cmd, stage.args, {
    stdio: 'inherit',
    env: { ...process.env, ...stage.env },
  });
  const ok = result.status === 0;
  let line;
  if (stage.counts) {
    let c;
    try {
      c = stage.counts();
    } catch {
      c = { passed: 0, failed: 1 };
    }
    // A runner that exits non-zero with nothing counted as failed still fails.
    const f = c.failed + (!ok && c.failed === 0 ? 1 : 0);
    passed += c.passed;
    failed += f;
    skipped += c.skipped ?? 0;
    line = `${stage.name}: ${c.passed} passed, ${f} failed`;
  } else {
    if (ok) passed += 1;
    else failed += 1;
    line = `${stage.name}: ${ok ? 'ok' : 'FAILED'}`;
  }
  summary.push(`${line} (${Math.round((Date.now() - started) / 1000)} s)`);
}
console.log('\n=== summary');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
