// Credential checks of the reference server: at connect a token in the query string or a cookie
// (`auth: 'connect'`), or a first `auth` message (`auth: 'message'`), and the refusals that follow a bad one; polls take an
// `Authorization: Bearer` header or the cookie, never `?token=`.

/** @typedef {import('./options.js').HubOptions} HubOptions */
/** @typedef {import('./hub.js').Hub} Hub */
/** @typedef {import('./hub.js').Session} Session */

/**
 * @typedef {object} Credentials
 * @property {string} [queryToken] `?token=` of the upgrade request
 * @property {string} [cookieToken] the `cookieName` cookie of the upgrade request
 * @property {unknown} [messageToken] `token` of an `auth` frame
 */

/**
 * Decides whether credentials are acceptable under `options.auth`.
 * For 'message' without a message token the verdict is deferred (the `auth` frame decides).
 * @param {HubOptions} options
 * @param {Credentials} credentials
 * @returns {{refused: boolean, deferred?: boolean, user: string, token?: string, message?: string}}
 */
export function authenticate(options, { queryToken, cookieToken, messageToken }) {
  const mode = options.auth;
  if (mode === 'none') return { refused: false, user: 'anonymous' };
  if (mode === 'message' && messageToken === undefined)
    return { refused: false, deferred: true, user: 'anonymous' };
  // At connect, as the Django consumers do: `?token=` first, else the cookie.
  const token = mode === 'connect' ? (queryToken ?? cookieToken) : messageToken;
  if (typeof token !== 'string' || token === '') {
    return { refused: true, user: 'anonymous', message: 'Authentication required' };
  }
  if (!options.validTokens.includes(token)) {
    return { refused: true, user: 'anonymous', message: 'Invalid or expired authentication token' };
  }
  return { refused: false, user: userOf(token), token };
}

/** Why a poll carrying `?token=` is refused (it never repeats the token). */
export const TOKEN_IN_URL =
  'a token in the polling URL is refused, because servers log URLs: send it in an Authorization: Bearer header (or the cookie)';

/**
 * Decides a poll (`GET /api/poll/...`). `?token=` is refused (400) in every mode, so a client
 * that would leak its token into access logs learns it at once. Otherwise, unless `auth` is
 * 'none', the `Authorization: Bearer` token must be valid, or, without that header, the cookie's.
 * @param {HubOptions} options
 * @param {{url: URL, authorization?: string, cookieToken?: string}} request
 * @returns {{status: 200} | {status: 400 | 401, error: string}}
 */
export function authorizePoll(options, { url, authorization, cookieToken }) {
  if (url.searchParams.has('token')) return { status: 400, error: TOKEN_IN_URL };
  if (options.auth === 'none') return { status: 200 };
  const bearer = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  const verdict = authenticate(
    { ...options, auth: 'connect' },
    { cookieToken: bearer ?? cookieToken },
  );
  return verdict.refused ? { status: 401, error: String(verdict.message) } : { status: 200 };
}

/**
 * Answers the token endpoint (`GET /api/token`, the client's `token-url`) as
 * `options.tokenEndpoint` says: `issue` mints a token and makes it valid, `stale` gives one that
 * the sockets refuse, `refuse` is 401. Counts the requests in `hub.tokenRequests`.
 * @param {Hub} hub
 * @returns {{status: 200, body: {token: string}} | {status: 401, body: {error: string}}}
 */
export function issueToken(hub) {
  const n = (hub.tokenRequests += 1);
  const mode = hub.options.tokenEndpoint;
  if (mode === 'refuse') return { status: 401, body: { error: 'not signed in' } };
  const token = `${mode === 'issue' ? 'issued' : 'stale'}-token-${n}`;
  if (mode === 'issue') hub.options.validTokens.push(token);
  return { status: 200, body: { token } };
}

/** The user a token stands for (the per-user connection cap counts by it). */
export function userOf(/** @type {string} */ token) {
  return `user-${token}`;
}

/**
 * `authentication_error` {error_code: AUTH_REQUIRED}, then the configured close code.
 * @param {Hub} hub
 * @param {Session} session
 * @param {string} message
 */
export function closeForAuth(hub, session, message) {
  hub.out(session, {
    type: 'authentication_error',
    message,
    error_code: 'AUTH_REQUIRED',
    timestamp: new Date().toISOString(),
  });
  hub.refuse(session, hub.options.authCloseCode, 'authentication failed');
}

/**
 * Answers an `auth` frame: `auth_success`, or `auth_failed` then the configured close code.
 * Where the server does not use first-message auth it simply says `auth_success`.
 * @param {Hub} hub
 * @param {Session} session
 * @param {Record<string, unknown>} frame
 */
export function handleAuth(hub, session, frame) {
  if (hub.options.auth !== 'message') return hub.out(session, { type: 'auth_success' });
  const verdict = authenticate(hub.options, { messageToken: frame.token ?? null });
  if (verdict.refused) {
    hub.out(session, { type: 'auth_failed', message: verdict.message });
    return hub.refuse(session, hub.options.authCloseCode, 'authentication failed');
  }
  session.user = verdict.user;
  session.token = verdict.token;
  const wasAuthed = session.authed;
  session.authed = true;
  if (hub.overCap(session)) return;
  hub.out(session, { type: 'auth_success' });
  if (!wasAuthed) hub.greet(session);
}
