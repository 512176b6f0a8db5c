// Browser tests of the built package (dist/, after `npm run build`): plain HTML pages that load
// each build the way its user would. Same Chromium, esbuild and reference-server plugin as the
// main config; `ws-widgets/...` imports resolve through package.json's exports map (as Node does).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import base from './web-test-runner.config.mjs';
import { countingReporter } from './scripts/wtr-counting-reporter.mjs';

const rootDir = fileURLToPath(new URL('.', import.meta.url));

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
/** The exports-map conditions a browser bundler matches (never `node` or `types`). */
const BROWSER = new Set(['browser', 'import', 'default']);

/** Resolves the package's own name through the exports map, as a browser build would. */
function packageExports() {
  return {
    name: 'package-exports',
    resolveImport({ source }) {
      if (source !== 'ws-widgets' && !source.startsWith('ws-widgets/')) return undefined;
      let target = pkg.exports[`.${source.slice('ws-widgets'.length)}`];
      while (target && typeof target === 'object')
        target = Object.entries(target).find(([condition]) => BROWSER.has(condition))?.[1];
      if (typeof target !== 'string') throw new Error(`${source} is not exported for browsers`);
      return `/${relative(rootDir, fileURLToPath(new URL(target, import.meta.url)))
        .split('\\')
        .join('/')}`;
    },
  };
}

export default {
  ...base,
  rootDir,
  files: ['test/dist/**/*.test.html'],
  coverage: false,
  // One page at a time: a page in a background tab gets no animation frames, and the alert feed
  // renders arrivals on the next frame.
  concurrency: 1,
  // As a production build of an SPA resolves Lit: no dev-mode notice to tell apart from real warnings.
  nodeResolve: { exportConditions: ['production'] },
  plugins: [packageExports(), ...base.plugins],
  reporters: [
    defaultReporter(),
    summaryReporter({ flatten: false }),
    countingReporter({ file: '.test-results/wtr-dist.json' }),
  ],
};
