// node:test reporter that counts passed/failed/skipped tests (suites not counted) and writes them
// to .test-results/dist-node.json (or $NODE_TEST_RESULTS) for scripts/test.mjs; run it beside the
// `spec` reporter.
import { mkdirSync, writeFileSync } from 'node:fs';

export default async function* countingReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details, skip, todo, file, nesting, name } = event.data;
    if (details?.type === 'suite') continue;
    // Node 20 also reports each file as a test of its own; count a file only when it failed to run.
    const isFile = nesting === 0 && file !== undefined && name === file;
    if (isFile && event.type === 'test:pass') continue;
    if (skip || todo) totals.skipped += 1;
    else if (event.type === 'test:pass') totals.passed += 1;
    else totals.failed += 1;
  }
  mkdirSync('.test-results', { recursive: true });
  writeFileSync(process.env.NODE_TEST_RESULTS ?? '.test-results/dist-node.json', JSON.stringify(totals));
  yield `${process.env.NODE_TEST_LABEL ?? 'dist node checks'}: ${totals.passed} passed, ${totals.failed} failed\n`;
}
