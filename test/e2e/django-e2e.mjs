#!/usr/bin/env node
// End-to-end test of the Django side (issue 4) in real Chromium: the example project's NOC pages
// served by two Daphne processes on one Redis, the built bundle (dist/ws-widgets.js, served
// through ws_widgets' DistFinder), alerts from `manage.py ws_send_alert`, acknowledgements
// across processes, a Daphne restart and a refused token (on a third Daphne, C, whose access log
// then holds that page's handshakes only). Daphne A comes from django/example/e2e_support.py, B
// and C from processes.mjs (B is the one restarted). Each scenario counts once; the totals go to
// .test-results/e2e.json. usage: npm run build && node test/e2e/django-e2e.mjs
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { manage, startCluster, startDaphne } from './processes.mjs';
import { check, createRun } from './run.mjs';
import * as ui from './pages.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const NOC_SOCKET = '/ws/noc/dashboard/';

const { scenario, finish } = createRun({
  label: 'django e2e',
  resultsFile: '.test-results/e2e.json',
});

/** Raises an alert for `client` from a separate process; it reaches browsers only through Redis. */
async function raiseAlert(cluster, id, title, client = 'acme') {
  const args = [
    'ws_send_alert',
    client,
    '--id',
    id,
    '--title',
    title,
    '--severity',
    'major',
    '--source',
    'e2e',
  ];
  const alert = JSON.parse(await manage(cluster, args));
  check(alert.id === id && alert.title === title, `ws_send_alert printed ${JSON.stringify(alert)}`);
}

/**
 * Opens a socket from Node (no browser, no session) and resolves with it, its first frame of
 * `type` and `closed` (the close code to come); rejects if it closes before that frame.
 */
function frameOf(url, headers, type) {
  const socket = new WebSocket(url, {
    headers,
    origin: new URL(url).origin.replace(/^ws/, 'http'),
  });
  const closed = new Promise((done) => socket.once('close', (code) => done(code)));
  return new Promise((done, fail) => {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type === type) done({ socket, frame, closed });
    });
    socket.once('error', fail);
    closed.then((code) => fail(new Error(`the socket closed (${code}) before a ${type} frame`)));
  });
}

const SETUP = 'the cluster (Redis, Daphne A and B), Chromium and the NOC pages start';
const CONNECT =
  'every NOC page on both Daphne processes loads the built bundle, connects and subscribes';
const ALERT = 'an alert from manage.py ws_send_alert reaches the browsers on both Daphne processes';
const ACK = 'acknowledging on a page of Daphne A shows as acknowledged on the pages of Daphne B';
const RESTART = "restarting Daphne B reconnects its browsers while Daphne A's stay connected";
const AFTER = 'after the restart, alerts and acknowledgements flow both ways again';
const OFFLINE_ACK =
  'an acknowledgement clicked while Daphne B is down goes out after subscribe_client on reconnect and is shown confirmed (CONTRACT 0.2)';
const BAD_TOKEN = 'a bad token is refused once: status failed, no reconnect loop';
const TOKEN_REFRESH = 'a refused token is refreshed once from token-url, and the page connects';
const NO_TOKEN_LOGS =
  'no token in the logs of Daphne after sockets by ?token=, cookie, session and first message, polls by header, cookie and session, and refusals';
const STRICT_CSP =
  "the pages run under the example's strict CSP with Trusted Types (`trusted-types lit-html`), module and classic builds: no violation";

const s = { pageErrors: [] };
if (!existsSync(join(ROOT, 'dist/ws-widgets.js')))
  console.error('dist/ws-widgets.js is missing: run `npm run build` first');
