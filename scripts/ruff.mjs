#!/usr/bin/env node
// Python lint and format check for `npm run lint`: ruff from the tools environment over django/
// (settings in django/pyproject.toml) and the bench's Django scripts (bench/django/). `--fix` applies what ruff can fix and formats the files.
import { spawnSync } from 'node:child_process';
import { ENVS, TOOLS_ENV, ensureEnv, venvBin } from './python-env.mjs';

ensureEnv(ENVS.find((env) => env.name === TOOLS_ENV));
const ruff = venvBin(TOOLS_ENV, 'ruff');
const fix = process.argv.includes('--fix');
const runs = fix
  ? [
      ['check', '--fix', 'django', 'bench/django'],
      ['format', 'django', 'bench/django'],
    ]
  : [
      ['check', 'django', 'bench/django'],
      ['format', '--check', 'django', 'bench/django'],
    ];
let status = 0;
for (const args of runs) {
  const result = spawnSync(ruff, args, { stdio: 'inherit' });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
