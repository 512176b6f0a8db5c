// Token refresh after a refusal of the credentials (CONTRACT 0.2): once, never a loop. It is armed
// by a connection that reached `connected` and got a frame other than a refusal (a socket that
// opens and is then refused does not count), and spent by a refusal, so a server that refuses
// the fresh token too ends in `failed`.

/** Where a fresh token comes from: the page's function, or a GET of `tokenUrl`. */
export interface TokenSource {
  tokenUrl: string | undefined;
  refreshToken: (() => Promise<string>) | undefined;
}

/** GETs `url` with the page's cookies; resolves with the `token` of a 200 JSON answer. */
async function fetchToken(url: string): Promise<string> {
  if (typeof fetch != 'function') throw new Error('no fetch() here');
  const response = await fetch(url, {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { token?: unknown } | null;
  const token = body?.token;
  if (typeof token != 'string' || token === '') throw new Error('the answer has no token');
  return token;
}

export class TokenRefresh {
  /** A refresh may be tried at the next refusal; spent by one, re-armed by `connected`. */
  #armed = true;
  readonly #source: TokenSource;

  constructor(source: TokenSource) {
    this.#source = source;
  }

  /** The connection reached `connected`: the next refusal may refresh again. */
  arm(): void {
    this.#armed = true;
  }

  /**
   * Spends the refresh: resolves with a fresh token, or undefined when there is none to try (no
   * source, or already spent since the last `connected`). Rejects when the source failed; the
   * error says how, never with the token.
   */
  take(): Promise<string> | undefined {
    const { tokenUrl, refreshToken } = this.#source;
    if (!this.#armed || (tokenUrl === undefined && refreshToken === undefined)) return undefined;
    this.#armed = false;
    return (async () => {
      const token = refreshToken ? await refreshToken() : await fetchToken(tokenUrl!);
      if (typeof token != 'string' || token === '') throw new Error('no token was given');
      return token;
    })();
  }
}
