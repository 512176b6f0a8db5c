#!/usr/bin/env node
// `npm run server` / `node server/cli.mjs [--port N] [--rate R] [--auth MODE]`: the reference
// server on loopback with the simulated live site, until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startReferenceServer } from './reference-server.mjs';

const usage =
  'usage: node server/cli.mjs [--port N] [--rate EVENTS_PER_SECOND] [--auth none|query|message|cookie]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '8765' },
      rate: { type: 'string', default: '0.5' },
      auth: { type: 'string', default: 'none' },
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
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer 0-65535\n${usage}`);
  process.exit(2);
}
if (!Number.isFinite(rate) || rate < 0) {
  console.error(`--rate must be a number ≥ 0\n${usage}`);
  process.exit(2);
}

let server;
try {
  server = await startReferenceServer({
    port,
    auth: values.auth,
    simulate: rate > 0 ? { rate } : undefined,
    validTokens: ['good-token', 'demo-token'],
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
