// Resolves socket and polling URLs against the page, and keeps the token out of every URL the
// page can see: a `token` query parameter in a given URL is taken out and used as the credential.

/** The page's URL, the base of relative URLs; undefined in Node or a worker without one. */
export function pageHref(): string | undefined {
  const href = (globalThis as { location?: { href?: unknown } }).location?.href;
  return typeof href == 'string' ? href : undefined;
}

/** Replaces any `token=` value in a text (an URL, an error message) with `***`. */
export function redact(text: string, token?: string): string {
  const out = text.replace(/([?&;]token=)[^&#\s]*/gi, '$1***');
  return token ? out.split(token).join('***') : out;
}

// Scheme of a socket URL for each accepted scheme, and of a polling URL.
const SOCKET: Record<string, string> = {
  'ws:': 'ws:',
  'wss:': 'wss:',
  'http:': 'ws:',
  'https:': 'wss:',
};
const POLLING: Record<string, string> = {
  'http:': 'http:',
  'https:': 'https:',
  'ws:': 'http:',
  'wss:': 'https:',
};

/** Resolves `url` against `base`, maps its scheme by `schemes`, and takes its token out. */
function resolve(
  url: string,
  base: string | undefined,
  what: 'url' | 'pollingUrl',
  schemes: Record<string, string>,
): { url: string; token: string | undefined } {
  const error = (text: string): TypeError => new TypeError(`ReconnectingSocket: ${what} ${text}`);
  if (typeof url != 'string' || url.trim() === '') throw error('must be a non-empty string');
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    const hint = base ? '' : ' (a path needs a page to resolve against: pass an absolute URL)';
    throw error(`"${redact(url)}" is not a valid URL${hint}`);
  }
  const scheme = schemes[parsed.protocol];
  if (!scheme)
    throw error(`must be ${Object.keys(schemes).join(', ')} or a path, not ${parsed.protocol}`);
  parsed.protocol = scheme;
  parsed.hash = '';
  const token = parsed.searchParams.get('token') || undefined;
  parsed.searchParams.delete('token');
  return { url: parsed.href, token };
}

/** Resolves a socket URL and returns it with any token taken out. */
export const splitSocketUrl = (url: string, base: string | undefined) =>
  resolve(url, base, 'url', SOCKET);

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
export function resolvePollingUrl(url: string, base = pageHref()): string {
  return resolve(url, base, 'pollingUrl', POLLING).url;
}

/** Adds query parameters (the socket's token for `auth: 'query'`, the polling cursor) to a URL. */
export function withParams(url: string, params: Record<string, string | undefined>): string {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(params))
    if (value) parsed.searchParams.set(name, value);
  return parsed.href;
}
