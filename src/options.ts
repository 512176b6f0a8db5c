// Validates the options of ReconnectingSocket and applies the defaults. Bad values throw a
// TypeError (wrong type) or RangeError (out of range) whose message never quotes the token.
import type {
  AuthMode,
  HeartbeatMode,
  ReconnectingSocketOptions,
  ResolvedOptions,
  WebSocketFactory,
} from './types.js';
import { resolvePollingUrl } from './url.js';

/** The defaults of CONTRACT.md's attribute table. */
export const DEFAULTS = {
  reconnectInterval: 1000,
  maxReconnectDelay: 30000,
  maxReconnectAttempts: 10,
  jitter: 0.5,
  heartbeat: 'ping',
  heartbeatInterval: 30000,
  queueSize: 100,
  pollingInterval: 2000,
  maxMessageSize: 1024 * 1024,
} as const;

const AUTH_MODES: readonly AuthMode[] = ['query', 'message', 'cookie'];
const HEARTBEAT_MODES: readonly HeartbeatMode[] = ['ping', 'heartbeat', 'action-ping', 'none'];

interface NumberRule {
  min: number;
  max?: number;
  above?: boolean;
  integer?: boolean;
  infinite?: boolean;
}

function fail(kind: 'type' | 'range', message: string): never {
  throw kind === 'type'
    ? new TypeError(`ReconnectingSocket: ${message}`)
    : new RangeError(`ReconnectingSocket: ${message}`);
}

function numberOption(
  options: ReconnectingSocketOptions,
  name: keyof ReconnectingSocketOptions,
  fallback: number,
  rule: NumberRule,
): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value))
    fail('type', `option ${name} must be a number`);
  if (value === Infinity && rule.infinite) return value;
  const low = rule.above ? value <= rule.min : value < rule.min;
  if (
    !Number.isFinite(value) ||
    low ||
    (rule.max !== undefined && value > rule.max) ||
    (rule.integer && !Number.isInteger(value))
  ) {
    const range =
      rule.max !== undefined
        ? `between ${rule.min} and ${rule.max}`
        : `${rule.above ? 'above' : 'at least'} ${rule.min}`;
    fail(
      'range',
      `option ${name} must be ${rule.integer ? 'an integer ' : ''}${range}${rule.infinite ? ' (or Infinity)' : ''}, got ${value}`,
    );
  }
  return value;
}

function choice<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string') fail('type', `option ${name} must be a string`);
  if (!(allowed as readonly string[]).includes(value))
    fail('range', `option ${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function flag(value: unknown, name: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail('type', `option ${name} must be a boolean`);
  return value;
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail('type', `option ${name} must be a string`);
  return value === '' ? undefined : value;
}

export interface Resolved {
  options: ResolvedOptions;
  token: string | undefined;
  WebSocket: WebSocketFactory;
  random: () => number;
}

/** Validates `options`, applies the defaults, and sets apart what must not be shown (the token). */
export function resolveOptions(options: ReconnectingSocketOptions | undefined = {}): Resolved {
  if (typeof options !== 'object' || options === null) fail('type', 'options must be an object');
  const o = options;
  const heartbeat = choice(o.heartbeat, 'heartbeat', HEARTBEAT_MODES, DEFAULTS.heartbeat);
  const heartbeatInterval = numberOption(o, 'heartbeatInterval', DEFAULTS.heartbeatInterval, {
    min: 0,
    above: true,
  });
  // Without heartbeats a quiet server is not a dead one, unless the page says otherwise.
  const timeoutDefault = heartbeat === 'none' ? Infinity : 2 * heartbeatInterval;
  const WebSocketClass = o.WebSocket ?? (globalThis as { WebSocket?: WebSocketFactory }).WebSocket;
  if (typeof WebSocketClass !== 'function')
    fail(
      'type',
      'no WebSocket implementation: pass options.WebSocket (e.g. the ws package in Node)',
    );
  if (o.random !== undefined && typeof o.random !== 'function')
    fail('type', 'option random must be a function');
  const pollingUrl = optionalString(o.pollingUrl, 'pollingUrl');
  const resolved: ResolvedOptions = {
    // `query` adds nothing without a token, so it is a safe default either way.
    auth: choice(o.auth, 'auth', AUTH_MODES, 'query'),
    reconnectInterval: numberOption(o, 'reconnectInterval', DEFAULTS.reconnectInterval, { min: 0 }),
    maxReconnectDelay: numberOption(o, 'maxReconnectDelay', DEFAULTS.maxReconnectDelay, { min: 0 }),
    maxReconnectAttempts: numberOption(o, 'maxReconnectAttempts', DEFAULTS.maxReconnectAttempts, {
      min: 0,
      integer: true,
      infinite: true,
    }),
    jitter: numberOption(o, 'jitter', DEFAULTS.jitter, { min: 0, max: 1 }),
    heartbeat,
    heartbeatInterval,
    heartbeatTimeout: numberOption(o, 'heartbeatTimeout', timeoutDefault, {
      min: 0,
      above: true,
      infinite: true,
    }),
    readyMessage: optionalString(o.readyMessage, 'readyMessage'),
    queueSize: numberOption(o, 'queueSize', DEFAULTS.queueSize, { min: 0, integer: true }),
    pollingUrl: pollingUrl === undefined ? undefined : resolvePollingUrl(pollingUrl),
    pollingInterval: numberOption(o, 'pollingInterval', DEFAULTS.pollingInterval, {
      min: 0,
      above: true,
    }),
    manual: flag(o.manual, 'manual'),
    exclusive: flag(o.exclusive, 'exclusive'),
    maxMessageSize: numberOption(o, 'maxMessageSize', DEFAULTS.maxMessageSize, {
      min: 0,
      above: true,
    }),
  };
  return {
    options: Object.freeze(resolved),
    token: optionalString(o.token, 'token'),
    WebSocket: WebSocketClass,
    random: o.random ?? Math.random,
  };
}
