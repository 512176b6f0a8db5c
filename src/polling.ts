// HTTP polling fallback: GETs a JSON array of frames every interval, passing back the cursor the
// server hands out (`X-Poll-Cursor` → `?since=`), so no frame is delivered twice.

export interface PollerConfig {
  url: string;
  interval: number;
  onFrames: (frames: unknown[]) => void;
  onError: (message: string) => void;
  fetch?: typeof fetch;
}

export class Poller {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cursor: string | undefined;
  private running = false;
  private controller: AbortController | undefined;

  constructor(private readonly config: PollerConfig) {}

  get active(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.poll();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.controller?.abort();
  }

  private async poll(): Promise<void> {
    const url = new URL(this.config.url);
    if (this.cursor !== undefined) url.searchParams.set('since', this.cursor);
    this.controller = new AbortController();
    try {
      const doFetch = this.config.fetch ?? fetch;
      const response = await doFetch(url.href, { signal: this.controller.signal, headers: { Accept: 'application/json' } });
      if (!response.ok) throw new Error(`polling answered HTTP ${response.status}`);
      const body: unknown = await response.json();
      if (!Array.isArray(body)) throw new Error('polling answer is not a JSON array');
      this.cursor = response.headers.get('X-Poll-Cursor') ?? this.cursor;
      if (this.running) this.config.onFrames(body);
    } catch (error) {
      if (!this.running) return;
      this.config.onError(error instanceof Error ? error.message : String(error));
    }
    if (this.running) this.timer = setTimeout(() => void this.poll(), this.config.interval);
  }
}
