// A consumer's type check against the built package: test/dist/types/ uses the tags, their
// typed events and the React/Vue augmentations through the exports map (`types` condition),
// with skipLibCheck off so the emitted .d.ts files are checked too. Its @ts-expect-error lines
// are the failing cases: tsc reports any that stop being errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));
const project = 'test/dist/types/tsconfig.json';

test('usage.ts, react.tsx and vue.ts type-check against dist/ (tsc)', () => {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { cwd: root, encoding: 'utf8' });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
});

test('the core entries type-check in a Node project without the DOM lib (types-node/, tsc)', () => {
  const config = JSON.parse(readFileSync(new URL('./types-node/tsconfig.json', import.meta.url), 'utf8'));
  assert.ok(!config.compilerOptions.lib.some((lib) => /dom/i.test(lib)), 'no DOM lib in that project');
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/dist/types-node/tsconfig.json'], { cwd: root, encoding: 'utf8' });
  assert.equal(tsc.status, 0, `${tsc.stdout}${tsc.stderr}`);
});

test('each fixture holds cases that must fail to compile', () => {
  for (const file of ['usage.ts', 'react.tsx', 'vue.ts']) {
    const source = readFileSync(new URL(`./types/${file}`, import.meta.url), 'utf8');
    assert.ok((source.match(/@ts-expect-error/g) ?? []).length >= 3, `${file} has @ts-expect-error cases`);
  }
});

/** The ```tsx blocks of README.md's React section. */
function readmeReactBlocks() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('#### React 19'), readme.indexOf('#### Vue 3'));
  return [...section.matchAll(/^```tsx\n([\s\S]*?)^```/gm)].map((m) => m[1]);
}

test("README's React examples type-check, and a misspelt prop in them is an error", () => {
  const [elements, ...others] = readmeReactBlocks();
  assert.ok(elements && others.length > 0, 'the elements example and the hooks example');
  // Every prop name the example gives an element. TypeScript checks none with a dash, so the
  // example writes properties in camelCase; only event props (`onalert-new`) keep their dash.
  const props = [...new Set([...elements.matchAll(/\s([A-Za-z][\w-]*)=(?=[{"])/g)].map((m) => m[1]))];
  assert.ok(props.includes('clientId') && props.includes('reconnectInterval'), props.join(' '));
  assert.deepEqual(props.filter((name) => name.includes('-') && !name.startsWith('on')), [], 'dashed names TypeScript does not check');
  // Virtual files beside test/dist/types, so `ws-widgets/...` resolves to the built package.
  const dir = join(root, 'test/dist/types');
  const files = new Map([...[elements, ...others].entries()].map(([i, code]) => [join(dir, `readme-${i}.tsx`), code]));
  const misspelt = new Map();
  for (const name of props.filter((p) => !p.includes('-'))) {
    const file = join(dir, `readme-typo-${name}.tsx`);
    files.set(file, elements.replace(new RegExp(`(\\s)${name}=`), `$1${name}x=`));
    misspelt.set(file, name);
  }
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const host = ts.createCompilerHost(config.options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (file) => files.has(file) || fileExists.call(host, file);
  host.readFile = (file) => files.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, version, ...rest) =>
    files.has(file) ? ts.createSourceFile(file, files.get(file), version, true, ts.ScriptKind.TSX) : getSourceFile.call(host, file, version, ...rest);
  const program = ts.createProgram([...files.keys()], config.options, host);
  const errors = (file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
  for (const [file] of files) {
    const found = errors(file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    if (misspelt.has(file)) assert.ok(found.length > 0, `misspelling ${misspelt.get(file)} compiles`);
    else assert.deepEqual(found, [], `${file} compiles`);
  }
});
