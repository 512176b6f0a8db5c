// The browser side of the Django end-to-end test: Chromium, logging in to the example, and
// reading the example's own NOC page (its <ws-connection id="live"> and <noc-alert-feed>).
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

export const TIMEOUT = 30_000; // the first Chromium and Daphne start on a busy 2-core machine can be slow

export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/**
 * Runs in every document before its own scripts: records what `<ws-connection>` dispatches.
 * Capture listeners on document see the element's events whether or not they bubble, except
 * `message`: the element dispatches it only while it has a `message` listener of its own, so
 * each connection gets one once the element is defined (before its socket can have a frame).
 */
export function recordConnectionEvents() {
  const log = { frames: [], statuses: [], errors: [] };
  Object.defineProperty(window, '__e2e', { value: log });
  const fromConnection = (event) =>
    event.target instanceof Element && event.target.localName === 'ws-connection';
  void customElements.whenDefined('ws-connection').then(() => {
    for (const connection of document.querySelectorAll('ws-connection'))
      connection.addEventListener('message', (e) => log.frames.push(e.detail));
  });
  document.addEventListener(
    'connectionStatus',
    (e) => fromConnection(e) && log.statuses.push(e.detail.status),
    true,
  );
  document.addEventListener('error', (e) => fromConnection(e) && log.errors.push(e.detail), true);
}

/** A browser context (one "browser" of one user) logged in to the example through its login form. */
export async function loginContext(browser, server, username, password) {
  const context = await browser.newContext();
  context.setDefaultTimeout(TIMEOUT);
  await context.addInitScript(recordConnectionEvents);
  const page = await context.newPage();
  await page.goto(`${server.http}/login/`);
  await page.fill('#id_username', username);
  await page.fill('#id_password', password);
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/noc/'),
    page.click('form.login button[type="submit"]'),
  ]);
  await page.close();
  return context;
}

