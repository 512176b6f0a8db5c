// Headless Debian Chromium through playwright-core (never a downloaded browser), with the flags of
// TOOLING.md, plus a tiny HTTP server that serves the bench's bundles to the pages.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CACHE } from './bundle.mjs';
import { CHROMIUM_MEASURING_FLAGS, CHROMIUM_PATH } from '../../scripts/chromium.mjs';

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_MEASURING_FLAGS,
  });
}

const PAGE =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>ws-widgets bench</title><body></body></html>';

/**
 * Serves `/` (an empty page) and `/cache/<file>.js` (bench/.cache/) on 127.0.0.1; `onUpgrade`
 * receives WebSocket upgrades.
 * @param {(req: import('node:http').IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => void} [onUpgrade]
 */
export async function startPageServer(onUpgrade) {
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = /^\/cache\/([\w.-]+\.js)$/.exec(path)?.[1];
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    } else if (file) {
      try {
        const body = readFileSync(join(CACHE, file));
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    } else {
      res.writeHead(404).end();
    }
  });
  if (onUpgrade) http.on('upgrade', onUpgrade);
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = /** @type {import('node:net').AddressInfo} */ (http.address()).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    wsOrigin: `ws://127.0.0.1:${port}`,
    close: () => {
      http.closeAllConnections();
      return new Promise((resolve) => http.close(resolve));
    },
  };
}

/** Opens the empty page and loads the given bundles from bench/.cache/ as modules. */
export async function openPage(browser, server, bundles, { initScript } = {}) {
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.error(`  [page error] ${error.message}`));
  if (initScript) await page.addInitScript(initScript);
  await page.goto(`${server.origin}/`);
  for (const name of bundles) await page.addScriptTag({ url: `/cache/${name}.js`, type: 'module' });
  return page;
}
