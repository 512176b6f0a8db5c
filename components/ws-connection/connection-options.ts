// Maps <ws-connection> attributes to ReconnectingSocket options and words option errors in
// attribute names, so a page author reads the name they wrote.
import type {
  AuthMode,
  HeartbeatMode,
  ReconnectingSocketOptions,
  ShareMode,
} from '../../src/types.js';

/** The attribute-backed properties of <ws-connection>, as Lit leaves them (null = removed). */
export interface ConnectionAttributes {
  token?: string | null;
  auth?: AuthMode | null;
  reconnectInterval?: number | null;
  maxReconnectDelay?: number | null;
  maxReconnectAttempts?: number | null;
  jitter?: number | null;
  heartbeat?: HeartbeatMode | null;
  heartbeatInterval?: number | null;
  heartbeatTimeout?: number | null;
  readyMessage?: string | null;
  tokenUrl?: string | null;
  queueSize?: number | null;
  pollingUrl?: string | null;
  pollingInterval?: number | null;
  share?: ShareMode | null;
  manual?: boolean;
  exclusive?: boolean;
}

const KEYS = [
  'token',
  'auth',
  'reconnectInterval',
  'maxReconnectDelay',
  'maxReconnectAttempts',
  'jitter',
  'heartbeat',
  'heartbeatInterval',
  'heartbeatTimeout',
  'readyMessage',
  'tokenUrl',
  'queueSize',
  'pollingUrl',
  'pollingInterval',
  'share',
] as const;

/** Property names that feed the socket's options (url and token are handled apart). */
export const OPTION_PROPERTIES: readonly string[] = [
  ...KEYS.filter((k) => k !== 'token'),
  'manual',
  'exclusive',
];

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Options for acquireSocket; unset (null/undefined) attributes leave the service's defaults. */
export function toSocketOptions(el: ConnectionAttributes): ReconnectingSocketOptions {
  const options: Record<string, unknown> = {};
  for (const key of KEYS) {
    const value = el[key];
    if (value !== null && value !== undefined && value !== '') options[key] = value;
  }
  if (el.manual) options.manual = true;
  if (el.exclusive) options.exclusive = true;
  return options as ReconnectingSocketOptions;
}

/** The service's option error, reworded with attribute names and without its package prefix. */
export function configMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  let message = raw.replace(/^ws-widgets:\s*/, '');
  for (const key of KEYS) message = message.replace(new RegExp(`\\b${key}\\b`, 'g'), kebab(key));
  return message;
}
