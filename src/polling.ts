// The HTTP polling fallback: GETs the polling URL every interval, hands each frame of the JSON
// array to the socket as if it had arrived on the wire, and follows the server's cursor
// (`X-Poll-Cursor` header, sent back as `?since=`) so no frame is delivered twice. Meanwhile it
// asks the socket to probe the WebSocket every `probeInterval`, so the page can get back to it.
import { asMessage, parseJsonSafe } from './parse.js';
import type { Message } from './types.js';
import { withParams } from './url.js';

export interface PollerConfig {
  /** Resolved http(s) URL, without a token. */
  url: string;
  interval: number;
  /** ms between probes of the WebSocket while polling. */
  probeInterval: number;
  maxMessageSize: number;
  /** The token to add as `?token=` (auth `query`), read before every request. */
  token: () => string | undefined;
  fetch?: typeof fetch;
}

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
  private timer: ReturnType<typeof setTimeout> | undefined;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private abort: AbortController | undefined;
  private cursor: string | undefined;
  private running = false;

  constructor(
    private readonly config: PollerConfig,
    private readonly hooks: PollerHooks,
  ) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.poll();
    this.probeLater();
  }

  /** Schedules the next probe of the WebSocket (after a failed one, or at the start). */
  probeLater(): void {
    clearTimeout(this.probeTimer);
    if (!this.running) return;
    this.probeTimer = setTimeout(
      () => this.running && this.hooks.probe(),
      this.config.probeInterval,
    );
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    clearTimeout(this.probeTimer);
    this.timer = undefined;
    this.probeTimer = undefined;
    this.abort?.abort();
    this.abort = undefined;
  }

  private async poll(): Promise<void> {
    const doFetch = this.config.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (doFetch === undefined) {
      this.hooks.error('network', 'polling needs fetch(), which this environment lacks');
      return this.stop();
    }
    const abort = new AbortController();
    this.abort = abort;
    const url = withParams(this.config.url, { since: this.cursor, token: this.config.token() });
    try {
      const response = await doFetch(url, {
        signal: abort.signal,
        cache: 'no-store',
        headers: { Accept: 'application/json' },
      });
      if (!this.running || abort.signal.aborted) return;
      if (response.status === 401 || response.status === 403) {
        this.stop();
        return this.hooks.refused(response.status === 401 ? 'auth' : 'forbidden', response.status);
      }
      if (!response.ok) {
        this.hooks.error('network', `polling got HTTP ${response.status}`, response.status);
      } else {
        const cursor = response.headers.get('X-Poll-Cursor');
        this.deliver(await response.text());
        if (cursor !== null && cursor !== '') this.cursor = cursor;
      }
    } catch {
      if (!this.running || abort.signal.aborted) return;
      this.hooks.error('network', 'a poll request failed');
    }
    if (this.running) this.timer = setTimeout(() => void this.poll(), this.config.interval);
  }

  private deliver(body: string): void {
    let frames: unknown;
    try {
      frames = parseJsonSafe(body);
    } catch {
      return this.hooks.error('parse', 'the polling response is not valid JSON');
    }
    if (!Array.isArray(frames))
      return this.hooks.error('parse', 'the polling response is not a JSON array');
    for (const frame of frames) {
      if (!this.running) return;
      const size = JSON.stringify(frame ?? null).length;
      const result = size > this.config.maxMessageSize ? undefined : asMessage(frame);
      if (result === undefined) {
        this.hooks.error(
          'parse',
          `a polled frame of ${size} characters exceeds maxMessageSize (${this.config.maxMessageSize})`,
        );
      } else if (typeof result == 'string') {
        this.hooks.error('parse', `a polled frame was refused: ${result}`);
      } else {
        this.hooks.message(result);
      }
    }
  }
}
