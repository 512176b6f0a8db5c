// Browser tests: real Debian Chromium (no downloaded browser), TypeScript through esbuild,
// and the reference server hosted in the runner's Node process (see server/wtr-plugin.mjs).
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { wsServerPlugin } from './server/wtr-plugin.mjs';
import { countingReporter } from './scripts/wtr-counting-reporter.mjs';

const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';

export default {
  files: ['test/**/*.test.ts', '!test/dist/**'],
  nodeResolve: true,
  concurrency: 2,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 180000,
  browserStartTimeout: 60000,
  coverage: true,
  coverageConfig: {
    include: ['src/**/*.ts', 'components/**/*.ts'],
    exclude: ['**/node_modules/**', 'test/**'],
    report: true,
    reportDir: 'coverage',
    reporters: ['text-summary', 'json-summary', 'lcov'],
  },
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
    wsServerPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-background-timer-throttling',
          '--disable-renderer-backgrounding',
          '--disable-backgrounding-occluded-windows',
          '--js-flags=--expose-gc',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
};
