// Where Debian's Chromium is and the flags every harness launches it with (TOOLING.md), in one
// place so the test runner, the end-to-end tests, the Storybook checks and the bench agree.
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Headless as root on a shared machine: no sandbox, no GPU, no background traffic. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * For pages that measure or wait on timers: background pages (the runner opens several) keep
 * their timers unthrottled, and `gc()` is there for the leak checks.
 */
export const CHROMIUM_MEASURING_FLAGS = [
  ...CHROMIUM_FLAGS,
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  '--js-flags=--expose-gc',
];
