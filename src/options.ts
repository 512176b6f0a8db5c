// Option defaults and validation: bad values fail fast with a message naming the option.
import type { AuthMode, HeartbeatMode, ReconnectingSocketOptions, WebSocketFactory } from './types.js';

export interface ResolvedOptions {
  auth: AuthMode | undefined;
  reconnectInterval: number;
  maxReconnectDelay: number;
  maxReconnectAttempts: number;
  jitter: number;
  heartbeat: HeartbeatMode;
  heartbeatInterval: number;
  heartbeatTimeout: number;
  readyMessage: string | undefined;
  queueSize: number;
  pollingUrl: string | undefined;
  pollingInterval: number;
  manual: boolean;
  exclusive: boolean;
  maxMessageSize: number;
  WebSocket: WebSocketFactory | undefined;
  random: () => number;
}

const AUTH_MODES: readonly string[] = ['query', 'message', 'cookie'];
const HEARTBEATS: readonly string[] = ['ping', 'heartbeat', 'action-ping', 'none'];

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`ws-widgets: ${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function count(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || value < 0 || (Number.isFinite(value) && !Number.isInteger(value)) || Number.isNaN(value)) {
    throw new RangeError(`ws-widgets: ${name} must be a whole number ≥ 0 (or Infinity), got ${String(value)}`);
  }
  return value;
}

/** Applies the defaults of CONTRACT.md and checks every value. */
export function resolveOptions(options: ReconnectingSocketOptions): ResolvedOptions {
  const heartbeatInterval = positive('heartbeatInterval', options.heartbeatInterval, 30000);
  const jitter = options.jitter ?? 0.5;
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) {
    throw new RangeError(`ws-widgets: jitter must be between 0 and 1, got ${String(jitter)}`);
  }
  if (options.auth !== undefined && !AUTH_MODES.includes(options.auth)) {
    throw new RangeError(`ws-widgets: auth must be one of ${AUTH_MODES.join(', ')}, got '${String(options.auth)}'`);
  }
  const heartbeat = options.heartbeat ?? 'ping';
  if (!HEARTBEATS.includes(heartbeat)) {
    throw new RangeError(`ws-widgets: heartbeat must be one of ${HEARTBEATS.join(', ')}, got '${String(heartbeat)}'`);
  }
  return {
    auth: options.auth ?? (options.token !== undefined ? 'query' : undefined),
    reconnectInterval: positive('reconnectInterval', options.reconnectInterval, 1000),
    maxReconnectDelay: positive('maxReconnectDelay', options.maxReconnectDelay, 30000),
    maxReconnectAttempts: count('maxReconnectAttempts', options.maxReconnectAttempts, 10),
    jitter,
    heartbeat,
    heartbeatInterval,
    heartbeatTimeout: positive('heartbeatTimeout', options.heartbeatTimeout, 2 * heartbeatInterval),
    readyMessage: options.readyMessage || undefined,
    queueSize: count('queueSize', options.queueSize, 100),
    pollingUrl: options.pollingUrl || undefined,
    pollingInterval: positive('pollingInterval', options.pollingInterval, 2000),
    manual: Boolean(options.manual),
    exclusive: Boolean(options.exclusive),
    maxMessageSize: positive('maxMessageSize', options.maxMessageSize, 1 << 20),
    WebSocket: options.WebSocket,
    random: options.random ?? Math.random,
  };
}
