#!/usr/bin/env node
// The Python virtual environments the Django suites run in: one per supported Django line, each
// on its own CPython from pyenv, under .venvs/ (git-ignored), never the system interpreter's
// site-packages. An environment is rebuilt only when its requirements change (a stamp file holds
// their hash). usage: node scripts/python-env.mjs [name ...]   (default: every environment)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REQUIREMENTS = join(ROOT, 'django/requirements');

/** The supported combinations: Django 5.2 LTS on Python 3.12, Django 6.x on Python 3.13. */
export const ENVS = [
  { name: 'django-5.2', python: '3.12', requirements: 'django-5.2.txt', label: 'Django 5.2' },
  { name: 'django-6', python: '3.13', requirements: 'django-6.txt', label: 'Django 6' },
];

/** The environment that runs the tools (ruff, build) and the single-version suites. */
export const TOOLS_ENV = 'django-6';

export const venvDir = (name) => join(ROOT, '.venvs', name);

/** The interpreter of an environment made by this script. */
export const venvPython = (name) => join(venvDir(name), 'bin', 'python');

/** A file of the environment's bin/ (ruff, daphne). */
export const venvBin = (name, tool) => join(venvDir(name), 'bin', tool);

const versionKey = (v) => v.split('.').map((part) => Number.parseInt(part, 10) || 0);
const newer = (a, b) => {
  const [x, y] = [versionKey(a), versionKey(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

/** The newest pyenv CPython of a minor version, else `pythonX.Y` on PATH; null when neither. */
export function findPython(minor) {
  const root = process.env.PYENV_ROOT || join(homedir(), '.pyenv');
  const versions = join(root, 'versions');
  if (existsSync(versions)) {
    const found = readdirSync(versions)
      .filter((v) => v.startsWith(`${minor}.`) && /^\d+\.\d+\.\d+$/.test(v))
      .filter((v) => existsSync(join(versions, v, 'bin', 'python')))
      .reduce((best, v) => (best === null || newer(v, best) ? v : best), null);
    if (found) return join(versions, found, 'bin', 'python');
  }
  const which = spawnSync('sh', ['-c', `command -v python${minor}`], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : null;
}

/** The requirements file and every file it includes with `-r`, hashed together. */
function requirementsHash(file) {
  const hash = createHash('sha256');
  const seen = new Set();
  const visit = (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = readFileSync(path, 'utf8');
    hash.update(text);
    for (const match of text.matchAll(/^-r\s+(\S+)/gm)) visit(join(dirname(path), match[1]));
  };
  visit(join(REQUIREMENTS, file));
  return hash.digest('hex');
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${result.status}`);
}

/** Creates (or refreshes) one environment; returns its interpreter. */
export function ensureEnv(env) {
  const dir = venvDir(env.name);
  const stamp = join(dir, '.requirements-sha256');
  const hash = requirementsHash(env.requirements);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && existsSync(venvPython(env.name)))
    return venvPython(env.name);
  const python = findPython(env.python);
  if (!python)
    throw new Error(
      `${env.label} needs CPython ${env.python}: none under pyenv or on PATH (pyenv install ${env.python})`,
    );
  console.log(`python-env: ${env.name} from ${python}`);
  rmSync(dir, { recursive: true, force: true });
  run(python, ['-m', 'venv', dir]);
  run(venvPython(env.name), ['-m', 'pip', 'install', '-q', '--upgrade', 'pip']);
  run(venvPython(env.name), [
    '-m',
    'pip',
    'install',
    '-q',
    '-r',
    join(REQUIREMENTS, env.requirements),
  ]);
  writeFileSync(stamp, hash);
  return venvPython(env.name);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !ENVS.some((env) => env.name === name));
  if (unknown.length > 0) {
    console.error(
      `python-env: unknown environment ${unknown.join(', ')} (${ENVS.map((e) => e.name).join(', ')})`,
    );
    process.exit(2);
  }
  try {
    for (const env of ENVS) {
      if (wanted.length > 0 && !wanted.includes(env.name)) continue;
      const python = ensureEnv(env);
      const report = spawnSync(
        python,
        [
          '-c',
          'import sys, django, channels, daphne; print(sys.version.split()[0], django.__version__, channels.__version__, daphne.__version__)',
        ],
        { encoding: 'utf8' },
      );
      const [py, dj, ch, da] = report.stdout.trim().split(' ');
      console.log(
        `python-env: ${env.name}: Python ${py}, Django ${dj}, Channels ${ch}, Daphne ${da}`,
      );
      if (report.status !== 0)
        throw new Error(`${env.name} cannot import Django: ${report.stderr}`);
    }
  } catch (error) {
    console.error(`python-env: ${error.message}`);
    process.exit(1);
  }
}
