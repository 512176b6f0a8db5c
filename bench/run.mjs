#!/usr/bin/env node
// `npm run bench`: measures the kit beside its baselines in one run and prints one table.
// `--quick` shrinks every part (CI keeps it from rotting); `--only=size,message,storm,alerts,leaks,django,tabs`
// picks parts; `--write-docs` puts the table into docs/benchmarks.md. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, ROOT } from './lib/bundle.mjs';
import { escapeMarkdown, markdownTable, notes, textTable } from './lib/table.mjs';
import { runSize } from './parts/size.mjs';
import { runMessagePath } from './parts/message-path.mjs';
import { runReconnectStorm } from './parts/reconnect-storm.mjs';
import { runAlertStorm } from './parts/alert-storm.mjs';
import { runLeaks } from './parts/leaks.mjs';
import { runDjangoFanout } from './parts/django-fanout.mjs';
import { runTabs } from './parts/tabs.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const want = (name) => !only || only.includes(name);

const PARTS = [
  ['size', () => runSize({ quick })],
  ['message', () => runMessagePath({ quick })],
  ['alerts', () => runAlertStorm({ quick })],
  ['storm', () => runReconnectStorm({ quick })],
  ['leaks', () => runLeaks({ quick })],
  ['django', () => runDjangoFanout({ quick })],
  ['tabs', () => runTabs({ quick })],
];

// The bench's own arithmetic first: wrong peaks or percentiles would still print plausible figures.
const selfCheck = spawnSync(process.execPath, ['--test', join(ROOT, 'bench/test/')], {
  encoding: 'utf8',
});
if (selfCheck.status !== 0) {
  console.error(`bench: its self-checks failed\n${selfCheck.stdout}${selfCheck.stderr}`);
  process.exit(1);
}

const started = Date.now();
const loadAtStart = loadavg()[0];
// A part that hangs must not hang CI: give up well after the brief's 10 minutes (quick: 4).
const watchdog = setTimeout(
  () => {
    console.error(`\nbench: still running after ${quick ? 4 : 15} minutes; giving up`);
    process.exit(1);
  },
  (quick ? 4 : 15) * 60_000,
);
watchdog.unref();
const rows = [];
for (const [name, run] of PARTS) {
  if (!want(name)) continue;
  const t0 = Date.now();
  process.stdout.write(`bench: ${name}${quick ? ' (quick)' : ''} ...`);
  try {
    rows.push(...(await run()));
    console.log(` ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.log(' FAILED');
    console.error(error);
    rows.push({
      part: name,
      measure: 'run',
      value: 'error',
      note: String(error?.message ?? error),
      ok: false,
    });
  }
}

const seconds = (Date.now() - started) / 1000;
const machine =
  `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ` +
  `load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end`;
console.log(
  `\nws-widgets bench${quick ? ' (quick: smaller figures, not comparable to a full run)' : ''}, ${new Date().toISOString()}, ${machine}, ${seconds.toFixed(0)} s\n`,
);
console.log(textTable(rows));
const extra = notes(rows);
if (extra.length) console.log(`\n${extra.join('\n')}`);
const misses = rows.filter((r) => r.ok === false);
console.log(`\n${misses.length ? `${misses.length} target(s) missed` : 'every target met'}`);

mkdirSync(CACHE, { recursive: true });
writeFileSync(
  join(CACHE, 'results.json'),
  JSON.stringify({ date: new Date().toISOString(), quick, machine, seconds, rows }, null, 2),
);
if (args.includes('--write-docs')) {
  // The docs hold one whole run: a partial table would pass for one.
  if (only) console.log('\n--write-docs ignored with --only: docs/benchmarks.md keeps a whole run');
  else writeDocs();
}

/** Replaces the block between the bench markers in docs/benchmarks.md with this run's table. */
function writeDocs() {
  const file = join(ROOT, 'docs/benchmarks.md');
  const block = [
    '<!-- bench:start -->',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (quick mode)' : ''} on ${machine} (shared, noisy), ${seconds.toFixed(0)} s.`,
    '',
    markdownTable(rows),
    '',
    ...extra.map(escapeMarkdown),
    '<!-- bench:end -->',
  ].join('\n');
  const text = readFileSync(file, 'utf8');
  const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
  if (!marked.test(text)) throw new Error(`${file} has no <!-- bench:start/end --> markers`);
  writeFileSync(
    file,
    text.replace(marked, () => block),
  );
}

// A missed target is a finding, reported above; a part that could not run is a failure (that is
// what the CI stage guards). Exit explicitly: nothing left behind may keep the process alive.
process.exit(rows.some((r) => r.value === 'error') ? 1 : 0);
