#!/usr/bin/env node
// Line coverage of the core (src/) from coverage/lcov.info, which the Web Test Runner writes.
// The runner's summary mixes in components/, so the figure is computed here from the lcov
// records of files under src/. A src/ file that no test loaded counts as entirely uncovered.
// Exits 1 below the threshold (default 90 %, or the first argument).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const root = process.cwd();
const threshold = Number(process.argv[2] ?? 90);
const lcovPath = resolve(root, 'coverage/lcov.info');

if (!existsSync(lcovPath)) {
  console.error(
    `check-coverage: ${relative(root, lcovPath)} is missing; run the browser tests with coverage first`,
  );
  process.exit(1);
}

/** @returns {string} the path relative to the repository, with forward slashes */
const rel = (file) => relative(root, resolve(root, file)).split(sep).join('/');

/** @type {Map<string, {found: number, hit: number}>} */
const files = new Map();
let current;
for (const line of readFileSync(lcovPath, 'utf8').split('\n')) {
  if (line.startsWith('SF:')) {
    current = rel(line.slice(3).trim());
    if (!files.has(current)) files.set(current, { found: 0, hit: 0, lines: new Map() });
  } else if (line.startsWith('DA:') && current) {
    // Per-line records, merged by line number (a file can appear in several records).
    const [n, count] = line.slice(3).split(',');
    const lines = files.get(current).lines;
    lines.set(n, (lines.get(n) ?? 0) + Number(count));
  } else if (line === 'end_of_record') {
    current = undefined;
  }
}

/** Every .ts file under src/ (type-only declaration files excepted). */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [rel(path)] : [];
  });
}

let found = 0;
let hit = 0;
const rows = [];
for (const file of sources(resolve(root, 'src')).sort()) {
  const entry = files.get(file);
  let f;
  let h;
  if (entry) {
    f = entry.lines.size;
    h = [...entry.lines.values()].filter((count) => count > 0).length;
  } else {
    // Never loaded by a test: every non-blank line counts as missed.
    f = readFileSync(resolve(root, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length;
    h = 0;
  }
  found += f;
  hit += h;
  rows.push(
    `  ${file.padEnd(32)} ${f === 0 ? '100.00' : ((100 * h) / f).toFixed(2).padStart(6)} %  (${h}/${f})${entry ? '' : '  not loaded by any test'}`,
  );
}

const percent = found === 0 ? 0 : (100 * hit) / found;
console.log(rows.join('\n'));
console.log(
  `src/ line coverage: ${percent.toFixed(2)} % (${hit}/${found} lines), threshold ${threshold} %`,
);
if (found === 0 || percent < threshold) {
  console.error(
    `check-coverage: src/ line coverage ${percent.toFixed(2)} % is below ${threshold} %`,
  );
  process.exit(1);
}
