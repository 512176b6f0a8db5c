// `node test/conformance/run.mjs [--target node,stand-in,django] [--only TEXT]`: plays every
// conformance vector against each target and writes the counts, and each vector's verdict per
// target, to .test-results/conformance.json (the `npm test` stage reads `passed` and `failed`).
// Bounded: the whole run ends, failed, after 10 minutes; servers stop with it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadVectors, playAll } from './play.mjs';
import { nodeTarget } from './targets/node.mjs';
import { standInTarget } from './targets/stand-in.mjs';
import { djangoTarget } from './targets/django.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, '.test-results/conformance.json');
const TARGETS = { node: nodeTarget, 'stand-in': standInTarget, django: djangoTarget };

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: Object.keys(TARGETS).join(',') },
    only: { type: 'string' },
  },
});
const chosen = values.target.split(',').map((name) => {
  if (!TARGETS[name])
    throw new Error(`unknown target ${name} (${Object.keys(TARGETS).join(', ')})`);
  return name;
});
const vectors = loadVectors().filter((v) => !values.only || v.name.includes(values.only));
/** @type {Record<string, Awaited<ReturnType<typeof playAll>> | {error: string}>} */
const byTarget = {};

function finish(code) {
  const all = Object.values(byTarget).flatMap((r) => ('error' in r ? [] : r));
  const count = (status) => all.filter((r) => r.status === status).length;
  const broken = Object.values(byTarget).filter((r) => 'error' in r).length;
  const totals = {
    passed: count('passed'),
    failed: count('failed') + broken,
    skipped: count('skipped'),
  };
  const perTarget = Object.fromEntries(
    Object.entries(byTarget).map(([name, r]) => [
      name,
      'error' in r
        ? r
        : {
            passed: r.filter((x) => x.status === 'passed').length,
            failed: r.filter((x) => x.status === 'failed').length,
            skipped: r.filter((x) => x.status === 'skipped').length,
            vectors: r,
          },
    ]),
  );
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(
    RESULTS,
    JSON.stringify({ ...totals, vectors: vectors.length, targets: perTarget }, null, 2),
  );
  console.log(`\nconformance: ${vectors.length} vectors`);
  for (const [name, r] of Object.entries(perTarget))
    console.log(
      'error' in r
        ? `  ${name}: did not start (${r.error})`
        : `  ${name}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`,
    );
  process.exit(code ?? (totals.failed > 0 ? 1 : 0));
}

setTimeout(() => {
  console.error('conformance: the run exceeded 10 minutes');
  byTarget.timeout = { error: 'the run exceeded 10 minutes' };
  finish(1);
}, 600_000).unref();

for (const name of chosen) {
  const target = TARGETS[name]();
  console.log(`\n${name}:`);
  try {
    await target.start();
    byTarget[name] = await playAll(target, vectors);
  } catch (error) {
    byTarget[name] = { error: String(error?.stack ?? error) };
    console.log(`  ✖ ${name} did not start: ${byTarget[name].error}`);
  } finally {
    await target.stop().catch(() => {});
  }
}
finish();
