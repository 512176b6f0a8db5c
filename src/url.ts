// Socket URL handling: resolving paths and http(s) URLs to ws(s), and adding the token.

/**
 * Resolves `url` to an absolute `ws:`/`wss:` URL. A path resolves against the page (`base`,
 * default `location.href`); `http:` becomes `ws:` and `https:` becomes `wss:`.
 * @example
 * resolveSocketUrl('/ws/noc/dashboard/', 'https://example.com/noc'); // 'wss://example.com/ws/noc/dashboard/'
 */
export function resolveSocketUrl(url: string, base?: string): string {
  if (typeof url !== 'string' || url.trim() === '') throw new TypeError('ws-widgets: a socket URL is required');
  const page = base ?? (typeof location !== 'undefined' ? location.href : undefined);
  let parsed: URL;
  try {
    parsed = page ? new URL(url, page) : new URL(url);
  } catch {
    throw new TypeError(`ws-widgets: '${url}' is not a valid socket URL`);
  }
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') {
    throw new TypeError(`ws-widgets: '${parsed.protocol}' URLs cannot carry a WebSocket`);
  }
  return parsed.href;
}

/** `url` with `name=value` set in its query string. */
export function withParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.href;
}

/** The `http(s)` URL for polling, resolved against the page like a socket URL. */
export function resolveHttpUrl(url: string, base?: string): string {
  const page = base ?? (typeof location !== 'undefined' ? location.href : undefined);
  try {
    return (page ? new URL(url, page) : new URL(url)).href;
  } catch {
    throw new TypeError(`ws-widgets: '${url}' is not a valid polling URL`);
  }
}
