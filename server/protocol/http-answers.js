// The reference server's answers to its HTTP GETs, free of any transport: the polling fallback
// (`/api/poll/<endpoint>`) and the token endpoint (`/api/token`). The Node server's routes and the
// in-browser stand-in's `fetch` both answer through here, so they cannot drift apart.
import { authorizePoll, issueToken } from './auth.js';
import { readPoll } from './poll-log.js';

/** @typedef {import('./hub.js').Hub} Hub */
/** @typedef {{status: number, body: unknown, headers?: Record<string, string>}} Answer */

/**
 * The cookies of a `Cookie` header (or of `document.cookie`); a malformed one is simply absent.
 * @param {string} [header]
 */
export function parseCookies(header = '') {
  /** @type {Record<string, string>} */
  const out = {};
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    try {
      out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // skip it
    }
  }
  return out;
}

/**
 * Answers `GET url`, or returns undefined for a path that is neither a poll nor the token
 * endpoint. Refusals are `{error, code}` with the codes of the socket's `error` frames (and of
 * the Django views): `token_in_url`, `auth_required`, `invalid_since`.
 * @param {Hub} hub
 * @param {{url: URL, authorization?: string | null, cookie?: string}} request
 * @returns {Answer | undefined}
 */
export function answerGet(hub, { url, authorization, cookie }) {
  if (url.pathname === '/api/token') {
    // The client's token-url; the token is never logged (the access log shows the path only).
    const { status, body } = issueToken(hub);
    return status === 200 ? { status, body } : { status, body: { ...body, code: 'auth_required' } };
  }
  if (!url.pathname.startsWith('/api/poll/')) return undefined;
  const path = `/ws/${url.pathname.slice('/api/poll/'.length)}`;
  if (!hub.knows(path)) return { status: 404, body: { error: `no endpoint ${path}` } };
  // Polls authenticate by header or cookie, whatever the socket uses; never by `?token=`.
  const verdict = authorizePoll(hub.options, {
    url,
    authorization: authorization ?? undefined,
    cookieToken: parseCookies(cookie)[hub.options.cookieName],
  });
  if (verdict.status === 400)
    return { status: 400, body: { error: verdict.error, code: 'token_in_url' } };
  if (verdict.status === 401)
    return {
      status: 401,
      body: { error: verdict.error, code: 'auth_required', error_code: 'AUTH_REQUIRED' },
    };
  const sinceText = url.searchParams.get('since');
  const since = sinceText === null || sinceText === '' ? undefined : Number(sinceText);
  if (since !== undefined && !Number.isInteger(since))
    return {
      status: 400,
      body: { error: 'since must be an integer cursor', code: 'invalid_since' },
    };
  const { frames, cursor } = readPoll(hub, path, since, url.searchParams);
  return { status: 200, body: frames, headers: { 'X-Poll-Cursor': String(cursor) } };
}
