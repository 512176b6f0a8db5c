#!/usr/bin/env node
// `npm start`: the reference server (simulated live site, token auth) plus the Vite dev server
// for the demo page, which proxies /ws, /api/poll and /control to it. `--dist` (`npm run preview`)
// serves the same page against the built dist/ws-widgets.js instead of the sources.
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startReferenceServer } from '../server/reference-server.mjs';

const usage = 'usage: node scripts/start.mjs [--dist] [--port N] [--rate EVENTS_PER_SECOND]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      dist: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '5173' },
      rate: { type: 'string', default: '0.4' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = Number(values.port);
const rate = Number(values.rate);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(rate) || rate < 0) {
  console.error(`--port must be an integer 0-65535 and --rate a number ≥ 0\n${usage}`);
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
if (values.dist && !existsSync(`${root}dist/ws-widgets.js`)) {
  console.error('dist/ws-widgets.js is missing: run `npm run build` first.');
  process.exit(1);
}

const server = await startReferenceServer({
  port: 0,
  auth: 'query',
  validTokens: ['demo-token'],
  simulate: rate > 0 ? { alertsPerSecond: rate, gcodePerSecond: rate / 2 } : undefined,
});
// vite.config.ts reads these when it is loaded below.
process.env.WS_WIDGETS_SERVER_PORT = String(server.port);
process.env.WS_WIDGETS_DIST = values.dist ? '1' : '0';

const { createServer } = await import('vite');
const vite = await createServer({
  configFile: `${root}vite.config.ts`,
  server: { port, strictPort: port !== 5173 },
});
await vite.listen();
const address = vite.httpServer?.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/`;
console.log(
  `Reference server: ws://127.0.0.1:${server.port} (simulation ${rate > 0 ? `${rate}/s` : 'off'})`,
);
console.log(`Demo (${values.dist ? 'dist/ws-widgets.js' : 'sources'}): ${url}`);
console.log('Stop with Ctrl+C.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await vite.close();
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
