#!/usr/bin/env node
// `npm start`: the reference server (simulated live site, token auth) plus the Vite dev server
// for the demo page, which proxies /ws, /api/poll and /control to it. `--dist` (`npm run preview`)
// serves the same page against the built dist/ws-widgets.js instead of the sources.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '../server/cli-args.mjs';
import { startReferenceServer } from '../server/reference-server.mjs';

const usage = 'usage: node scripts/start.mjs [--dist] [--port N] [--rate EVENTS_PER_SECOND]';
const { port, rate, values } = parseCommandLine(
  usage,
  { port: '5173', rate: '0.4' },
  { dist: { type: 'boolean', default: false } },
);
const root = fileURLToPath(new URL('..', import.meta.url));
if (values.dist && !existsSync(`${root}dist/ws-widgets.js`)) {
  console.error('dist/ws-widgets.js is missing: run `npm run build` first.');
  process.exit(1);
}

const server = await startReferenceServer({
  port: 0,
  auth: 'connect',
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
