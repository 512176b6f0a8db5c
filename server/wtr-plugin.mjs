// Web Test Runner plugin: hosts reference servers in the runner's Node process so browser tests
// can start their own (several test files run at once, each with its own servers) and drive them
// through `executeServerCommand('ws-server', {op, id, ...})`. Every server stops with the runner.
import { startReferenceServer } from './reference-server.mjs';

/**
 * @typedef {import('./reference-server.mjs').ReferenceServer} ReferenceServer
 * @typedef {{server: ReferenceServer, sessionId: string, testRun: number}} Hosted
 */

/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));

/** @returns {import('@web/test-runner-core').TestRunnerPlugin<Record<string, unknown>>} */
export function wsServerPlugin() {
  /** @type {Map<string, Hosted>} */
  const servers = new Map();
  let next = 1;

  /** @param {string} id */
  const stopOne = async (id) => {
    const hosted = servers.get(id);
    servers.delete(id);
    await hosted?.server.stop();
  };

  return {
    name: 'ws-server',
    // A handled command must answer non-null, or the runner reports it unknown; errors come
    // back as {error} so the browser side can reject with the message.
    async executeCommand({ command, payload, session }) {
      if (command !== 'ws-server') return undefined;
      const { op, id, ...args } = payload ?? {};
      // The runtime session is a TestSession, which also carries its run number.
      const caller = /** @type {{id: string, testRun?: number}} */ (session);
      try {
        if (op === 'start') {
          // A file re-run in watch mode gets a new testRun: its previous servers are finished.
          for (const [key, h] of servers) {
            if (h.sessionId === caller.id && h.testRun !== caller.testRun) await stopOne(key);
          }
          const server = await startReferenceServer({
            .../** @type {object} */ (args.options ?? {}),
            port: 0,
          });
          const key = String(next++);
          servers.set(key, { server, sessionId: caller.id, testRun: caller.testRun ?? 0 });
          return { id: key, port: server.port };
        }
        const hosted = servers.get(String(id));
        if (op === 'stop') {
          await stopOne(String(id));
          return { ok: true };
        }
        if (!hosted)
          return { error: `no reference server with id ${String(id)} (stopped already?)` };
        return { result: (await hosted.server.control(String(op), args)) ?? null };
      } catch (error) {
        return { error: `${String(op)} failed: ${messageOf(error)}` };
      }
    },
    async serverStop() {
      await Promise.all([...servers.keys()].map(stopOne));
    },
  };
}
