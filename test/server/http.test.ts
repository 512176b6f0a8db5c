// The reference server's HTTP side: the polling fallback with its cursor, and the control API
// (`POST /control/<op>`) the demo page's buttons use.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { connected, rawClient } from './raw-client.js';

type Frame = Record<string, unknown>;
const NOC = '/ws/noc/dashboard/';

async function poll(
  server: TestServer,
  query = '',
  path = '/api/poll/noc/dashboard/',
  token?: string,
) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const res = await fetch(server.httpUrl(`${path}${query}`), { headers });
  return {
    res,
    cursor: res.headers.get('X-Poll-Cursor'),
    body: (await res.json()) as Frame[] & Frame,
  };
}

function control(server: TestServer, op: string, body: unknown = {}) {
  return fetch(server.httpUrl(`/control/${op}`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('reference server: HTTP polling', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startServer()));
  afterEach(() => server.stop());

  it('starts from now, then serves the frames after the cursor it handed out (cross-origin)', async () => {
    await server.alert({ title: 'before' });
    const first = await poll(server);
    expect(first.res.status).to.equal(200);
    // The page is on another origin: reading the cursor proves CORS exposes it.
    expect(first.body).to.deep.equal([]);
    expect(first.cursor).to.match(/^\d+$/);
    const { alert } = await server.alert({ client_id: 'acme', title: 'polled' });
    await server.gcode('user_1', { type: 'gcode_updated', data: {} }); // another endpoint's log
    const next = await poll(server, `?since=${first.cursor}`);
    expect(next.body).to.deep.equal([{ type: 'alert_new', alert, seq: 2 }]);
    expect(Number(next.cursor)).to.be.greaterThan(Number(first.cursor));
    expect((await poll(server, `?since=${next.cursor}`)).body).to.deep.equal([]);
    const gcode = await poll(server, `?since=${first.cursor}`, '/api/poll/dashboard/');
    expect(gcode.body.map((f) => f.type)).to.deep.equal(['gcode_updated']);
  });

  it('logs acknowledgements and frames sent to a path, and filters by client or channel', async () => {
    const { cursor } = await poll(server);
    await server.alert({ client_id: 'acme', id: 'x1' });
    await server.alert({ client_id: 'globex', id: 'x2' });
    const c = await connected(server.wsUrl(NOC));
    c.send({ type: 'acknowledge_alert', alert_id: 'x1' });
    await server.waitForReceived('acknowledge_alert');
    await server.send({ type: 'custom' }, { path: NOC });
    const all = await poll(server, `?since=${cursor}`);
    expect(all.body.map((f) => f.type)).to.deep.equal([
      'alert_new',
      'alert_new',
      'alert_acknowledged',
      'custom',
    ]);
    // Naming the client follows its stream (PROTOCOL.md 0.2): a snapshot first, then by seq.
    const first = await poll(server, '?client_id=acme');
    expect(first.body).to.deep.equal([
      { type: 'alert_snapshot', client_id: 'acme', seq: 2, alerts: [] }, // x1 is acknowledged
    ]);
    expect(first.cursor).to.equal('2');
    const acme = await poll(server, '?since=0&client_id=acme');
    expect(acme.body.map((f) => [f.type, f.seq])).to.deep.equal([
      ['alert_new', 1],
      ['alert_acknowledged', 2],
    ]);
    c.ws.close();
  });

  it('needs a valid bearer token when the server requires auth, and answers bad requests clearly', async () => {
    await server.setOptions({ auth: 'connect' });
    const refused = await poll(server);
    expect(refused.res.status).to.equal(401);
    expect(refused.body.error_code).to.equal('AUTH_REQUIRED');
    expect((await poll(server, '', undefined, 'bad')).res.status).to.equal(401);
    // Cross-origin: the header passed the CORS preflight.
    expect((await poll(server, '', undefined, 'good-token')).res.status).to.equal(200);
    // A token in the URL would reach access logs: refused, in every mode, without repeating it.
    for (const auth of ['query', 'none'] as const) {
      await server.setOptions({ auth });
      const inUrl = await poll(server, '?token=good-token', undefined, 'good-token');
      expect(inUrl.res.status).to.equal(400);
      expect(inUrl.body.error).to.contain('Authorization: Bearer');
      expect(inUrl.body.error).not.to.contain('good-token');
    }
    expect((await poll(server, '?since=abc')).res.status).to.equal(400);
    expect((await poll(server, '', '/api/poll/nowhere/')).res.status).to.equal(404);
  });
});

