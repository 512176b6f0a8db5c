#!/usr/bin/env node
// Compile-time tests of the public types: every file in fixtures/good must type-check, and every
// file in fixtures/bad must FAIL with the error code its first line names (`// expect: TS2345`).
// Writes {passed, failed} to .test-results/types.json for scripts/test.mjs.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const configPath = join(here, 'tsconfig.json');
const config = ts.getParsedCommandLineOfConfigFile(
  configPath,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
const list = (dir) =>
  readdirSync(join(here, 'fixtures', dir))
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => join(here, 'fixtures', dir, name));
const good = list('good');
const bad = list('bad');

// One program for every fixture: each is a module, so one file's errors never reach another.
const program = ts.createProgram([...good, ...bad], config.options);
const show = (d) => {
  const where = d.file
    ? `${relative(process.cwd(), d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
    : '';
  return `${where} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
};
const diagnosticsOf = (file) => {
  const source = program.getSourceFile(file);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
};

let passed = 0;
let failed = 0;
const report = (ok, name, why) => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? '  ✓' : '  ✗'} ${name}${why ? `\n      ${why}` : ''}`);
};

const global = program.getGlobalDiagnostics();
if (global.length > 0) report(false, 'global diagnostics', global.map(show).join('\n      '));

console.log('must compile:');
for (const file of good) {
  const diagnostics = diagnosticsOf(file);
  report(diagnostics.length === 0, relative(here, file), diagnostics.map(show).join('\n      '));
}

console.log('must fail:');
for (const file of bad) {
  const expected = /^\/\/ expect: TS(\d+)/.exec(readFileSync(file, 'utf8'))?.[1];
  const diagnostics = diagnosticsOf(file);
  const codes = diagnostics.map((d) => String(d.code));
  let why = '';
  if (expected === undefined) why = 'no "// expect: TSnnnn" first line';
  else if (diagnostics.length === 0) why = `compiled, but TS${expected} was expected`;
  else if (!codes.includes(expected))
    why = `failed with ${codes.map((c) => `TS${c}`).join(', ')}, not TS${expected}: ${diagnostics.map(show).join('; ')}`;
  report(why === '', `${relative(here, file)} (TS${expected ?? '?'})`, why);
}

console.log(`type tests: ${passed} passed, ${failed} failed`);
mkdirSync('.test-results', { recursive: true });
writeFileSync('.test-results/types.json', JSON.stringify({ passed, failed }));
process.exit(failed > 0 ? 1 : 0);
