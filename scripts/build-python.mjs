#!/usr/bin/env node
// `npm run build:python`: the Python distribution django-ws-widgets (wheel and sdist in
// dist-python/) from a clean checkout. The npm build comes first, because the package carries
// its bundle: dist/ws-widgets.js, dist/ws-widgets.iife.js and their maps are copied into
// django/ws_widgets/static/ws-widgets/ (git-ignored build output) and packed from there.
// usage: node scripts/build-python.mjs [--no-npm-build]   (reuse an existing dist/)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENVS, TOOLS_ENV, ensureEnv } from './python-env.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_FILES = [
  'ws-widgets.js',
  'ws-widgets.js.map',
  'ws-widgets.iife.js',
  'ws-widgets.iife.js.map',
];
export const OUT_DIR = join(ROOT, 'dist-python');
const STATIC_DIR = join(ROOT, 'django/ws_widgets/static/ws-widgets');

function run(cmd, args) {
  console.log(`> ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) {
    console.error(`build:python: ${cmd} failed`);
    process.exit(result.status ?? 1);
  }
}

if (!process.argv.includes('--no-npm-build')) run('npm', ['run', 'build']);
const missing = BUNDLE_FILES.filter((name) => !existsSync(join(ROOT, 'dist', name)));
if (missing.length > 0) {
  console.error(`build:python: dist/ lacks ${missing.join(', ')}: run npm run build first`);
  process.exit(1);
}
rmSync(STATIC_DIR, { recursive: true, force: true });
mkdirSync(STATIC_DIR, { recursive: true });
for (const name of BUNDLE_FILES) copyFileSync(join(ROOT, 'dist', name), join(STATIC_DIR, name));

const python = ensureEnv(ENVS.find((env) => env.name === TOOLS_ENV));
rmSync(OUT_DIR, { recursive: true, force: true });
// No isolation: hatchling comes from the tools environment instead of a download per build.
run(python, ['-m', 'build', '--no-isolation', '--outdir', OUT_DIR, 'django']);
console.log(`build:python: ${readdirSync(OUT_DIR).join(', ')} in dist-python/`);
