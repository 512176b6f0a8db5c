// Web Test Runner plugin: hosts reference servers in the runner's process so browser tests can
// start one per suite and drive it (`executeServerCommand('ws-server', {op, id, ...})`).
import { startReferenceServer } from './reference-server.mjs';

export function wsServerPlugin() {
  /** @type {Map<string, Awaited<ReturnType<typeof startReferenceServer>>>} */
  const servers = new Map();
  let next = 1;
  return {
    name: 'ws-server',
    async executeCommand({ command, payload }) {
      if (command !== 'ws-server') return undefined;
      const { op, id, ...args } = payload ?? {};
      if (op === "stop" && !servers.has(String(id))) return { ok: true };
      if (op === 'start') {
        const server = await startReferenceServer({ ...(args.options ?? {}), port: 0 });
        const key = String(next++);
        servers.set(key, server);
        return { id: key, port: server.port };
      }
      const server = servers.get(String(id));
      if (!server) return { error: `no reference server with id ${String(id)}` };
      try {
        if (op === 'stop') {
          servers.delete(String(id));
          await server.stop();
          return { ok: true };
        }
        return { result: (await server.control(op, args)) ?? null };
      } catch (error) {
        return { error: String(error instanceof Error ? error.message : error) };
      }
    },
    async serverStop() {
      await Promise.all([...servers.values()].map((s) => s.stop()));
      servers.clear();
    },
  };
}
