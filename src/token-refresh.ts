// Where a fresh token comes from after a refusal of the credentials (CONTRACT 0.2): the page's
// `refreshToken()`, or a GET of `tokenUrl` with the page's cookies. Once per refusal, never a
// loop: when a refresh may be tried is the state machine's business (state.ts, `armed`).

/** The page's two ways to a fresh token; neither set means no refresh. */
export interface TokenSource {
  tokenUrl: string | undefined;
  refreshToken: (() => Promise<string>) | undefined;
}

/** GETs `url` with the page's cookies; resolves with the `token` of a 200 JSON answer. */
async function fetchToken(url: string): Promise<unknown> {
  if (typeof fetch != 'function') throw new Error('no fetch() here');
  const response = await fetch(url, {
    credentials: 'same-origin',
    cache: 'no-store',
    headers: { Accept: 'application/json' },
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { token?: unknown } | null;
  return body?.token;
}

/**
 * Resolves with a fresh token; rejects with why not (never quoting a token): the source failed
 * or gave no non-empty string.
 */
export async function freshToken({ tokenUrl, refreshToken }: TokenSource): Promise<string> {
  const token: unknown = refreshToken ? await refreshToken() : await fetchToken(tokenUrl ?? '');
  if (typeof token != 'string' || token === '') throw new Error('no token was given');
  return token;
}