describe('reference server: HTTP control API', () => {
  let server: TestServer;
  beforeEach(
    async () => (server = await startServer({ auth: 'connect', validTokens: ['demo', 'old'] })),
  );
  afterEach(() => server.stop());

  it('raises alerts, closes with a code, drops, silences and refuses', async () => {
    const c = await connected(`${server.wsUrl(NOC)}?token=demo`);
    c.send({ type: 'subscribe_client', client_id: 'acme' });
    await c.next('subscribed');
    const raised = await control(server, 'alert', { severity: 'major', title: 'From the demo' });
    expect(raised.status).to.equal(200);
    const { alert } = (await raised.json()) as { alert: Frame };
    expect(((await c.next('alert_new')).alert as Frame).id).to.equal(alert.id);
    expect((await control(server, 'close', { code: 4429, reason: 'demo' })).status).to.equal(200);
    expect((await c.closed).code).to.equal(4429);
    const d = await connected(`${server.wsUrl(NOC)}?token=demo`);
    expect(await (await control(server, 'drop', {})).json()).to.deep.equal({ count: 1 });
    expect((await d.closed).code).to.equal(1006);
    expect(await (await control(server, 'silence', { on: true })).json()).to.deep.equal({
      silent: ['*'],
    });
    expect(await (await control(server, 'silence', { on: false })).json()).to.deep.equal({
      silent: [],
    });
    expect((await control(server, 'refuse', { ms: 0 })).status).to.equal(200);
  });

  it('revokes tokens and restarts on the same port', async () => {
    const c = await connected(`${server.wsUrl(NOC)}?token=old`);
    expect(await (await control(server, 'tokens', { validTokens: ['demo'] })).json()).to.deep.equal(
      { closed: 1 },
    );
    expect((await c.closed).code).to.equal(4001);
    const d = await connected(`${server.wsUrl(NOC)}?token=demo`);
    // Restart answers first (202), since restarting ends this very request's connection.
    const restart = await control(server, 'restart', { downMs: 0 });
    expect(restart.status).to.equal(202);
    expect((await d.closed).code).to.equal(1006);
    // Retry as a client would until the listener is back (each attempt fails or opens at once).
    for (let attempt = 1; ; attempt += 1) {
      const again = rawClient(`${server.wsUrl(NOC)}?token=demo`);
      const outcome = await Promise.race([
        again.opened.then(() => 'open'),
        again.closed.then(() => 'closed'),
      ]);
      if (outcome === 'open') {
        await again.next('connection_established');
        again.ws.close();
        break;
      }
      expect(attempt, 'the server never came back').to.be.below(50);
    }
  });

  it('answers unknown operations, bad JSON and bad arguments with 400 and a message', async () => {
    const unknown = await control(server, 'nope');
    expect(unknown.status).to.equal(400);
    expect(((await unknown.json()) as Frame).error).to.contain("unknown control operation 'nope'");
    const badJson = await control(server, 'alert', '{oops');
    expect(((await badJson.json()) as Frame).error).to.equal('body is not valid JSON');
    const badCode = await control(server, 'close', { code: 'x' });
    expect(((await badCode.json()) as Frame).error).to.contain('code must be a number');
    expect((await fetch(server.httpUrl('/elsewhere'))).status).to.equal(404);
  });
});

describe('reference server: token endpoint and retry advice (release 0.2)', () => {
  let server: TestServer;
  beforeEach(async () => (server = await startServer({ auth: 'connect' })));
  afterEach(() => server.stop());

  const token = async () => {
    const res = await fetch(server.httpUrl('/api/token'));
    return { status: res.status, body: (await res.json()) as Frame };
  };

  it('GET /api/token issues a valid token, a stale one, or 401, as tokenEndpoint says', async () => {
    const issued = await token();
    expect(issued.status).to.equal(200);
    const fresh = String(issued.body['token']);
    const ws = await connected(`${server.wsUrl(NOC)}?token=${fresh}`); // accepted
    ws.ws.close();
    await server.setOptions({ tokenEndpoint: 'stale' });
    const stale = await token();
    expect(stale.status).to.equal(200);
    const refused = rawClient(`${server.wsUrl(NOC)}?token=${String(stale.body['token'])}`);
    await refused.next('authentication_error');
    expect((await refused.closed).code).to.equal(4001);
    await server.setOptions({ tokenEndpoint: 'refuse' });
    expect(await token()).to.deep.equal({
      status: 401,
      body: { error: 'not signed in', code: 'auth_required' },
    });
    expect(await server.tokenRequests()).to.equal(3);
  });

  it('closeAll sends 1012 and 1013 with a retry-after reason', async () => {
    const ws = await connected(`${server.wsUrl(NOC)}?token=good-token`);
    await server.closeAll(1013, 'retry-after=2', NOC);
    const closed = await ws.closed;
    expect([closed.code, closed.reason]).to.deep.equal([1013, 'retry-after=2']);
    expect((await control(server, 'closeAll', { code: 1012 })).status).to.equal(200);
  });
});
