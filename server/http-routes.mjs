// HTTP side of the reference server: the polling fallback and the demo's control API.
import { authenticate } from './protocol/auth.js';

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Expose-Headers': 'X-Poll-Cursor',
};

function json(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...CORS, ...headers });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        resolve(undefined);
      }
    });
  });
}

export async function handleHttp(server, req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'OPTIONS') return json(res, 204, {});
  if (req.method === 'GET' && url.pathname.startsWith('/api/poll/')) {
    const path = `/ws/${url.pathname.slice('/api/poll/'.length)}`;
    const hub = server.hub;
    if (hub.options.auth !== 'none') {
      const verdict = authenticate({ ...hub.options, auth: 'query' }, { queryToken: url.searchParams.get('token') ?? undefined });
      if (verdict.refused) return json(res, 401, { error: 'authentication required' });
    }
    const since = url.searchParams.has('since') ? Number(url.searchParams.get('since')) : undefined;
    const { frames, cursor } = hub.polls.read(path, Number.isFinite(since) ? since : undefined);
    return json(res, 200, frames, { 'X-Poll-Cursor': String(cursor) });
  }
  if (req.method === 'POST' && url.pathname.startsWith('/control/')) {
    const body = await readBody(req);
    if (body === undefined) return json(res, 400, { error: 'body is not JSON' });
    try {
      const result = await server.control(url.pathname.slice('/control/'.length), body);
      return json(res, 200, result ?? { ok: true });
    } catch (error) {
      return json(res, 400, { error: String(error.message ?? error) });
    }
  }
  if (url.pathname === '/health') return json(res, 200, { ok: true });
  return json(res, 404, { error: 'not found' });
}
