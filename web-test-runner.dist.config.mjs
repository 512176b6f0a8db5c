// Browser tests of the built package (dist/, after `npm run build`): plain HTML pages that load
// each build the way its user would. Same Chromium, esbuild and reference-server plugin as the
// main config; `ws-widgets/...` imports resolve through package.json's exports map (as Node does).
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import base from './web-test-runner.config.mjs';
import { countingReporter } from './scripts/wtr-counting-reporter.mjs';

const rootDir = fileURLToPath(new URL('.', import.meta.url));

/** Resolves the package's own name with Node's resolver: the exports map, `import` condition. */
function packageExports() {
  return {
    name: 'package-exports',
    resolveImport({ source }) {
      if (source !== 'ws-widgets' && !source.startsWith('ws-widgets/')) return undefined;
      const file = fileURLToPath(import.meta.resolve(source));
      return `/${relative(rootDir, file).split('\\').join('/')}`;
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
