#!/usr/bin/env node
// `npm run server` / `node server/cli.mjs [--port N] [--rate R] [--auth MODE]`: the reference
// server on loopback with the simulated live site, until SIGINT/SIGTERM.
import { parseCommandLine } from './cli-args.mjs';
import { startReferenceServer } from './reference-server.mjs';

const usage =
  'usage: node server/cli.mjs [--port N] [--rate EVENTS_PER_SECOND] [--auth none|query|message|cookie]';
const { port, rate, values } = parseCommandLine(
  usage,
  { port: '8765', rate: '0.5' },
  { auth: { type: 'string', default: 'none' } },
);

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
