// Options of the reference server: defaults, and a check that turns bad values into clear errors.

/**
 * @typedef {object} HubOptions
 * @property {'none'|'connect'|'message'} auth When the server checks credentials: 'connect' (a token
 *   in `?token=` or the cookie of the upgrade request), 'message' (a first `auth` frame) or 'none'
 *   (anyone; a token is ignored). The Django consumers use the same names (docs/conformance.md).
 * @property {string[]} validTokens Tokens that authenticate.
 * @property {4001|4401} authCloseCode Close code after `authentication_error` / `auth_failed`.
 * @property {string} cookieName Cookie holding the token when `auth` is 'cookie'.
 * @property {string[]|null} allowedOrigins Origins allowed to connect (null = any); others get 4403.
 * @property {number} heartbeatTimeoutMs Idle time after which the server closes with 4408.
 * @property {number} heartbeatIntervalS `heartbeat_interval` announced in `connection_established`.
 * @property {number} maxConnectionsPerUser Open sockets per user (token, or 'anonymous'); beyond it 4429.
 * @property {'normal'|'ignore'|'error'} ackMode How `acknowledge_alert` is answered.
 * @property {number} maxFrameBytes Larger text frames are answered with `error` (code too_large).
 * @property {number} historySize Frames of each NOC client kept for `subscribe_client` with `since`.
 * @property {'issue'|'stale'|'refuse'} tokenEndpoint How `GET /api/token` answers: a fresh valid
 *   token, a token the server will refuse, or 401 (nobody signed in).
 */

/** @type {HubOptions} */
export const DEFAULTS = Object.freeze({
  auth: 'none',
  validTokens: ['good-token'],
  authCloseCode: 4001,
  cookieName: 'ws_token',
  allowedOrigins: null,
  heartbeatTimeoutMs: 300000,
  heartbeatIntervalS: 30,
  maxConnectionsPerUser: Infinity,
  ackMode: 'normal',
  maxFrameBytes: 65536,
  historySize: 1000,
  tokenEndpoint: 'issue',
});

/** @typedef {(value: unknown) => true | string} Check true, or what is wrong */
/** @param {unknown[]} list @returns {Check} */
const oneOf = (list) => (v) =>
  list.includes(v) || `must be one of ${list.map((x) => JSON.stringify(x)).join(', ')}`;
/** @type {Check} */
const positive = (v) => (typeof v === 'number' && v > 0) || 'must be a positive number';
/** @type {Check} */
const strings = (v) =>
  (Array.isArray(v) && v.every((s) => typeof s === 'string')) || 'must be an array of strings';

/** The auth modes, as the Django consumers name them too. */
export const AUTH_MODES = Object.freeze(['none', 'connect', 'message']);

/** Names the reference server used before 0.2; each still works, with a warning. */
export const DEPRECATED_AUTH_MODES = Object.freeze({ query: 'connect', cookie: 'connect' });
const warned = new Set();

/** The mode an old name stands for, warning once per name and process. */
function currentAuthMode(/** @type {unknown} */ mode) {
  const now = DEPRECATED_AUTH_MODES[/** @type {keyof typeof DEPRECATED_AUTH_MODES} */ (mode)];
  if (now === undefined) return mode;
  if (!warned.has(mode)) {
    warned.add(mode);
    console.warn(
      `ws-widgets reference server: auth '${mode}' is deprecated, use '${now}' (a token in ?token= or the cookie)`,
    );
  }
  return now;
}

/** @type {Record<keyof HubOptions, Check>} */
const CHECKS = {
  auth: oneOf([...AUTH_MODES]),
  validTokens: strings,
  authCloseCode: oneOf([4001, 4401]),
  cookieName: (v) => (typeof v === 'string' && v !== '') || 'must be a non-empty string',
  allowedOrigins: (v) => v === null || strings(v),
  heartbeatTimeoutMs: positive,
  heartbeatIntervalS: positive,
  maxConnectionsPerUser: (v) =>
    (typeof v === 'number' && v >= 1) || 'must be a number of at least 1',
  ackMode: oneOf(['normal', 'ignore', 'error']),
  maxFrameBytes: positive,
  historySize: (v) =>
    (Number.isInteger(v) && Number(v) >= 1) || 'must be a whole number of at least 1',
  tokenEndpoint: oneOf(['issue', 'stale', 'refuse']),
};

/**
 * Checks a partial set of options; throws a TypeError naming the first bad one.
 * `undefined` values are dropped (JSON from the browser may carry them as absent keys anyway).
 * @param {Record<string, unknown>} partial
 * @returns {Partial<HubOptions>}
 */
export function checkOptions(partial) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(partial ?? {})) {
    if (value === undefined) continue;
    const check = CHECKS[/** @type {keyof HubOptions} */ (key)];
    if (!check) throw new TypeError(`unknown server option '${key}'`);
    // JSON cannot carry Infinity: null lifts the per-user cap.
    const v =
      key === 'maxConnectionsPerUser' && value === null
        ? Infinity
        : key === 'auth'
          ? currentAuthMode(value)
          : value;
    const verdict = check(v);
    if (verdict !== true)
      throw new TypeError(`server option '${key}' ${verdict} (got ${JSON.stringify(value)})`);
    out[key] = v;
  }
  return /** @type {Partial<HubOptions>} */ (out);
}

/**
 * @param {Record<string, unknown>} [options]
 * @returns {HubOptions}
 */
export function resolveOptions(options = {}) {
  return { ...DEFAULTS, validTokens: [...DEFAULTS.validTokens], ...checkOptions(options) };
}
