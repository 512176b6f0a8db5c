// The HTTP polling fallback: while the socket is in `polling`, GETs the polling URL every
// interval, hands each frame of the JSON array to the socket as if it had arrived on the wire,
// and follows the server's cursor (`X-Poll-Cursor` header, sent back as `?since=`) so no frame is
// delivered twice. Meanwhile it asks the socket to probe the WebSocket every `maxReconnectDelay`,
// so the page can get back to it. The token goes in an `Authorization: Bearer` header, never in
// the URL: servers log URLs.
import { asMessage, parseJsonSafe } from './parse.js';
import type { Message, ResolvedOptions } from './types.js';
import { withParams } from './url.js';

export interface PollerHooks {
  message(message: Message): void;
  /** A poll failed or a frame was refused; polling goes on. */
  error(kind: 'network' | 'parse', message: string, code?: number): void;
  /** The server refused the credentials (401) or the user (403); polling has stopped. */
  refused(kind: 'auth' | 'forbidden', code: number): void;
  /** Time to try the WebSocket again. */
  probe(): void;
}

export class Poller {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #probeTimer: ReturnType<typeof setTimeout> | undefined;
  #abort: AbortController | undefined;
  #cursor: string | undefined;
  /** Requests and probes are going on (polling stops itself on a refusal, or without fetch()). */
  #running = false;
  /** The socket is in `polling`: from run() to stop(). */
  #polling = false;

  readonly #options: ResolvedOptions;
  readonly #token: () => string | undefined;
  readonly #hooks: PollerHooks;

  /** `token` gives the socket's token, read before every request. */
  constructor(options: ResolvedOptions, token: () => string | undefined, hooks: PollerHooks) {
    this.#options = options;
    this.#token = token;
    this.#hooks = hooks;
  }

  /**
   * The socket entered `polling`: the first time, polling starts from a fresh cursor; after a
   * failed probe of the WebSocket (`failedProbe`), the next probe is scheduled.
   */
  run(failedProbe: boolean): void {
    if (this.#polling) {
      if (failedProbe) this.#probeLater();
      return;
    }
    this.#polling = this.#running = true;
    this.#cursor = undefined;
    void this.#poll();
    this.#probeLater();
  }

  /** The socket left `polling` (or never was in it): no more requests or probes. */
  stop(): void {
    this.#polling = false;
    this.#halt();
  }

  /** Schedules the next probe of the WebSocket (after a failed one, or at the start). */
  #probeLater(): void {
    clearTimeout(this.#probeTimer);
    if (this.#running)
      this.#probeTimer = setTimeout(
        () => this.#running && this.#hooks.probe(),
        this.#options.maxReconnectDelay,
      );
  }

  /** Stops requests and probes; the socket may still be in `polling` (see `#running`). */
  #halt(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    clearTimeout(this.#probeTimer);
    this.#abort?.abort();
  }

  async #poll(): Promise<void> {
    const hooks = this.#hooks;
    if (typeof fetch != 'function') {
      hooks.error('network', 'polling needs fetch(), which this environment lacks');
      return this.#halt();
    }
    const abort = (this.#abort = new AbortController());
    const { signal } = abort;
    // A token authenticates polls whatever the socket does with it; `cookie` leaves it to cookies.
    const token = this.#options.auth !== 'cookie' ? this.#token() : undefined;
    const headers: Record<string, string> = { Accept: 'application/json' };
    // Cross-origin, this header makes the browser ask the server first (a CORS preflight).
    if (token) headers['Authorization'] = `Bearer ${token}`;
    try {
      const response = await fetch(withParams(this.#options.pollingUrl!, { since: this.#cursor }), {
        signal,
        cache: 'no-store',
        headers,
      });
      if (signal.aborted) return;
      const { status } = response;
      if (status === 401 || status === 403) {
        this.#halt();
        return hooks.refused(status === 401 ? 'auth' : 'forbidden', status);
      }
      if (!response.ok) hooks.error('network', `polling got HTTP ${status}`, status);
      else {
        const cursor = response.headers.get('X-Poll-Cursor');
        this.#deliver(await response.text(), signal);
        if (cursor) this.#cursor = cursor;
      }
    } catch {
      if (signal.aborted) return;
      hooks.error('network', 'a poll request failed');
    }
    // stop() aborts the request under way: the signal says whether this run still counts.
    if (!signal.aborted)
      this.#timer = setTimeout(() => void this.#poll(), this.#options.pollingInterval);
  }

  #deliver(body: string, signal: AbortSignal): void {
    let frames: unknown;
    try {
      frames = parseJsonSafe(body);
    } catch {
      frames = undefined;
    }
    if (!Array.isArray(frames))
      return this.#hooks.error('parse', 'the polling response is not a JSON array');
    const max = this.#options.maxMessageSize;
    for (const frame of frames) {
      if (signal.aborted) return;
      const size = JSON.stringify(frame ?? null).length;
      const result =
        size > max ? `it has ${size} characters, over maxMessageSize (${max})` : asMessage(frame);
      if (typeof result == 'string')
        this.#hooks.error('parse', `a polled frame was refused: ${result}`);
      else this.#hooks.message(result);
    }
  }
}
