// A consumer's type check against the built package: test/dist/types/ uses the tags, their
// typed events and the React/Vue augmentations through the exports map (`types` condition),
// with skipLibCheck off so the emitted .d.ts files are checked too. Its @ts-expect-error lines
// are the failing cases: tsc reports any that stop being errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
