#!/usr/bin/env node
// `npm run server` / `node server/cli.mjs [--port N] [--rate R] [--auth MODE] [--access-log FILE]`:
// the reference server on loopback with the simulated live site, until SIGINT/SIGTERM.
import { openSync, writeSync } from 'node:fs';
import { parseCommandLine } from './cli-args.mjs';
import { startReferenceServer } from './reference-server.mjs';

const usage =
  'usage: node server/cli.mjs [--port N] [--rate EVENTS_PER_SECOND] [--auth none|connect|message] [--access-log FILE|-]';
const { port, rate, values } = parseCommandLine(
  usage,
  { port: '8765', rate: '0.5' },
  { auth: { type: 'string', default: 'none' }, 'access-log': { type: 'string' } },
);
// One line per request, appended to a file or, with `-`, to stdout; written at once, so a line
// is never lost to the exit that follows SIGTERM.
const logTo = values['access-log'];
const logFd = typeof logTo !== 'string' ? undefined : logTo === '-' ? 1 : openSync(logTo, 'a');

let server;
try {
  server = await startReferenceServer({
    port,
    auth: values.auth,
    simulate: rate > 0 ? { rate } : undefined,
    validTokens: ['good-token', 'demo-token'],
    accessLog: logFd === undefined ? undefined : (line) => writeSync(logFd, `${line}\n`),
  });
} catch (error) {
  console.error(
    `Reference server could not start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
console.log(`Reference server: ws://127.0.0.1:${server.port}`);
console.log(
  `Control API: POST http://127.0.0.1:${server.port}/control/<op>; polling: GET /api/poll/<endpoint>`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
