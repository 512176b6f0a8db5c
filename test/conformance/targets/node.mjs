// Target: the Node reference server (server/reference-server.mjs), a fresh one on a free port of
// 127.0.0.1 for every vector, reached with the `ws` package as any client would.
import WebSocket from 'ws';
import { startReferenceServer } from '../../../server/reference-server.mjs';
import { queueClient } from '../play.mjs';
import { HUB_FIXTURES, HUB_VARS, applyFixtures, hubAction, hubOptions } from './hub-fixtures.mjs';

/** Opens a `ws` socket with the vector's credential in the query string or the cookie. */
export function wsClient(url, { token, via, origin, cookieName = 'ws_token' }) {
  const u = new URL(url);
  /** @type {Record<string, string>} */
  const headers = {};
  if (token !== undefined && via === 'query') u.searchParams.set('token', token);
  if (token !== undefined && via === 'cookie') headers.Cookie = `${cookieName}=${token}`;
  if (origin) headers.Origin = origin;
  const ws = new WebSocket(u, { headers });
  return queueClient(ws, (s, on) => {
    s.on('message', (data) => on.message(String(data)));
    s.on('close', (code, reason) => on.close(code, String(reason)));
    s.on('error', () => {});
  });
}

/** Fetches `url` with the vector's credential: `Authorization: Bearer`, the cookie or `?token=`. */
export async function httpGet(url, { token, via }, cookieName = 'ws_token') {
  const u = new URL(url);
  const headers = {};
  if (token !== undefined && via === 'bearer') headers.Authorization = `Bearer ${token}`;
  if (token !== undefined && via === 'cookie') headers.Cookie = `${cookieName}=${token}`;
  if (token !== undefined && via === 'query') u.searchParams.set('token', token);
  const response = await fetch(u, { headers });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/** The token a credential name stands for under `vars`. */
export function tokenOf(credential, vars) {
  if (credential === 'valid') return vars.token;
  if (credential === 'invalid') return vars.bad_token;
  if (credential === 'limited') return vars.limited_token;
  return undefined;
}

export function nodeTarget() {
  return {
    name: 'node',
    fixtures: HUB_FIXTURES,
    async start() {},
    async stop() {},
    async prepare({ mode, setup }) {
      const server = await startReferenceServer({ port: 0, ...hubOptions({ mode, setup }) });
      const vars = {
        ...HUB_VARS,
        ...applyFixtures(server.hub, setup),
        token_url: server.httpUrl('/api/token'),
        poll_url: server.httpUrl('/api/poll/'),
      };
      return {
        vars,
        connect: async (path, { credential, via, origin }) =>
          wsClient(server.wsUrl(path), { token: tokenOf(credential, vars), via, origin }),
        http: ({ get, credential, via }) => httpGet(get, { token: tokenOf(credential, vars), via }),
        action: async (name, args) =>
          hubAction(
            server.hub,
            (code, reason) => server.control('closeAll', { code, reason }),
            name,
            args,
          ),
        release: () => server.stop(),
      };
    },
  };
}
