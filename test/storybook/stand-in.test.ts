// The in-browser stand-in that Storybook and the demo use: the core service must see through it
// exactly what it sees from the Node reference server (greeting, faults, refusals, polling).
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import { StandInServer } from '../../server/protocol/browser-stand-in.js';
import { errorEvent, FAST, messageEvent, reach, statusEvent } from '../helpers/socket.js';

const NOC = '/ws/noc/dashboard/';

describe('StandInServer: the reference server in the page', () => {
  let server: StandInServer;
  let socket: ReconnectingSocket;
  afterEach(() => {
    socket?.disconnect();
    server?.stop();
  });

  it('greets, answers ping with pong and routes NOC subscriptions and alerts', async () => {
    server = new StandInServer({ latencyMs: 5 });
    socket = new ReconnectingSocket(server.url(NOC), {
      ...FAST,
      WebSocket: server.WebSocket,
      readyMessage: 'connection_established',
    });
    socket.connect();
    await reach(socket, 'connected');
    socket.send({ type: 'ping' });
    await messageEvent(socket, 'pong');
    socket.send({ type: 'subscribe_client', client_id: 'acme' });
    await messageEvent(socket, 'subscribed');
    const arriving = messageEvent(socket, 'alert_new');
    const alert = server.alert({ severity: 'critical', title: 'Link down' });
    const msg = await arriving;
    expect(msg.alert).to.deep.equal(alert);
    expect(server.hub.received.map((r) => r.frame.type)).to.include.members([
      'ping',
      'subscribe_client',
    ]);
  });

  it('measures latency from heartbeat_ack with the simulated delay', async () => {
    server = new StandInServer({ latencyMs: 30 });
    socket = new ReconnectingSocket(server.url(NOC), {
      ...FAST,
      WebSocket: server.WebSocket,
      heartbeat: 'heartbeat',
      heartbeatInterval: 100,
    });
    socket.connect();
    await messageEvent(socket, 'heartbeat_ack');
    expect(socket.latency).to.be.a('number');
    expect(socket.latency).to.be.at.least(20);
  });

  it('dropAll() makes the client reconnect; restart() refuses until it is back', async () => {
    server = new StandInServer({ latencyMs: 5 });
    socket = new ReconnectingSocket(server.url(NOC), { ...FAST, WebSocket: server.WebSocket });
    socket.connect();
    await reach(socket, 'connected');
    server.dropAll();
    const again = await statusEvent(socket, 'reconnecting');
    expect(again?.code).to.equal(1006);
    await reach(socket, 'connected');
    server.restart(200);
    await reach(socket, 'reconnecting');
    await reach(socket, 'connected', 5000);
    expect(server.sessions(NOC)).to.have.length(1);
  });

  it('silence() leads to a heartbeat timeout and a reconnect once it ends', async () => {
    server = new StandInServer({ latencyMs: 5 });
    socket = new ReconnectingSocket(server.url(NOC), {
      ...FAST,
      WebSocket: server.WebSocket,
      heartbeatInterval: 100,
      heartbeatTimeout: 300,
    });
    socket.connect();
    await reach(socket, 'connected');
    server.silence(true);
    await errorEvent(socket, 'timeout');
    expect(socket.status).to.equal('reconnecting');
    server.silence(false);
    await reach(socket, 'connected');
  });

  it('refuses a bad token with authentication_error and 4001: status failed, kind auth', async () => {
    server = new StandInServer({ latencyMs: 5, auth: 'connect' });
    socket = new ReconnectingSocket(server.url(NOC), {
      ...FAST,
      WebSocket: server.WebSocket,
      token: 'stale-token',
    });
    const refused = errorEvent(socket, 'auth');
    socket.connect();
    await refused;
    await reach(socket, 'failed');
    socket.updateToken('good-token');
    await reach(socket, 'connected');
  });

  it('revokeTokens() closes the sockets whose token is no longer valid', async () => {
    server = new StandInServer({ latencyMs: 5, auth: 'connect' });
    socket = new ReconnectingSocket(server.url(NOC), {
      ...FAST,
      WebSocket: server.WebSocket,
      token: 'good-token',
    });
    socket.connect();
    await reach(socket, 'connected');
    expect(server.revokeTokens([])).to.equal(1);
    await errorEvent(socket, 'auth');
    expect(socket.status).to.equal('failed');
  });

  it('answers bad frames with an error frame and keeps the socket open', async () => {
    server = new StandInServer({ latencyMs: 5 });
    socket = new ReconnectingSocket(server.url(NOC), { ...FAST, WebSocket: server.WebSocket });
    socket.connect();
    await reach(socket, 'connected');
    socket.send('not json');
    const err = await errorEvent(socket, 'server');
    expect(err.message).to.contain('JSON');
    server.send('{broken', { path: NOC, raw: true });
    await errorEvent(socket, 'parse');
    expect(socket.isConnected()).to.equal(true);
  });

  it('serves the polling fallback with a cursor, as the HTTP route does', async () => {
    server = new StandInServer({ latencyMs: 5 });
    const first = await server.fetch(server.pollUrl(NOC));
    const cursor = first.headers.get('X-Poll-Cursor');
    expect(await first.json()).to.deep.equal([]);
    server.alert({ id: 'a-1' });
    const next = await server.fetch(`${server.pollUrl(NOC)}?since=${cursor}`);
    const frames = (await next.json()) as { type: string; alert: { id: string } }[];
    expect(frames.map((f) => [f.type, f.alert.id])).to.deep.equal([['alert_new', 'a-1']]);
  });

  it('takes the token of a poll from its Authorization header and refuses ?token=, as the HTTP route does', async () => {
    server = new StandInServer({ latencyMs: 5, auth: 'connect' });
    const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    expect((await server.fetch(server.pollUrl(NOC))).status).to.equal(401);
    expect((await server.fetch(server.pollUrl(NOC), bearer('bad'))).status).to.equal(401);
    expect((await server.fetch(server.pollUrl(NOC), bearer('good-token'))).status).to.equal(200);
    const inUrl = await server.fetch(`${server.pollUrl(NOC)}?token=good-token`);
    expect(inUrl.status).to.equal(400);
    expect(((await inUrl.json()) as { error: string }).error).to.contain('Authorization: Bearer');
  });

  it('gives every instance its own host, so two stand-ins never share a socket', () => {
    server = new StandInServer();
    const other = new StandInServer();
    expect(server.url(NOC)).not.to.equal(other.url(NOC));
    other.stop();
  });
});