/** Opens the NOC page of `client` on `server`; `pageErrors` collects uncaught exceptions. */
export async function openNoc(context, server, pageErrors, client = 'acme') {
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${server.http}: ${error.message}`));
  const response = await page.goto(`${server.http}/noc/?client=${client}`);
  if (!response.ok()) throw new Error(`GET /noc/ on ${server.http} answered ${response.status()}`);
  return page;
}

/**
 * Makes the example's page, as Daphne serves it, carry a forged token (the real one with its
 * signature replaced) and `extra` attributes on its <ws-connection>. They change at readyState
 * "interactive": parsed, but before module scripts run and define the element. (Rewriting the
 * response with page.route instead makes Chromium's Local Network Access checks block the
 * page's sockets to 127.0.0.1.)
 */
export function forgeTokenBeforeConnect(page, extra) {
  return page.addInitScript((attributes) => {
    document.addEventListener('readystatechange', () => {
      const connection =
        document.readyState === 'interactive' && document.querySelector('ws-connection#live');
      if (!connection) return;
      const token = connection.getAttribute('token') ?? '';
      connection.setAttribute(
        'token',
        `${token.slice(0, token.lastIndexOf(':') + 1)}${'A'.repeat(43)}`,
      );
      for (const [name, value] of Object.entries(attributes))
        if (value === null) connection.removeAttribute(name);
        else connection.setAttribute(name, value);
    });
  }, extra);
}

/** Sets `attributes` on the page's <ws-connection id="live"> before it connects, as above. */
export function setAttributesBeforeConnect(page, attributes) {
  return page.addInitScript((values) => {
    document.addEventListener('readystatechange', () => {
      const connection =
        document.readyState === 'interactive' && document.querySelector('ws-connection#live');
      if (connection)
        for (const [name, value] of Object.entries(values)) connection.setAttribute(name, value);
    });
  }, attributes);
}

/** Waits until the page's <ws-connection id="live"> reflects `status`. */
export async function waitForStatus(page, status) {
  try {
    await page.waitForFunction(
      (s) => document.querySelector('ws-connection#live')?.getAttribute('status') === s,
      status,
    );
  } catch (error) {
    const seen = await recorded(page).catch(() => ({}));
    throw new Error(
      `${page.url()} never reached status ${status}: ${error.message}\nrecorded: ${JSON.stringify(seen)}`,
    );
  }
}

export function statusOf(page) {
  return page.evaluate(() => document.querySelector('ws-connection#live')?.getAttribute('status'));
}

/** Waits until the page has received at least `count` frames of `type` since it loaded. */
export function waitForFrames(page, type, count = 1) {
  return page.waitForFunction(
    ([t, n]) => window.__e2e.frames.filter((f) => f.type === t).length >= n,
    [type, count],
  );
}

export function framesOf(page, type) {
  return page.evaluate((t) => window.__e2e.frames.filter((f) => f.type === t).length, type);
}

export function recorded(page) {
  return page.evaluate(() => ({
    statuses: [...window.__e2e.statuses],
    errors: [...window.__e2e.errors],
  }));
}

/** Waits until the feed shows the alert titled `title` with `data-state` = `state`. */
export function waitForAlert(page, title, state) {
  return page.waitForFunction(
    ([t, s]) => {
      const feed = document.querySelector('noc-alert-feed');
      const items = feed?.shadowRoot?.querySelectorAll('[part="alert"]') ?? [];
      const item = [...items].find((li) => li.querySelector('[part="title"]')?.textContent === t);
      return item?.getAttribute('data-state') === s;
    },
    [title, state],
  );
}

/** The "Acknowledged by …" text of the alert titled `title`. */
export function ackStatusOf(page, title) {
  return page
    .locator('noc-alert-feed [part="alert"]', { hasText: title })
    .locator('[part="ack-status"]')
    .textContent();
}

/** Clicks the feed's Acknowledge button of the alert titled `title` (Playwright pierces open shadow roots). */
export function acknowledge(page, title) {
  return page.getByRole('button', { name: `Acknowledge: ${title}`, exact: true }).click();
}

/** What Chromium logs to the console when CSP or Trusted Types refuses something. */
const CSP_MESSAGE = /Content Security Policy|Trusted ?Types?|'Trusted(HTML|Script|ScriptURL)'/i;

/**
 * Records, from before the page's own scripts run, every `securitypolicyviolation` event (CSP
 * and Trusted Types report through the same event) and every console error about either.
 * `check(label)` throws if anything was recorded; `probe(label)` proves the recorder is live by
 * making the page break the policy once (a plain string into innerHTML) and seeing it reported.
 */
export async function recordCspViolations(page) {
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && CSP_MESSAGE.test(message.text()))
      consoleErrors.push(message.text());
  });
  await page.addInitScript(() => {
    const seen = [];
    Object.defineProperty(window, '__cspViolations', { value: seen });
    // Capture on window: the event is dispatched at the element or document involved, composed.
    window.addEventListener(
      'securitypolicyviolation',
      (e) =>
        seen.push({
          directive: e.effectiveDirective,
          blocked: e.blockedURI,
          sample: e.sample,
          at: `${e.sourceFile}:${e.lineNumber}`,
        }),
      true,
    );
  });
  return {
    async check(label) {
      const violations = await page.evaluate(() => [...window.__cspViolations]);
      if (violations.length > 0 || consoleErrors.length > 0)
        throw new Error(
          `${label}: CSP violations ${JSON.stringify(violations)}, console errors ${JSON.stringify(consoleErrors)}`,
        );
    },
    async probe(label) {
      const logged = page.waitForEvent('console', {
        predicate: (m) => m.type() === 'error' && CSP_MESSAGE.test(m.text()),
      });
      const outcome = await page.evaluate(
        () =>
          new Promise((resolve) => {
            let threw = false;
            window.addEventListener(
              'securitypolicyviolation',
              (e) => resolve({ threw, directive: e.effectiveDirective, blocked: e.blockedURI }),
              { once: true },
            );
            try {
              document.createElement('div').innerHTML = '<b>probe</b>';
            } catch {
              threw = true; // refused synchronously; the event follows as a task
            }
          }),
      );
      await logged;
      const expected = {
        threw: true,
        directive: 'require-trusted-types-for',
        blocked: 'trusted-types-sink',
      };
      if (JSON.stringify(outcome) !== JSON.stringify(expected))
        throw new Error(`${label}: the Trusted Types probe gave ${JSON.stringify(outcome)}`);
    },
  };
}

/** The page's bundle `<script>`: which build (module, or classic with `window.WsWidgets`) and its nonce. */
export function bundleScript(page) {
  return page.evaluate(() => {
    const script = document.querySelector('script[src^="/static/ws-widgets/"]');
    const src = script?.getAttribute('src');
    let build = null;
    if (script?.type === 'module' && src.endsWith('/ws-widgets.js')) build = 'module';
    else if (
      script?.defer &&
      src.endsWith('/ws-widgets.iife.js') &&
      typeof window.WsWidgets === 'object'
    )
      build = 'classic';
    // The nonce property: Chromium hides the attribute's value once the element is connected.
    return { src, build, nonce: script?.nonce ?? null };
  });
}

const ELEMENTS = ['ws-connection', 'ws-status-badge', 'ws-toast', 'noc-alert-feed', 'gcode-panel'];

/** Resolves once the bundle has defined all five elements (a blocked bundle never does). */
export function waitForWidgets(page) {
  return page.evaluate(
    ([names, timeout]) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          const missing = names.filter((n) => !customElements.get(n));
          reject(new Error(`not defined within ${timeout} ms: ${missing.join(', ')}`));
        }, timeout);
        Promise.all(names.map((n) => customElements.whenDefined(n))).then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    [ELEMENTS, TIMEOUT],
  );
}
