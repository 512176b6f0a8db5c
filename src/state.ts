// The socket's state as one discriminated union, changed only by `transition`: a pure function
// of the state, one event and the fixed configuration, with no timers, sockets or events. The
// ReconnectingSocket makes the world match the state it returns (test/src/state.test.ts holds
// the whole table: every state against every event).
import type { ConnectionStatus } from './types.js';

/** How long to wait before the next attempt: the backoff, the cap, now, or advised ms. */
export type Wait = 'backoff' | 'cap' | 'now' | number;

interface Base {
  /** Retry number: 0 for the first attempt, n for the n-th retry after a drop. */
  readonly attempt: number;
  /** A token refresh may be tried at the next refusal of the credentials (CONTRACT 0.2). */
  readonly armed: boolean;
}

/** Where the socket is. Each phase says which resources exist (see `holdsSocket`). */
export type State =
  /** Not wanted: before connect(), after disconnect(); `resume` after pagehide (bfcache). */
  | (Base & { readonly phase: 'idle'; readonly resume: boolean })
  /** A raw socket is opening, authenticating or waiting for the ready message. */
  | (Base & { readonly phase: 'opening' })
  /** A retry is scheduled. */
  | (Base & { readonly phase: 'waiting'; readonly wait: Wait })
  /** The credentials were refused; a fresh token is on its way. */
  | (Base & { readonly phase: 'refreshing' })
  | (Base & { readonly phase: 'connected' })
  /** Attempts exhausted, the HTTP fallback serves; `probing`: a socket is being tried meanwhile. */
  | (Base & { readonly phase: 'polling'; readonly probing: boolean })
  /** Stopped trying until connect() (or updateToken() after `auth`, or `online` after `exhausted`). */
  | (Base & { readonly phase: 'failed'; readonly why: 'auth' | 'forbidden' | 'exhausted' });

export type Phase = State['phase'];

/** What happens to the socket: the page's calls, the connection's news, timers, the page. */
export type SocketEvent =
  | { readonly type: 'connect' }
  | { readonly type: 'disconnect' }
  /** The page was hidden for good or put in the back/forward cache. */
  | { readonly type: 'pagehide' }
  /** The page came back from the back/forward cache. */
  | { readonly type: 'pageshow' }
  /** Open, authenticated and the ready message received. */
  | { readonly type: 'ready' }
  /** A frame other than a refusal arrived while connected: the server accepted this connection. */
  | { readonly type: 'accepted' }
  /** The socket closed or died and may be retried. */
  | { readonly type: 'lost'; readonly wait: Wait }
  | { readonly type: 'refused'; readonly kind: 'auth' | 'forbidden' }
  | { readonly type: 'refreshed' }
  | { readonly type: 'refreshFailed' }
  /** The retry's time has come (or the polling fallback's probe). */
  | { readonly type: 'due' }
  /** The browser is online again. */
  | { readonly type: 'online' }
  | { readonly type: 'tokenUpdated' };

/** The options the transitions depend on. */
export interface MachineConfig {
  maxReconnectAttempts: number;
  /** A polling URL is set: exhausted attempts poll instead of failing. */
  polling: boolean;
  /** A token source (`tokenUrl` or `refreshToken`) is set. */
  refresh: boolean;
}

export const INITIAL: State = { phase: 'idle', resume: false, attempt: 0, armed: true };

/** The public status of a state. */
export function statusOf(state: State): ConnectionStatus {
  switch (state.phase) {
    case 'idle':
      return 'disconnected';
    case 'opening':
      return state.attempt === 0 ? 'connecting' : 'reconnecting';
    case 'waiting':
    case 'refreshing':
      return 'reconnecting';
    default:
      return state.phase;
  }
}

/** True when the state has a raw socket (opening, connected, or a probe while polling). */
export function holdsSocket(state: State): boolean {
  return (
    state.phase === 'opening' ||
    state.phase === 'connected' ||
    (state.phase === 'polling' && state.probing)
  );
}

