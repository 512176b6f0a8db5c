#!/usr/bin/env node
// `npm run server`: the reference server with the simulated live site, on loopback.
import { startReferenceServer } from './reference-server.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const server = await startReferenceServer({
  port: Number(arg('port', process.env.PORT ?? 8765)),
  simulate: { rate: Number(arg('rate', 0.5)) },
  validTokens: ['good-token', 'demo-token'],
});
console.log(`Reference server: ws://127.0.0.1:${server.port} (control API on http://127.0.0.1:${server.port}/control/)`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
