// The control operations of the reference server, shared by the test runner plugin and the HTTP
// control API (`POST /control/<op>`): faults, frames to push, and what the server has seen.
import { raiseAlert } from './protocol/noc.js';
import { toChannel } from './protocol/gcode.js';

/** @typedef {import('./reference-server.mjs').ReferenceServer} ReferenceServer */
/**
 * @typedef {object} ControlHooks the server's private state the operations may touch
 * @property {(ms: number) => void} refuse
 * @property {(options: import('./simulation.mjs').SimulationOptions | undefined) => void} simulate
 */

/** @param {unknown} v */
const optionalPath = (v) => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !v.startsWith('/'))
    throw new TypeError(`path must start with '/' (got ${JSON.stringify(v)})`);
  return v;
};
/** @param {unknown} v @param {string} name */
const number = (v, name) => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new TypeError(`${name} must be a number ≥ 0 (got ${JSON.stringify(v)})`);
  return v;
};

/**
 * Runs one control operation. Throws (with a message for the caller) on a bad request.
 * @param {ReferenceServer} server
 * @param {string} op
 * @param {Record<string, unknown>} args
 * @param {ControlHooks} hooks
 * @returns {Promise<unknown>}
 */
export async function runControl(server, op, args, hooks) {
  const hub = server.hub;
  const path = optionalPath(args.path);
  const on = (/** @type {{path: string}} */ s) => !path || s.path === path;
  switch (op) {
    case 'drop':
    case 'dropAll': {
      const doomed = [...hub.sessions].filter(on);
      for (const s of doomed) s.terminate?.();
      return { count: doomed.length };
    }
    case 'close':
    case 'closeAll':
      return {
        count: hub.closeAll(number(args.code ?? 1000, 'code'), String(args.reason ?? ''), path),
      };
    case 'silence':
      hub.setSilent(args.on !== false, path);
      return { silent: [...hub.silent] };
    case 'refuse':
      hooks.refuse(number(args.ms ?? 0, 'ms'));
      return { ok: true };
    case 'restart':
      await server.restart(number(args.downMs ?? 0, 'downMs'));
      return { port: server.port };
    case 'send':
      return {
        count: hub.push(args.frame, { path, raw: Boolean(args.raw), binary: Boolean(args.binary) }),
      };
    case 'forget':
      hub.forget();
      return { ok: true };
    case 'alert':
      return raiseAlert(hub, /** @type {never} */ (args.alert ?? withoutPath(args)), {
        live: args.live !== false,
      });
    case 'alerts': {
      // A burst: `count` alerts written in one synchronous loop, as fast as the sockets take them.
      const count = number(args.count ?? 1, 'count');
      const { id: _id, ...fields } = /** @type {Record<string, unknown>} */ (args.alert ?? {});
      let delivered = 0;
      for (let i = 0; i < count; i += 1)
        delivered += raiseAlert(hub, /** @type {never} */ (fields)).count;
      return { count, delivered };
    }
    case 'gcode':
      return {
        count: toChannel(
          hub,
          /** @type {string} */ (args.channel),
          /** @type {object} */ (args.frame),
        ),
      };
    case 'received':
      return hub.received.filter(on);
    case 'connections':
      return {
        open: hub.live(path).length,
        accepted: hub.acceptLog.filter(on).length,
        log: hub.acceptLog.filter(on),
      };
    case 'waitForReceived':
      return waitForReceived(server, args, path);
    case 'waitForConnections': {
      const open = number(args.open, 'open');
      await hub.waiters.waitFor(
        () => hub.live(path).length === open,
        number(args.timeoutMs ?? 5000, 'timeoutMs'),
        `${open} open socket(s)${path ? ` on ${path}` : ''}`,
        () => `${hub.live(path).length} open`,
      );
      return { open };
    }
    case 'setOptions':
      hub.setOptions(/** @type {Record<string, unknown>} */ (args.options ?? withoutPath(args)));
      return { ok: true };
    case 'tokenRequests':
      return { count: hub.tokenRequests };
    case 'tokens':
      // The demo's "revoke token" button: new valid tokens, and sockets on revoked ones closed.
      return {
        closed: hub.replaceTokens(
          /** @type {string[]} */ (args.validTokens),
          args.closeInvalid !== false,
        ),
      };
    case 'simulate':
      hooks.simulate(
        args.rate || args.alertsPerSecond || args.gcodePerSecond
          ? /** @type {never} */ (args)
          : undefined,
      );
      return { ok: true };
    default:
      throw new Error(`unknown control operation '${op}'`);
  }
}

/** @param {Record<string, unknown>} args */
function withoutPath({ path: _path, ...rest }) {
  return rest;
}

/**
 * @param {ReferenceServer} server
 * @param {Record<string, unknown>} args
 * @param {string|undefined} path
 */
async function waitForReceived(server, args, path) {
  const hub = server.hub;
  if (typeof args.type !== 'string') throw new TypeError('waitForReceived needs a type');
  const count = number(args.count ?? 1, 'count');
  const matches = () =>
    hub.received.filter(
      (r) =>
        (!path || r.path === path) && (r.frame.type === args.type || r.frame.action === args.type),
    );
  await hub.waiters.waitFor(
    () => matches().length >= count,
    number(args.timeoutMs ?? 5000, 'timeoutMs'),
    `${count} '${args.type}' frame(s)${path ? ` on ${path}` : ''}`,
    () => `received ${matches().length}`,
  );
  return matches();
}