/**
 * True when going from `prev` to `next` is announced as `connectionStatus`: a new status, a
 * retry scheduled or begun, but not a quiet change (attempt count reset, a probe while polling).
 */
export function announces(prev: State, next: State): boolean {
  if (prev === next) return false;
  if (statusOf(prev) !== statusOf(next)) return true;
  if (prev.phase === 'opening' && next.phase === 'opening') return next.attempt !== prev.attempt;
  return prev.phase !== next.phase;
}

/** After a loss: the next retry, at once or after a wait, or the end of the attempts. */
function retry(state: State, wait: Wait, config: MachineConfig): State {
  const { armed } = state;
  const attempt = state.attempt + 1;
  const max = config.maxReconnectAttempts;
  if (attempt > max)
    return config.polling
      ? { phase: 'polling', probing: false, attempt: max, armed }
      : { phase: 'failed', why: 'exhausted', attempt: max, armed };
  return wait === 'now' || wait === 0
    ? { phase: 'opening', attempt, armed }
    : { phase: 'waiting', wait, attempt, armed };
}

/** Credentials or origin refused: a refresh once if armed, else failed. */
function refuse(state: State, kind: 'auth' | 'forbidden', config: MachineConfig): State {
  if (kind === 'auth' && state.armed && config.refresh)
    return { phase: 'refreshing', attempt: state.attempt + 1, armed: false };
  return { phase: 'failed', why: kind, attempt: state.attempt, armed: state.armed };
}

const opening = (state: State, attempt = state.attempt): State => ({
  phase: 'opening',
  attempt,
  armed: state.armed,
});
const idle = (state: State, resume: boolean): State =>
  state.phase === 'idle' && state.resume === resume
    ? state
    : { phase: 'idle', resume, attempt: 0, armed: state.armed };

/**
 * The state after `event`; the same object when nothing changes.
 * @example
 * transition(INITIAL, { type: 'connect' }, config); // { phase: 'opening', attempt: 0, armed: true }
 */
export function transition(state: State, event: SocketEvent, config: MachineConfig): State {
  const { phase } = state;
  switch (event.type) {
    case 'disconnect':
      return idle(state, false);
    case 'pagehide':
      return phase === 'idle' ? state : idle(state, true);
    case 'pageshow':
      return phase === 'idle' && state.resume ? opening(state, 0) : state;
    case 'connect':
      if (phase === 'idle' || phase === 'failed') return opening(state, 0);
      if (phase === 'waiting' || phase === 'refreshing') return opening(state);
      return phase === 'polling' && !state.probing ? { ...state, probing: true } : state;
    case 'ready':
      return phase === 'opening' || (phase === 'polling' && state.probing)
        ? { phase: 'connected', attempt: state.attempt, armed: state.armed }
        : state;
    case 'accepted':
      return phase === 'connected' && (state.attempt !== 0 || !state.armed)
        ? { phase, attempt: 0, armed: true }
        : state;
    case 'lost':
      if (phase === 'polling') return state.probing ? { ...state, probing: false } : state;
      return phase === 'opening' || phase === 'connected'
        ? retry(state, event.wait, config)
        : state;
    case 'refused':
      // Only a socket (opening, connected, a probe) or the poller can be refused.
      return phase === 'opening' || phase === 'connected' || phase === 'polling'
        ? refuse(state, event.kind, config)
        : state;
    case 'refreshed':
      return phase === 'refreshing' ? opening(state) : state;
    case 'refreshFailed':
      return phase === 'refreshing'
        ? { phase: 'failed', why: 'auth', attempt: state.attempt, armed: false }
        : state;
    case 'due':
      if (phase === 'waiting') return opening(state);
      return phase === 'polling' && !state.probing ? { ...state, probing: true } : state;
    case 'online':
      if (phase === 'failed') return state.why === 'exhausted' ? opening(state, 0) : state;
      return transition(state, { type: 'due' }, config);
    case 'tokenUpdated':
      return phase === 'failed' && state.why === 'auth' ? opening(state, 0) : state;
  }
}
