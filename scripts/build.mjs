#!/usr/bin/env node
// `npm run build`: a clean dist/ from tsc (unbundled modules, .d.ts, maps), the custom elements
// manifest, then the two self-contained bundles. Stops at the first step that fails.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const steps = [
  ['tsc', ['-p', 'tsconfig.build.json']],
  ['cem', ['analyze', '--litelement', '--config', 'custom-elements-manifest.config.mjs']],
  ['rollup', ['-c', 'rollup.config.mjs']],
];

rmSync('dist', { recursive: true, force: true });
for (const [cmd, args] of steps) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  const result = spawnSync('npx', ['--no-install', cmd, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: ${cmd} failed`);
    process.exit(result.status ?? 1);
  }
}
