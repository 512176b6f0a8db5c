// Validates the options of ReconnectingSocket and applies the defaults. Bad values throw a
// TypeError (wrong type) or RangeError (out of range) that names the option and the value, and
// never quotes the token.
import type { ReconnectingSocketOptions, ResolvedOptions, WebSocketFactory } from './types.js';
import { resolvePollingUrl } from './url.js';

// Rules of the numeric options, as bit flags: > 0 instead of ≥ 0, an integer, Infinity allowed.
const POSITIVE = 1;
const INTEGER = 2;
const INFINITE = 4;

/** Each numeric option: [default, rule]; `jitter` also has a maximum (1). */
const NUMBERS = {
  reconnectInterval: [1000, 0],
  maxReconnectDelay: [30000, 0],
  maxReconnectAttempts: [10, INTEGER | INFINITE],
  jitter: [1, 0], // full jitter (CONTRACT 0.2): spreads a herd the widest
  heartbeatInterval: [30000, POSITIVE],
  // The default is 2 × heartbeatInterval, or none (Infinity) with heartbeat `none`.
  heartbeatTimeout: [0, POSITIVE | INFINITE],
  queueSize: [100, INTEGER],
  pollingInterval: [2000, POSITIVE],
  maxMessageSize: [1024 * 1024, POSITIVE],
} as const;
type NumberName = keyof typeof NUMBERS;

/** The allowed values of the options that are a choice; the first is the default. */
const CHOICES = {
  auth: ['query', 'message', 'cookie'], // `query` adds nothing without a token: a safe default
  heartbeat: ['ping', 'heartbeat', 'action-ping', 'none'],
  share: ['page', 'tabs', 'none'],
} as const;

function fail(range: boolean, text: string): never {
  throw new (range ? RangeError : TypeError)(`ReconnectingSocket: ${text}`);
}

function number(o: ReconnectingSocketOptions, name: NumberName, fallback: number): number {
  const value = o[name];
  if (value === undefined) return fallback;
  if (typeof value != 'number' || Number.isNaN(value))
    fail(false, `option ${name} must be a number`);
  const [, rule] = NUMBERS[name];
  const max = name === 'jitter' ? 1 : Infinity;
  if (value === Infinity && rule & INFINITE) return value;
  if (
    !Number.isFinite(value) ||
    (rule & POSITIVE ? value <= 0 : value < 0) ||
    value > max ||
    (rule & INTEGER && !Number.isInteger(value))
  ) {
    const bound = max < Infinity ? 'between 0 and 1' : rule & POSITIVE ? 'above 0' : 'at least 0';
    const integer = rule & INTEGER ? 'an integer ' : '';
    const infinity = rule & INFINITE ? ' (or Infinity)' : '';
    fail(true, `option ${name} must be ${integer}${bound}${infinity}, got ${value}`);
  }
  return value;
}

/** A string option (`undefined` for an empty one), or one of `allowed` when they are given. */
function string<T extends string>(
  value: unknown,
  name: string,
  allowed?: readonly T[],
): T | undefined {
  if (value === undefined || (value === '' && !allowed)) return allowed?.[0];
  if (typeof value != 'string') fail(false, `option ${name} must be a string`);
  if (allowed && !allowed.includes(value as T))
    fail(true, `option ${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function flag(value: unknown, name: string): boolean {
  if (value !== undefined && typeof value != 'boolean')
    fail(false, `option ${name} must be a boolean`);
  return value === true;
}

export interface Resolved {
  options: ResolvedOptions;
  token: string | undefined;
  WebSocket: WebSocketFactory;
  random: () => number;
  refreshToken: (() => Promise<string>) | undefined;
}

/** Validates `options`, applies the defaults, and sets apart what must not be shown (the token). */
export function resolveOptions(options: ReconnectingSocketOptions | undefined = {}): Resolved {
  if (typeof options != 'object' || options === null) fail(false, 'options must be an object');
  const o = options;
  const numbers = {} as Record<NumberName, number>;
  for (const name of Object.keys(NUMBERS) as NumberName[])
    numbers[name] = number(o, name, NUMBERS[name][0]);
  const heartbeat = string(o.heartbeat, 'heartbeat', CHOICES.heartbeat)!;
  // Without heartbeats a quiet server is not a dead one, unless the page says otherwise.
  const timeout = heartbeat === 'none' ? Infinity : 2 * numbers.heartbeatInterval;
  const WebSocket = o.WebSocket ?? (globalThis as { WebSocket?: WebSocketFactory }).WebSocket;
  if (typeof WebSocket != 'function')
    fail(
      false,
      'no WebSocket implementation: pass options.WebSocket (e.g. the ws package in Node)',
    );
  for (const name of ['random', 'refreshToken'] as const)
    if (o[name] !== undefined && typeof o[name] != 'function')
      fail(false, `option ${name} must be a function`);
  const pollingUrl = string(o.pollingUrl, 'pollingUrl');
  const exclusive = flag(o.exclusive, 'exclusive');
  // `exclusive` is the older name of `share: 'none'`; either one gives a socket of one's own.
  const share =
    o.share === undefined && exclusive ? 'none' : string(o.share, 'share', CHOICES.share)!;
  const resolved: ResolvedOptions = {
    ...numbers,
    heartbeatTimeout: number(o, 'heartbeatTimeout', timeout),
    auth: string(o.auth, 'auth', CHOICES.auth)!,
    heartbeat,
    readyMessage: string(o.readyMessage, 'readyMessage'),
    tokenUrl: string(o.tokenUrl, 'tokenUrl'),
    pollingUrl: pollingUrl && resolvePollingUrl(pollingUrl),
    manual: flag(o.manual, 'manual'),
    exclusive: exclusive || share === 'none',
    share,
  };
  return {
    options: Object.freeze(resolved),
    token: string(o.token, 'token'),
    WebSocket,
    random: o.random ?? Math.random,
    refreshToken: o.refreshToken,
  };
}
