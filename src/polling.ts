// The HTTP polling fallback: GETs the polling URL every interval, hands each frame of the JSON
// array to the socket as if it had arrived on the wire, and follows the server's cursor
// (`X-Poll-Cursor` header, sent back as `?since=`) so no frame is delivered twice. Meanwhile it
// asks the socket to probe the WebSocket every `maxReconnectDelay`, so the page can get back to it.
// The token goes in an `Authorization: Bearer` header, never in the URL: servers log URLs.
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
  #running = false;

  readonly #url: string;
  readonly #options: ResolvedOptions;
  readonly #token: () => string | undefined;
  readonly #hooks: PollerHooks;

  /** `token` gives the token to send as `Authorization: Bearer`, read before every request. */
  constructor(
    url: string,
    options: ResolvedOptions,
    token: () => string | undefined,
    hooks: PollerHooks,
  ) {
    this.#url = url;
    this.#options = options;
    this.#token = token;
    this.#hooks = hooks;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#poll();
    this.probeLater();
  }

  /** Schedules the next probe of the WebSocket (after a failed one, or at the start). */
  probeLater(): void {
    clearTimeout(this.#probeTimer);
    if (this.#running)
      this.#probeTimer = setTimeout(
        () => this.#running && this.#hooks.probe(),
        this.#options.maxReconnectDelay,
      );
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    clearTimeout(this.#probeTimer);
    this.#abort?.abort();
  }

  async #poll(): Promise<void> {
    const hooks = this.#hooks;
    if (typeof fetch != 'function') {
      hooks.error('network', 'polling needs fetch(), which this environment lacks');
      return this.stop();
    }
    const abort = (this.#abort = new AbortController());
    const token = this.#token();
    const headers: Record<string, string> = { Accept: 'application/json' };
    // Cross-origin, this header makes the browser ask the server first (a CORS preflight).
    if (token) headers['Authorization'] = `Bearer ${token}`;
    try {
      const response = await fetch(withParams(this.#url, { since: this.#cursor }), {
        signal: abort.signal,
        cache: 'no-store',
        headers,
      });
      if (!this.#running || abort.signal.aborted) return;
      const { status } = response;
      if (status === 401 || status === 403) {
        this.stop();
        return hooks.refused(status === 401 ? 'auth' : 'forbidden', status);
      }
      if (!response.ok) hooks.error('network', `polling got HTTP ${status}`, status);
      else {
        const cursor = response.headers.get('X-Poll-Cursor');
        this.#deliver(await response.text());
        if (cursor) this.#cursor = cursor;
      }
    } catch {
      if (!this.#running || abort.signal.aborted) return;
      hooks.error('network', 'a poll request failed');
    }
    if (this.#running)
      this.#timer = setTimeout(() => void this.#poll(), this.#options.pollingInterval);
  }

  #deliver(body: string): void {
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
      if (!this.#running) return;
      const size = JSON.stringify(frame ?? null).length;
      const result =
        size > max ? `it has ${size} characters, over maxMessageSize (${max})` : asMessage(frame);
      if (typeof result == 'string')
        this.#hooks.error('parse', `a polled frame was refused: ${result}`);
      else this.#hooks.message(result);
    }
  }
}
