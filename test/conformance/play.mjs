// Plays the conformance vectors (vectors/*.json, schema in README.md) against one target: the
// matching of frames by shape, the steps, and a verdict per vector. The targets (targets/*.mjs)
// only open sockets, make HTTP requests and set up the named fixtures.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const WAIT_MS = 5000;

/** Every vector, in file order, each with the file it came from. */
export function loadVectors(dir = join(HERE, 'vectors')) {
  const out = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const { vectors } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    for (const vector of vectors) out.push({ ...vector, file });
  }
  const names = new Set();
  for (const v of out) {
    if (names.has(v.name)) throw new Error(`two vectors are named "${v.name}"`);
    names.add(v.name);
  }
  return out;
}

/** `${name}` in strings replaced by the target's variables (a whole-string one keeps its type). */
export function substitute(value, vars) {
  if (typeof value === 'string') {
    const whole = /^\$\{(\w+)\}$/.exec(value);
    if (whole) {
      if (!(whole[1] in vars)) throw new Error(`the target has no variable ${whole[1]}`);
      return vars[whole[1]];
    }
    return value.replace(/\$\{(\w+)\}/g, (_, name) => {
      if (!(name in vars)) throw new Error(`the target has no variable ${name}`);
      return String(vars[name]);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

const SHAPES = {
  '<any>': () => true,
  '<string>': (v) => typeof v === 'string',
  '<number>': (v) => typeof v === 'number' && Number.isFinite(v),
  '<integer>': (v) => Number.isInteger(v),
  '<boolean>': (v) => typeof v === 'boolean',
  '<array>': (v) => Array.isArray(v),
  '<object>': (v) => !!v && typeof v === 'object' && !Array.isArray(v),
  '<iso>': (v) => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v)),
  '<absent>': (v) => v === undefined,
};

/**
 * Why `actual` does not match `expected`, or undefined when it does. Objects match as a subset
 * (extra keys allowed, `"<absent>"` forbids one); arrays element by element and of equal length;
 * `"<string>"` and the other shapes match by type; `{"$match": "regexp"}` a string; anything
 * else exactly.
 */
export function mismatch(expected, actual, where = 'frame') {
  if (typeof expected === 'string' && expected in SHAPES)
    return SHAPES[expected](actual)
      ? undefined
      : `${where}: expected ${expected}, got ${JSON.stringify(actual)}`;
  if (expected && typeof expected === 'object' && '$match' in expected)
    return typeof actual === 'string' && new RegExp(expected.$match).test(actual)
      ? undefined
      : `${where}: expected /${expected.$match}/, got ${JSON.stringify(actual)}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return `${where}: expected an array of ${expected.length}, got ${JSON.stringify(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const why = mismatch(expected[i], actual[i], `${where}[${i}]`);
      if (why) return why;
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual))
      return `${where}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const why = mismatch(value, actual[key], `${where}.${key}`);
      if (why) return why;
    }
    return undefined;
  }
  return expected === actual
    ? undefined
    : `${where}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

/** The text of a `send_padded` step: the frame with a `pad` string making it `bytes` long. */
function padded({ frame, bytes }) {
  const bare = JSON.stringify({ ...frame, pad: '' });
  return JSON.stringify({ ...frame, pad: 'x'.repeat(Math.max(0, bytes - bare.length)) });
}

/**
 * Plays one vector against a prepared target; resolves with undefined (passed) or the reason it
 * failed. Every socket it opened is closed before it resolves.
 * @param {object} vector
 * @param {import('./targets/types.mjs').Prepared} prepared
 */
export async function playSteps(vector, prepared) {
  const { vars } = prepared;
  /** @type {Map<string, import('./targets/types.mjs').Client>} */
  const sockets = new Map();
  const socket = (name = 'main') => {
    const s = sockets.get(name);
    if (!s) throw new Error(`step uses socket "${name}" before it connected`);
    return s;
  };
  const connect = async (name, auth = vector.auth ?? {}) => {
    const client = await prepared.connect(vector.endpoint, {
      credential: auth.credential ?? 'absent',
      via: auth.via ?? 'query',
      origin: auth.origin,
    });
    sockets.set(name, client);
  };
  try {
    if (vector.endpoint) await connect('main');
    for (const [index, raw] of (vector.steps ?? []).entries()) {
      const step = substitute(raw, vars);
      const at = `step ${index + 1}`;
      const s = () => socket(step.socket);
      if ('connect' in step) await connect(step.connect, { ...vector.auth, ...step.auth });
      else if ('send' in step) s().send(JSON.stringify(step.send));
      else if ('send_raw' in step) s().send(step.send_raw);
      else if ('send_binary' in step) s().send(Buffer.from(step.send_binary, 'utf8'));
      else if ('send_padded' in step) s().send(padded(step.send_padded));
      else if ('send_repeat' in step) {
        for (let i = 0; i < step.send_repeat.times; i++)
          s().send(JSON.stringify(step.send_repeat.frame));
      } else if ('expect' in step) {
        let got = await s().next(step.within_ms ?? WAIT_MS);
        // `skip`: frames matching it may come first (a flood's answers) and are passed over.
        while (step.skip && 'frame' in got && !mismatch(step.skip, got.frame))
          got = await s().next(step.within_ms ?? WAIT_MS);
        if ('closed' in got)
          return `${at}: expected ${JSON.stringify(step.expect)}, the socket closed with ${got.closed}`;
        const why = mismatch(step.expect, got.frame);
        if (why) return `${at}: ${why}`;
      } else if ('expect_close' in step) {
        const want = step.expect_close;
        const got = await s().next(step.within_ms ?? WAIT_MS);
        if (!('closed' in got))
          return `${at}: expected close ${want.code}, got ${JSON.stringify(got.frame)}`;
        if (got.closed !== want.code)
          return `${at}: expected close ${want.code}, got ${got.closed}`;
        const why = want.reason !== undefined && mismatch(want.reason, got.reason, 'close reason');
        if (why) return `${at}: ${why}`;
      } else if ('expect_nothing_ms' in step) {
        const got = await s().next(step.expect_nothing_ms);
        if (!('timeout' in got)) return `${at}: expected silence, got ${JSON.stringify(got)}`;
      } else if ('do' in step) await prepared.action(step.do, step.args ?? {});
      else if ('http' in step) {
        const { status, body } = await prepared.http(step.http);
        if (status !== step.expect_status)
          return `${at}: expected HTTP ${step.expect_status}, got ${status} ${JSON.stringify(body)}`;
        const why = 'expect_body' in step && mismatch(step.expect_body, body, 'body');
        if (why) return `${at}: ${why}`;
      } else return `${at}: unknown step ${JSON.stringify(Object.keys(raw))}`;
    }
    return undefined;
  } finally {
    await Promise.all([...sockets.values()].map((s) => s.close()));
  }
}

/**
 * Plays every vector against `target`; a vector that names other targets, or a fixture this
 * target cannot set up, is skipped (and said so), never counted as passed.
 * @returns {Promise<{name: string, status: 'passed'|'failed'|'skipped', why?: string, ms: number}[]>}
 */
export async function playAll(target, vectors, log = console.log) {
  const results = [];
  for (const vector of vectors) {
    const started = Date.now();
    const record = (status, why) => {
      results.push({ name: vector.name, status, why, ms: Date.now() - started });
      const mark = status === 'passed' ? '✔' : status === 'failed' ? '✖' : '-';
      log(`  ${mark} [${target.name}] ${vector.name}${why ? `\n      ${why}` : ''}`);
    };
    if (vector.targets && !vector.targets.includes(target.name)) {
      record('skipped', `only for ${vector.targets.join(', ')}`);
      continue;
    }
    const setup = (vector.setup ?? []).map((f) => (typeof f === 'string' ? { fixture: f } : f));
    const missing = setup.filter((f) => !target.fixtures.includes(f.fixture));
    if (missing.length > 0) {
      record('skipped', `fixture ${missing.map((f) => f.fixture).join(', ')} not supported`);
      continue;
    }
    let why;
    try {
      const prepared = await target.prepare({ mode: vector.auth?.mode ?? 'none', setup });
      try {
        why = await withTimeout(playSteps(vector, prepared), vector.timeout_ms ?? 20000);
      } finally {
        await prepared.release?.();
      }
    } catch (error) {
      why = String(error?.message ?? error);
    }
    record(why ? 'failed' : 'passed', why);
  }
  return results;
}

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((resolve) => {
      timer = setTimeout(() => resolve(`the vector did not finish within ${ms} ms`), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * A socket client over a WebSocket-like object (the `ws` package or the stand-in's class), which
 * `listen` wires to `message(text)` and `close(code, reason)`: frames queue in arrival order,
 * the close as the last item.
 * @returns {import('./targets/types.mjs').Client}
 */
export function queueClient(socket, listen) {
  const items = [];
  const waiting = [];
  let markClosed;
  const closed = new Promise((resolve) => (markClosed = resolve));
  const push = (item) => {
    const w = waiting.shift();
    if (w) w(item);
    else items.push(item);
  };
  listen(socket, {
    message: (text) => {
      let frame;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = { unparsable: text };
      }
      push({ frame });
    },
    close: (code, reason) => {
      push({ closed: code, reason });
      markClosed();
    },
  });
  return {
    send: (data) => socket.send(data),
    next: (ms) => {
      if (items.length > 0) return Promise.resolve(items.shift());
      return new Promise((resolve) => {
        const done = (item) => {
          clearTimeout(timer);
          resolve(item);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(done), 1);
          resolve({ timeout: ms });
        }, ms);
        waiting.push(done);
      });
    },
    close: () => {
      try {
        socket.close(1000);
      } catch {
        markClosed();
      }
      return Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
    },
  };
}
