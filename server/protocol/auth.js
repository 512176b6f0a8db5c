// Credential checks of the reference server: query token, cookie, first message.

/**
 * Decides whether a connection's credentials are acceptable under `options.auth`.
 * @returns {{refused: boolean, user?: string, token?: string, message?: string}}
 */
export function authenticate(options, { queryToken, cookieToken, messageToken }) {
  const mode = options.auth;
  let token;
  if (mode === 'none') return { refused: false };
  if (mode === 'query') token = queryToken;
  else if (mode === 'cookie') token = cookieToken;
  else if (mode === 'message') {
    if (messageToken === undefined) return { refused: false }; // decided when `auth` arrives
    token = messageToken;
  }
  if (typeof token !== 'string' || !options.validTokens.includes(token)) {
    return { refused: true, message: token ? 'Invalid or expired authentication token' : 'Authentication required' };
  }
  return { refused: false, user: `user:${options.validTokens.indexOf(token)}`, token };
}

/** `authentication_error` then the configured close code (4001 by default), as seed 004 does. */
export function closeForAuth(hub, session, message) {
  hub.out(session, {
    type: 'authentication_error',
    message,
    error_code: 'AUTH_REQUIRED',
    timestamp: new Date().toISOString(),
  });
  session.close(hub.options.authCloseCode, 'authentication failed');
}
