// The messages tabs exchange over the BroadcastChannel of a shared socket (`share: 'tabs'`), and
// their validation: anything another script posts on the channel that is not one of them is
// ignored; and what the tab share needs from the socket it shares (ShareHost). Pure: no channel,
// no timers (test/src/tab-relay.test.ts).
import type { ConnectionStatus, ConnectionStatusDetail, ErrorDetail, Message } from './types.js';

/** What the leader reports in its heartbeat. */
export interface LeaderState {
  status: ConnectionStatusDetail['status'];
  attempt: number;
  latency?: number;
  retryAt?: number;
}

/** The socket, as the tab share drives it. */
export interface ShareHost {
  /** This tab leads: run the socket's own connection. */
  lead(): void;
  /** This tab no longer leads: close the socket without a status of its own. */
  follow(): void;
  leaderChanged(leader: boolean): void;
  /** Leader: puts a frame on the wire if connected; true when it went out. */
  write(text: string): boolean;
  /** Leader: its own state, for the heartbeat. */
  state(): LeaderState;
  /** Follower: the leader's state; `detail` when the leader announced a status. */
  mirror(state: LeaderState, detail?: ConnectionStatusDetail): void;
  deliver(message: Message): void;
  report(detail: ErrorDetail): void;
  subscriptionTexts(): string[];
  /** Follower: takes the frames queued while no leader was connected. */
  drain(): string[];
  /** Puts frames back in front of the queue (handed to a leader that never confirmed them). */
  requeue(texts: string[]): void;
}

/**
 * A leadership term: `<time>-<tab>`, zero-padded so that a later term sorts after an earlier one
 * (a tab that stole the lock starts a term newer than the one it replaced).
 */
export type Term = string;

/** The leader's state, on every status change (with `detail`) and as its heartbeat (without). */
export interface StateNote {
  k: 'state';
  term: Term;
  /** Counts the leader's connections: followers send their subscriptions once per connection. */
  conn: number;
  status: ConnectionStatus;
  attempt: number;
  latency?: number;
  retryAt?: number;
  detail?: ConnectionStatusDetail;
}

export type RelayNote =
  /** Leader → all: its state. */
  | StateNote
  /** Leader → all: a message its socket received. */
  | { k: 'msg'; term: Term; message: Message }
  /** Leader → all: an error its socket reported. */
  | { k: 'error'; term: Term; detail: ErrorDetail }
  /** Leader → one follower: its frame `id` is on the wire. */
  | { k: 'ack'; term: Term; to: string; id: number }
  /** Leader → all: it gives the socket up (page hidden, frozen, disconnect()). */
  | { k: 'bye'; term: Term }
  /** Follower → leader: a tab that wants the socket's state now. */
  | { k: 'join'; from: string }
  /** Follower → leader: connect() was called in a tab while the leader's socket had `failed`. */
  | { k: 'retry'; from: string }
  /** Follower → leader: subscription frames; `initial`: the set for this connection (deduplicated). */
  | { k: 'subs'; from: string; term: Term; conn: number; texts: string[]; initial: boolean }
  /** Follower → leader: a frame to put on the wire, acknowledged by `ack`. */
  | { k: 'send'; from: string; term: Term; conn: number; id: number; text: string };

const STATUSES = new Set([
  'connecting',
  'connected',
  'reconnecting',
  'disconnected',
  'failed',
  'polling',
]);

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v == 'object' && v !== null;
const str = (v: unknown): v is string => typeof v == 'string';
const int = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const optNum = (v: unknown): boolean => v === undefined || typeof v == 'number';

/** The note `data` is, or undefined when it is not a valid one. */
export function parseNote(data: unknown): RelayNote | undefined {
  if (!isObject(data)) return undefined;
  const n = data;
  const termed = str(n['term']);
  switch (n['k']) {
    case 'state': {
      const d = n['detail'];
      const detailOk =
        d === undefined ||
        (isObject(d) && STATUSES.has(d['status'] as string) && int(d['attempt']));
      return termed &&
        int(n['conn']) &&
        STATUSES.has(n['status'] as string) &&
        int(n['attempt']) &&
        optNum(n['latency']) &&
        optNum(n['retryAt']) &&
        detailOk
        ? (n as unknown as RelayNote)
        : undefined;
    }
    case 'msg': {
      const m = n['message'];
      return termed && isObject(m) && str(m['type']) ? (n as unknown as RelayNote) : undefined;
    }
    case 'error': {
      const d = n['detail'];
      return termed && isObject(d) && str(d['kind']) && str(d['message'])
        ? (n as unknown as RelayNote)
        : undefined;
    }
    case 'ack':
      return termed && str(n['to']) && int(n['id']) ? (n as unknown as RelayNote) : undefined;
    case 'bye':
      return termed ? (n as unknown as RelayNote) : undefined;
    case 'join':
    case 'retry':
      return str(n['from']) ? (n as unknown as RelayNote) : undefined;
    case 'subs': {
      const texts = n['texts'];
      return termed &&
        str(n['from']) &&
        int(n['conn']) &&
        Array.isArray(texts) &&
        texts.every(str) &&
        typeof n['initial'] == 'boolean'
        ? (n as unknown as RelayNote)
        : undefined;
    }
    case 'send':
      return termed && str(n['from']) && int(n['conn']) && int(n['id']) && str(n['text'])
        ? (n as unknown as RelayNote)
        : undefined;
    default:
      return undefined;
  }
}

/** A new term for the tab `tab`, later than any term started before now on this machine. */
export function newTerm(tab: string, now: number = Date.now()): Term {
  return `${Math.floor(now).toString(36).padStart(10, '0')}-${tab}`;
}

/** A random id for this tab's socket. */
export function tabId(random: () => number = Math.random): string {
  return Math.floor(random() * 2 ** 48).toString(36);
}

/** How often the leader says it is alive: often enough that `timeout` means it is not. */
export function beatInterval(timeout: number): number {
  return Math.max(50, Math.min(1000, Math.floor(timeout / 4)));
}

/** How long followers wait without a note from the leader before stealing the lock. */
export function silenceLimit(heartbeatTimeout: number, heartbeatInterval: number): number {
  return Number.isFinite(heartbeatTimeout) ? heartbeatTimeout : 2 * heartbeatInterval;
}
