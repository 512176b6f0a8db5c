// Browser tests: real Debian Chromium (no downloaded browser), TypeScript through esbuild,
// and the reference server hosted in the runner's Node process (see server/wtr-plugin.mjs).
import { fileURLToPath } from 'node:url';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { wsServerPlugin } from './server/wtr-plugin.mjs';
import { countingReporter } from './scripts/wtr-counting-reporter.mjs';
import { CHROMIUM_MEASURING_FLAGS, CHROMIUM_PATH } from './scripts/chromium.mjs';

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
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: CHROMIUM_MEASURING_FLAGS,
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter()],
};