console.log('django e2e (Chromium, Redis, Daphne)');
try {
  await scenario(SETUP, [], async () => {
    check(
      existsSync(join(ROOT, 'dist/ws-widgets.js')),
      'dist/ws-widgets.js is missing: run `npm run build` first',
    );
    s.cluster = await startCluster({ daphnes: 1 });
    s.a = s.cluster.servers[0];
    s.b = await startDaphne(s.cluster);
    s.browser = await ui.launchChromium();
    s.alice = await ui.loginContext(s.browser, s.a, 'alice', s.cluster.password);
    s.bob = await ui.loginContext(s.browser, s.b, 'bob', s.cluster.password);
    s.aliceA = await ui.openNoc(s.alice, s.a, s.pageErrors);
    s.aliceB = await ui.openNoc(s.alice, s.b, s.pageErrors);
    s.bobB = await ui.openNoc(s.bob, s.b, s.pageErrors);
    s.onA = [s.aliceA];
    s.onB = [s.aliceB, s.bobB];
    s.all = [...s.onA, ...s.onB];
  });

  await scenario(CONNECT, [SETUP], async () => {
    for (const page of s.all) {
      const bundle = await page.evaluate(async () => {
        const script = document.querySelector('script[type="module"][src$="/ws-widgets.js"]');
        const response = script && (await fetch(script.src));
        return {
          src: script?.getAttribute('src'),
          ok: response?.ok,
          defined: Boolean(customElements.get('noc-alert-feed')),
        };
      });
      check(
        bundle.src === '/static/ws-widgets/ws-widgets.js' && bundle.ok && bundle.defined,
        `bundle: ${JSON.stringify(bundle)}`,
      );
      await ui.waitForStatus(page, 'connected');
      await ui.waitForFrames(page, 'subscribed'); // the feed's subscribe_client was answered
    }
  });

  await scenario(ALERT, [CONNECT], async () => {
    await raiseAlert(s.cluster, 'e2e-1', 'Core switch down (e2e 1)');
    await Promise.all(
      s.all.map((page) => ui.waitForAlert(page, 'Core switch down (e2e 1)', 'new')),
    );
  });

  await scenario(ACK, [ALERT], async () => {
    await ui.acknowledge(s.aliceA, 'Core switch down (e2e 1)');
    await Promise.all(
      s.all.map((page) => ui.waitForAlert(page, 'Core switch down (e2e 1)', 'acknowledged')),
    );
    const text = await ui.ackStatusOf(s.bobB, 'Core switch down (e2e 1)');
    check(/by alice/.test(text), `Bob's page says "${text}"`);
  });

  await scenario(RESTART, [CONNECT], async () => {
    const before = await Promise.all(s.onB.map((page) => ui.framesOf(page, 'subscribed')));
    const port = s.b.port;
    await s.b.stop('SIGTERM');
    await Promise.all(s.onB.map((page) => ui.waitForStatus(page, 'reconnecting')));
    s.b = await startDaphne(s.cluster, { port }); // the same address, as after a deploy
    for (const [i, page] of s.onB.entries()) {
      await ui.waitForStatus(page, 'connected');
      await ui.waitForFrames(page, 'subscribed', before[i] + 1); // the feed subscribed again
    }
    const a = await ui.recorded(s.aliceA);
    check((await ui.statusOf(s.aliceA)) === 'connected', "Daphne A's page is no longer connected");
    check(
      !a.statuses.includes('reconnecting'),
      `Daphne A's page went through ${a.statuses.join(', ')}`,
    );
  });

  await scenario(AFTER, [RESTART], async () => {
    await raiseAlert(s.cluster, 'e2e-2', 'BGP session down (e2e 2)');
    await Promise.all(
      s.all.map((page) => ui.waitForAlert(page, 'BGP session down (e2e 2)', 'new')),
    );
    await ui.acknowledge(s.bobB, 'BGP session down (e2e 2)');
    await Promise.all(
      s.all.map((page) => ui.waitForAlert(page, 'BGP session down (e2e 2)', 'acknowledged')),
    );
    const text = await ui.ackStatusOf(s.aliceA, 'BGP session down (e2e 2)');
    check(/by bob/.test(text), `Alice's page on Daphne A says "${text}"`);
  });

  await scenario(OFFLINE_ACK, [AFTER], async () => {
    const title = 'Fan failure (e2e 3)';
    await raiseAlert(s.cluster, 'e2e-3', title);
    await Promise.all(s.all.map((page) => ui.waitForAlert(page, title, 'new')));
    // Records the type of every frame the page sends from here on, in order (the next socket
    // is created after this, so it uses the patched send).
    await s.bobB.evaluate(() => {
      window.__e2e.sent = [];
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (data) {
        try {
          const frame = JSON.parse(String(data));
          window.__e2e.sent.push({ type: frame.type, url: this.url });
        } catch {
          // not a JSON frame: nothing the protocol orders
        }
        return send.call(this, data);
      };
    });
    const port = s.b.port;
    await s.b.stop('SIGTERM');
    await Promise.all(s.onB.map((page) => ui.waitForStatus(page, 'reconnecting')));
    await ui.acknowledge(s.bobB, title);
    await ui.waitForAlert(s.bobB, title, 'pending');
    s.b = await startDaphne(s.cluster, { port });
    await Promise.all(s.all.map((page) => ui.waitForAlert(page, title, 'acknowledged')));
    const text = await ui.ackStatusOf(s.aliceA, title);
    check(/by bob/.test(text), `Alice's page on Daphne A says "${text}"`);
    const sent = await s.bobB.evaluate(() =>
      window.__e2e.sent.filter((f) => f.url.includes('/ws/noc/dashboard/')).map((f) => f.type),
    );
    const sub = sent.indexOf('subscribe_client');
    const ack = sent.indexOf('acknowledge_alert');
    check(
      sub >= 0 && ack > sub && sent.filter((t) => t === 'acknowledge_alert').length === 1,
      `frames sent on reconnect, in order: ${sent.join(', ')}`,
    );
  });

  await scenario(BAD_TOKEN, [SETUP], async () => {
    // A Daphne process of its own: every handshake in its access log is this page's socket.
    s.c = await startDaphne(s.cluster);
    const page = await s.alice.newPage();
    page.on('pageerror', (error) => s.pageErrors.push(`${s.c.http}: ${error.message}`));
    let opened = 0;
    page.on('websocket', () => (opened += 1));
    // A looping client would retry many times in the window below: short, jitter-free retries.
    // No token-url: the refusal is final (the refresh has a scenario of its own below).
    await ui.forgeTokenBeforeConnect(page, {
      'reconnect-interval': '100',
      jitter: '0',
      'token-url': null,
    });
    await page.goto(`${s.c.http}/noc/`);
    await ui.waitForStatus(page, 'failed');
    const refused = await ui.recorded(page);
    check(
      await page.evaluate(() =>
        document.querySelector('ws-connection#live').getAttribute('token').endsWith('AAAA'),
      ),
      "the page's token attribute is not the forged one",
    );
    check(
      refused.errors.some((e) => e.kind === 'auth'),
      `errors: ${JSON.stringify(refused.errors)}`,
    );
    check(
      s.c.acceptedSockets(NOC_SOCKET) === 1,
      `Daphne C accepted ${s.c.acceptedSockets(NOC_SOCKET)} sockets`,
    );
    // The one fixed wait of this suite, on purpose: proving that something does NOT happen needs
    // a bounded window. 1500 ms is 15 reconnect intervals; a looping client would have retried
    // at +100, +300, +700 and +1500 ms.
    await delay(1500);
    const after = await ui.recorded(page);
    check(
      s.c.acceptedSockets(NOC_SOCKET) === 1,
      `Daphne C accepted ${s.c.acceptedSockets(NOC_SOCKET)} sockets`,
    );
    check(opened === 1, `the page opened ${opened} WebSockets`);
    check(!after.statuses.includes('reconnecting'), `statuses: ${after.statuses.join(', ')}`);
    check(
      after.statuses.at(-1) === 'failed' &&
        after.statuses.filter((x) => x === 'failed').length === 1,
      `statuses: ${after.statuses.join(', ')}`,
    );
    check((await ui.statusOf(page)) === 'failed', 'the connection left failed');
    await page.close();
  });

  await scenario(TOKEN_REFRESH, [SETUP], async () => {
    // The example's pages carry token-url: a refused token is replaced once from the session,
    // and the page connects with the fresh one (CONTRACT 0.2, "Token refresh").
    const d = await startDaphne(s.cluster);
    try {
      const page = await s.alice.newPage();
      page.on('pageerror', (error) => s.pageErrors.push(`${d.http}: ${error.message}`));
      await ui.forgeTokenBeforeConnect(page, { 'reconnect-interval': '100', jitter: '0' });
      await page.goto(`${d.http}/noc/`);
      await ui.waitForStatus(page, 'connected');
      const { statuses } = await ui.recorded(page);
      check(!statuses.includes('failed'), `statuses: ${statuses.join(', ')}`);
      const log = readFileSync(d.files.access, 'utf8');
      const fetched = log
        .split('\n')
        .filter((line) => line.includes('"GET /api/poll/token/')).length;
      check(fetched === 1, `the token URL was fetched ${fetched} times`);
      check(
        d.acceptedSockets(NOC_SOCKET) === 2,
        `accepted ${d.acceptedSockets(NOC_SOCKET)} sockets`,
      );
      await page.close();
    } finally {
      await d.stop();
    }
  });

  await scenario(STRICT_CSP, [SETUP], async () => {
    // Every page of the example is served under it (django/example/csp.py); here each widget
    // renders (an alert arrives, the panel shows its server-rendered state) with a recorder of
    // violations, for both builds. A user and a client of its own (admin, globex): the pages
    // above neither see these alerts nor count against this user's connection cap.
    s.admin = await ui.loginContext(s.browser, s.a, 'admin', s.cluster.password);
    let alerts = 0;
    for (const bundle of ['module', 'classic']) {
      for (const path of ['/noc/?client=globex', '/gcode/']) {
        const url = `${s.a.http}${path}${path.includes('?') ? '&' : '?'}bundle=${bundle}`;
        const page = await s.admin.newPage();
        try {
          const csp = await ui.recordCspViolations(page);
          page.on('pageerror', (error) => s.pageErrors.push(`${url}: ${error.message}`));
          const response = await page.goto(url);
          check(response.ok(), `GET ${url} answered ${response.status()}`);
          const policy = (await response.allHeaders())['content-security-policy'] ?? '';
          for (const directive of ["require-trusted-types-for 'script'", 'trusted-types lit-html'])
            check(policy.includes(directive), `${url}: no "${directive}" in "${policy}"`);
          // A blocked bundle would leave the elements undefined: report the violations first.
          await ui.waitForWidgets(page).catch(async (error) => {
            await csp.check(url);
            throw error;
          });
          const script = await ui.bundleScript(page);
          check(script.build === bundle, `${url}: the page loaded ${JSON.stringify(script)}`);
          // Django 6: a nonce-only script-src, so the bundle ran only because the template tag
          // put this response's nonce on it. (Had nothing read the lazy nonce, Django would have
          // left script-src out, and default-src 'self' would have let the bundle in unnoticed.)
          // Django 5.2: script-src 'self', no nonce.
          const scriptSrc = /(?:^|; )script-src ([^;]*)/.exec(policy)?.[1];
          const nonce = /^'nonce-([^' ]+)'$/.exec(scriptSrc ?? '')?.[1];
          check(
            nonce ? script.nonce === nonce : scriptSrc === "'self'" && script.nonce === '',
            `${url}: script nonce "${script.nonce}" under "${policy}"`,
          );
          await ui.waitForStatus(page, 'connected');
          if (path.startsWith('/noc/')) {
            await ui.waitForFrames(page, 'subscribed');
            alerts += 1;
            const title = `Under strict CSP (${bundle})`;
            await raiseAlert(s.cluster, `e2e-csp-${alerts}`, title, 'globex');
            await ui.waitForAlert(page, title, 'new');
          } else {
            await page.waitForFunction(
              () =>
                document
                  .querySelector('gcode-panel')
                  ?.shadowRoot?.querySelector('[part="score-value"]')?.textContent === '64',
            );
          }
          csp.check(url);
          // The recorder is live: a plain string into innerHTML is refused and reported.
          if (bundle === 'module' && path === '/gcode/') await csp.probe(url);
        } finally {
          await page.close();
        }
      }
    }
  });

  await scenario(NO_TOKEN_LOGS, [SETUP], async () => {
    // Two Daphne processes of their own, whose logs then hold this scenario's requests only: D
    // authenticates sockets at connect, M by first message. DEBUG on: Django also logs its 4xx.
    s.d = await startDaphne(s.cluster, { env: { DJANGO_DEBUG: '1' } });
    s.m = await startDaphne(s.cluster, { env: { DJANGO_DEBUG: '1', WS_AUTH_MODE: 'message' } });
    const secrets = new Set(s.cluster.users.map((user) => user.token));
    const bob = s.cluster.users.find((user) => user.username === 'bob').token;
    const pages = [];
    const open = async (url, attributes) => {
      const page = await s.alice.newPage();
      pages.push(page);
      page.on('pageerror', (error) => s.pageErrors.push(`${url}: ${error.message}`));
      if (attributes) await ui.setAttributesBeforeConnect(page, attributes);
      await page.goto(url);
      const token = await page.evaluate(() =>
        document.querySelector('ws-connection#live').getAttribute('token'),
      );
      if (token) secrets.add(token);
      return page;
    };
    // Sockets: ?token= (the NOC page), the session (the G-Code page), the first message (M).
    await ui.waitForStatus(await open(`${s.d.http}/noc/?client=acme`), 'connected');
    await ui.waitForStatus(await open(`${s.d.http}/gcode/`), 'connected');
    await ui.waitForStatus(await open(`${s.m.http}/noc/?client=acme`), 'connected');
    // Polls with the token in the header: the NOC page whose socket finds no route (on its own
    // origin, as the page's CSP wants), so that it polls at once.
    const polling = await open(`${s.d.http}/noc/?client=acme`, {
      url: '/ws/nowhere/',
      'max-reconnect-attempts': '0',
      'polling-interval': '200',
    });
    await ui.waitForStatus(polling, 'polling');
    // A first poll answered: its cursor makes the alert below the next poll's news.
    await polling.waitForFunction(() =>
      performance
        .getEntriesByType('resource')
        .some((entry) => entry.name.includes('/api/poll/') && entry.responseStatus === 200),
    );
    await raiseAlert(s.cluster, 'e2e-poll', 'Polled over HTTP (e2e)');
    await ui.waitForAlert(polling, 'Polled over HTTP (e2e)', 'new');
    // Polls with the token cookie and with the session cookie, from Node's fetch.
    const poll = `${s.d.http}/api/poll/noc/dashboard/?client_id=acme`;
    const session = (await s.alice.cookies(s.d.http)).find((c) => c.name === 'sessionid').value;
    secrets.add(session);
    for (const cookie of [`ws_token=${bob}`, `sessionid=${session}`]) {
      const answer = await fetch(poll, { headers: { Cookie: cookie } });
      check(answer.status === 200, `a poll by ${cookie.split('=')[0]} answered ${answer.status}`);
    }
    // A socket with the token cookie, and refusals of a forged token on a socket and a poll.
    const forged = `${bob.slice(0, bob.lastIndexOf(':') + 1)}${'A'.repeat(43)}`;
    secrets.add(forged);
    const ws = `ws://127.0.0.1:${s.d.port}${NOC_SOCKET}`;
    const byCookie = await frameOf(ws, { Cookie: `ws_token=${bob}` }, 'connected');
    check(byCookie.frame.user === 'bob', `the cookie socket is ${byCookie.frame.user}'s`);
    byCookie.socket.close();
    const refused = await frameOf(`${ws}?token=${forged}`, {}, 'authentication_error');
    check((await refused.closed) === 4001, 'the forged token was not closed with 4001');
    const forgedPoll = await fetch(poll, { headers: { Authorization: `Bearer ${forged}` } });
    check(forgedPoll.status === 401, `a forged bearer token answered ${forgedPoll.status}`);

    await Promise.all(pages.map((page) => page.close()));
    await Promise.all([s.d.stop(), s.m.stop()]); // stopped: every log line is written
    const needles = [...secrets].flatMap((secret) => [
      secret,
      encodeURIComponent(secret),
      ...secret.split(':').filter((part) => part.length >= 16), // a signature on its own
    ]);
    const leaks = [];
    const access = [];
    for (const file of [s.d, s.m].flatMap((d) => [d.files.access, d.files.output])) {
      const lines = readFileSync(file, 'utf8').split('\n');
      if (file.endsWith('.access.log')) access.push(...lines);
      for (const [i, line] of lines.entries()) {
        const found = needles.find((needle) => line.includes(needle));
        // The report names the line, never the token itself.
        if (found) leaks.push(`${basename(file)}:${i + 1}: ${line.split(found).join('<token>')}`);
      }
    }
    check(leaks.length === 0, `${leaks.length} log lines hold a token:\n${leaks.join('\n')}`);
    // The logs saw every path, so their silence about tokens means something.
    for (const seen of [
      /"WSCONNECT \/ws\/noc\/dashboard\/"/,
      /"WSCONNECT \/ws\/dashboard\/"/,
      /"GET \/api\/poll\/noc\/dashboard\/\?client_id=acme&since=\d+" 200/,
      /"GET \/api\/poll\/noc\/dashboard\/\?client_id=acme" 401/,
    ])
      check(
        access.some((line) => seen.test(line)),
        `no access log line matches ${seen}:\n${access.join('\n')}`,
      );
  });

  await scenario('no page threw an uncaught exception', [SETUP], async () => {
    check(s.pageErrors.length === 0, s.pageErrors.join('\n'));
  });
} finally {
  // Everything this run started stops here, pass or fail (killAll also runs on exit).
  await Promise.race([s.browser?.close(), delay(10_000)]).catch((e) =>
    console.error(`closing Chromium: ${e.message}`),
  );
  await Promise.all([s.b?.stop(), s.c?.stop(), s.d?.stop(), s.m?.stop()]);
  await s.cluster?.stop();
}
finish();
