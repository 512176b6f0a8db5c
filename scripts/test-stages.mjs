// Extra `npm test` stages (scripts/test.mjs appends them after its own); a plain array so other
// suites can append theirs.
import { readFileSync } from 'node:fs';
import { ENVS, venvPython } from './python-env.mjs';

/** A `node --test` stage: spec output, plus counts written by test/dist/node-reporter.mjs. */
const nodeTests = (name, results, files) => ({
  name,
  cmd: 'node',
  args: [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./test/dist/node-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...files,
  ],
  env: { NODE_TEST_RESULTS: results, NODE_TEST_LABEL: name },
  counts: () => JSON.parse(readFileSync(results, 'utf8')),
});

export const stages = [
  // Node 20, no browser: the core service with the `ws` class and no window (source, bundled by
  // esbuild), and `npm run server` (server/cli.mjs) started, connected to and stopped by SIGTERM.
  nodeTests('node tests', '.test-results/node.json', [
    'test/src/node/socket.node-test.mjs',
    'test/server/cli.node-test.mjs',
  ]),
  // The package: build dist/ first (the Django suites serve dist/ws-widgets.js), then load each
  // build in Chromium as its users would, then Node 20 and tsc against the built entries (test/dist/).
  { name: 'build', cmd: 'npm', args: ['run', 'build'] },
  // The Python distribution from that build (wheel + sdist in dist-python/, bundle inside); the
  // Django suites check its contents against dist/ and the docs test installs it.
  { name: 'python package', cmd: 'node', args: ['scripts/build-python.mjs', '--no-npm-build'] },
  // The Django suites on every supported combination (scripts/python-env.mjs made the venvs).
  ...ENVS.map((env) => ({
    name: `django (${env.label}, Python ${env.python})`,
    cmd: venvPython(env.name),
    args: ['django/run_tests.py'],
    env: { DJANGO_TEST_RESULTS: `.test-results/${env.name}.json` },
    counts: () => JSON.parse(readFileSync(`.test-results/${env.name}.json`, 'utf8')),
  })),
  // Django end to end: the example's pages in Chromium, two Daphne processes on one Redis, the
  // built bundle; needs the build above (test/e2e/django-e2e.mjs).
  {
    name: 'django e2e',
    cmd: 'node',
    args: ['test/e2e/django-e2e.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/e2e.json', 'utf8')),
  },
  // Issue 15 in Chromium: a reload shows stored alerts, a socket dropped mid-burst, a history
  // overrun, two acknowledgements racing on two workers, Redis restarted, a worker killed.
  {
    name: 'django recovery e2e',
    cmd: 'node',
    args: ['test/e2e/django-recovery.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/e2e-recovery.json', 'utf8')),
  },
  // docs/django.md's quick start followed on each Django in a new venv from the wheel above.
  {
    name: 'django docs',
    cmd: 'node',
    args: ['test/e2e/django-docs.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/django-docs.json', 'utf8')),
  },
  // Issue 14: one protocol. Every vector of test/conformance/vectors played against the Node
  // reference server, the in-browser stand-in (driven from Node) and the Django consumers under
  // ws_widgets.serve on Redis; counts are vectors × targets (after the build: Django's checks
  // want the bundle).
  {
    name: 'conformance',
    cmd: 'node',
    args: ['test/conformance/run.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/conformance.json', 'utf8')),
  },
  {
    name: 'dist browser tests',
    cmd: 'npx',
    args: ['web-test-runner', '--config', 'web-test-runner.dist.config.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/wtr-dist.json', 'utf8')),
  },
  nodeTests('dist node checks', '.test-results/dist-node.json', [
    'test/dist/node-entry.test.mjs',
    'test/dist/package.test.mjs',
    'test/dist/manifest.test.mjs',
    'test/dist/types.test.mjs',
  ]),
  // share="tabs" (issue 16): several pages in one Chromium context against the reference server:
  // one socket, every alert in every tab, fail-over on close, freeze and hang (test/tabs/run.mjs).
  {
    name: 'tabs',
    cmd: 'node',
    args: ['test/tabs/run.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/tabs.json', 'utf8')),
  },
  // The packed tarball in a React 19 app and a Vue 3 app: installed, type-checked, built with
  // Vite and opened in Chromium against the reference server (test/apps/run.mjs).
  {
    name: 'app tests',
    cmd: 'node',
    args: ['test/apps/run.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/apps.json', 'utf8')),
  },
  // The benchmark in quick mode (after the build: it loads dist/ws-widgets.js), so it cannot
  // rot; it fails only when a part cannot run, never on a missed target (see docs/benchmarks.md).
  { name: 'bench (quick)', cmd: 'npm', args: ['run', 'bench', '--', '--quick'] },
  // Storybook: its config and stories type-check, the static build, then every story opened in
  // Chromium (render/play errors, console errors, axe); the demo of `npm start` and, against
  // dist/ws-widgets.js, of `npm run preview` (see README.md, Storybook and Tests).
  {
    name: 'storybook typecheck',
    cmd: 'npx',
    args: ['tsc', '-p', '.storybook/tsconfig.json', '--noEmit'],
  },
  { name: 'storybook build', cmd: 'npm', args: ['run', 'build-storybook'] },
  {
    name: 'storybook smoke',
    cmd: 'node',
    args: ['test/storybook/smoke.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/storybook.json', 'utf8')),
  },
  {
    name: 'demo (npm start)',
    cmd: 'node',
    args: ['test/storybook/demo.mjs'],
    counts: () => JSON.parse(readFileSync('.test-results/demo.json', 'utf8')),
  },
  {
    name: 'demo (npm run preview)',
    cmd: 'node',
    args: ['test/storybook/demo.mjs', '--dist'],
    counts: () => JSON.parse(readFileSync('.test-results/demo-dist.json', 'utf8')),
  },
];
