// The HTTP side of the reference server: the polling fallback (`GET /api/poll/<endpoint>`) and
// the control API the demo page's buttons use (`POST /control/<op>`, JSON body).
import { answerGet, parseCookies } from './protocol/http-answers.js';

export { parseCookies };

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

const CORS = {
  'Access-Control-Allow-Origin': '*',
  // Authorization: polls carry their token in it, which costs a cross-origin page a preflight.
  'Access-Control-Allow-Headers': 'Content-Type, Authorization',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Expose-Headers': 'X-Poll-Cursor',
};
const MAX_BODY = 1 << 20;

/**
 * @param {Response} res
 * @param {number} status
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 */
function json(res, status, body, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    ...CORS,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** Resolves with the parsed JSON body (`{}` when empty) or an Error saying what is wrong. */
function readBody(/** @type {Request} */ req) {
  return /** @type {Promise<Record<string, unknown> | Error>} */ (
    new Promise((resolve) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => {
        text += chunk;
        if (text.length > MAX_BODY) req.destroy();
      });
      req.on('error', () => resolve(new Error('request body could not be read')));
      req.on('end', () => {
        try {
          const body = text ? JSON.parse(text) : {};
          resolve(
            body && typeof body === 'object' && !Array.isArray(body)
              ? body
              : new Error('body must be a JSON object'),
          );
        } catch {
          resolve(new Error('body is not valid JSON'));
        }
      });
    })
  );
}

/**
 * @param {import('./reference-server.mjs').ReferenceServer} server
 * @param {Request} req
 * @param {Response} res
 */
export async function handleHttp(server, req, res) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const hub = server.hub;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    return res.end();
  }
  if (req.method === 'GET') {
    const answer = answerGet(hub, {
      url,
      authorization: req.headers.authorization,
      cookie: req.headers.cookie,
    });
    if (answer) return json(res, answer.status, answer.body, answer.headers);
  }
  if (req.method === 'POST' && url.pathname.startsWith('/control/')) {
    const op = url.pathname.slice('/control/'.length).replace(/\/$/, '');
    const body = await readBody(req);
    if (body instanceof Error) return json(res, 400, { error: body.message });
    if (op === 'restart') {
      // Answer first: restarting closes every connection, this request's included.
      json(res, 202, { restarting: true, port: server.port });
      res.on('finish', () => void server.control(op, body).catch(() => {}));
      return;
    }
    try {
      return json(res, 200, (await server.control(op, body)) ?? { ok: true });
    } catch (error) {
      return json(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (req.method === 'GET' && url.pathname === '/health')
    return json(res, 200, { ok: true, port: server.port });
  return json(res, 404, { error: `not found: ${req.method} ${url.pathname}` });
}
