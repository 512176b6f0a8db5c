// Resolves socket and polling URLs against the page, and keeps the token out of every URL the
// page can see: a `token` query parameter in a given URL is taken out and used as the credential.

const TOKEN_PARAM = 'token';

/** The page's URL, the base of relative URLs; undefined in Node or a worker without one. */
export function pageHref(): string | undefined {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  return typeof location?.href === 'string' ? location.href : undefined;
}

/** Replaces any `token=` value in a text (an URL, an error message) with `***`. */
export function redact(text: string, token?: string): string {
  let out = text.replace(/([?&;]token=)[^&#\s]*/gi, '$1***');
  if (token) out = out.split(token).join('***');
  return out;
}

/** A parsed URL with its `token` parameter removed (and returned apart). */
interface Split {
  url: URL;
  token: string | undefined;
}

function parse(url: string, base: string | undefined, what: string): Split {
  if (typeof url !== 'string' || url.trim() === '')
    throw new TypeError(`ReconnectingSocket: ${what} must be a non-empty string`);
  let parsed: URL;
  try {
    parsed = base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    const hint =
      base === undefined ? ' (a path needs a page to resolve against: pass an absolute URL)' : '';
    throw new TypeError(`ReconnectingSocket: ${what} "${redact(url)}" is not a valid URL${hint}`);
  }
  parsed.hash = '';
  const token = parsed.searchParams.get(TOKEN_PARAM) ?? undefined;
  if (token !== undefined) parsed.searchParams.delete(TOKEN_PARAM);
  return { url: parsed, token: token === '' ? undefined : token };
}

/** Resolves a socket URL and returns it with any token taken out. */
export function splitSocketUrl(
  url: string,
  base: string | undefined,
): { url: string; token: string | undefined } {
  const { url: parsed, token } = parse(url, base, 'url');
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  else if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypeError(
      `ReconnectingSocket: url must be ws:, wss:, http:, https: or a path, not ${parsed.protocol}`,
    );
  }
  return { url: parsed.href, token };
}

/**
 * Resolves `url` (`ws://`, `wss://`, `http(s)://` or a path) to the `ws(s)://` URL the socket
 * opens, against `base` (the page by default): `wss:` on an `https:` page. Any `token` query
 * parameter is removed. Throws a `TypeError` for anything else.
 * @example
 * resolveSocketUrl('/ws/noc/dashboard/', 'https://noc.example.com/app/');
 * // 'wss://noc.example.com/ws/noc/dashboard/'
 */
export function resolveSocketUrl(url: string, base?: string): string {
  return splitSocketUrl(url, base ?? pageHref()).url;
}

/** Resolves a polling URL (`http(s)://`, `ws(s)://` or a path) to `http(s)://`, without a token. */
export function resolvePollingUrl(url: string, base: string | undefined = pageHref()): string {
  const { url: parsed } = parse(url, base, 'pollingUrl');
  if (parsed.protocol === 'ws:') parsed.protocol = 'http:';
  else if (parsed.protocol === 'wss:') parsed.protocol = 'https:';
  else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(
      `ReconnectingSocket: pollingUrl must be http:, https: or a path, not ${parsed.protocol}`,
    );
  }
  return parsed.href;
}

/** Adds query parameters (the token for `auth: 'query'`, the polling cursor) to a URL. */
export function withParams(url: string, params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter(
    (e): e is [string, string] => e[1] !== undefined && e[1] !== '',
  );
  if (entries.length === 0) return url;
  const parsed = new URL(url);
  for (const [name, value] of entries) parsed.searchParams.set(name, value);
  return parsed.href;
}
