// Heartbeats in the three dialects and `none`, latency, and the dead-connection timeout that
// reconnects at once, against the reference server.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { ConnectionStatusDetail, ErrorDetail } from '../../src/types.js';
import { collectEvents, until } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { errorEvent, FAST, messageEvent, quietPeriod, reach, statusEvent } from './support.js';

const PATH = '/ws/noc/presence/';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('ReconnectingSocket: heartbeats', () => {
  let server: TestServer;
  let socket: ReconnectingSocket;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    socket?.disconnect();
    await server.stop();
  });

  it('ping: sends {type:"ping"} every interval and measures the round trip to pong', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, heartbeatInterval: 40 });
    expect(socket.latency).to.equal(undefined);
    const pong = messageEvent(socket, 'pong');
    socket.connect();
    const [first] = await server.waitForReceived('ping', { path: PATH, count: 2 });
    expect(first!.frame).to.deep.equal({ type: 'ping' });
    await pong;
    expect(socket.latency).to.be.a('number').and.at.least(0);
  });

  it('heartbeat: sends an ISO timestamp and exposes heartbeat_ack.latency_ms', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      heartbeat: 'heartbeat',
      heartbeatInterval: 40,
    });
    const ack = messageEvent(socket, 'heartbeat_ack');
    socket.connect();
    const [beat] = await server.waitForReceived('heartbeat', { path: PATH });
    expect(Object.keys(beat!.frame)).to.deep.equal(['type', 'timestamp']);
    expect(beat!.frame['timestamp']).to.match(ISO);
    const message = await ack;
    expect(socket.latency).to.equal(message['latency_ms']);
  });

  it('heartbeat: takes latency_ms as given, even when it is not the round trip', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      heartbeat: 'heartbeat',
      heartbeatInterval: 60000,
    });
    socket.connect();
    await reach(socket, 'connected');
    const ack = messageEvent(socket, 'heartbeat_ack');
    await server.send(
      { type: 'heartbeat_ack', latency_ms: 1234, uptime_seconds: 1 },
      { path: PATH },
    );
    await ack;
    expect(socket.latency).to.equal(1234);
  });

  it('action-ping: sends {action:"ping"} (the G-Code dashboard dialect)', async () => {
    socket = new ReconnectingSocket(server.wsUrl('/ws/dashboard/'), {
      ...FAST,
      heartbeat: 'action-ping',
      heartbeatInterval: 40,
    });
    const pong = messageEvent(socket, 'pong');
    socket.connect();
    const [ping] = await server.waitForReceived('ping', { path: '/ws/dashboard/' });
    expect(ping!.frame).to.deep.equal({ action: 'ping' });
    await pong;
    expect(socket.latency).to.be.a('number');
  });

  it('none: sends nothing and never times out a quiet server', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      heartbeat: 'none',
      heartbeatInterval: 20,
    });
    const errors = collectEvents(socket, 'error');
    socket.connect();
    await reach(socket, 'connected');
    await quietPeriod(ReconnectingSocket);
    expect((await server.received(PATH)).map((r) => r.frame)).to.deep.equal([]);
    expect(errors.events).to.have.length(0);
    expect(socket.isConnected()).to.equal(true);
  });

  it('counts any frame as life: a chatty server is never declared dead', async () => {
    await server.stop();
    server = await startServer({ simulate: { alertsPerSecond: 25, clientId: 'acme' } });
    const path = '/ws/noc/dashboard/';
    // No heartbeats of its own and a 600 ms timeout, far above the 40 ms between alerts: only
    // the server's alerts keep it alive, for 40 alerts (about 1.6 s, several timeouts long).
    socket = new ReconnectingSocket(server.wsUrl(path), {
      ...FAST,
      heartbeat: 'none',
      heartbeatTimeout: 600,
    });
    const errors = collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
    const count = () => alerts.length;
    const alerts: unknown[] = [];
    socket.on('alert_new', (msg) => alerts.push(msg));
    socket.connect();
    await reach(socket, 'connected');
    socket.send({ type: 'subscribe_client', client_id: 'acme' });
    await until(socket, 'message', () => count() >= 40 || errors.events.length > 0, 10000);
    expect(errors.events.map((e) => e.detail.message)).to.deep.equal([]);
    expect((await server.connections(path)).accepted).to.equal(1);
  });

  it('closes a silent connection after heartbeatTimeout and reconnects at once (kind timeout)', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      reconnectInterval: 30000,
      maxReconnectDelay: 30000,
      heartbeatInterval: 50,
      heartbeatTimeout: 200,
    });
    socket.connect();
    await reach(socket, 'connected');
    const order: string[] = [];
    socket.addEventListener('error', (e) => order.push(`error:${e.detail.kind}`));
    socket.addEventListener('connectionStatus', (e) =>
      order.push(`${e.detail.status}:${e.detail.delay ?? '-'}`),
    );
    const timeout = errorEvent(socket, 'timeout');
    await server.silence(true, PATH);
    const detail: ErrorDetail = await timeout;
    expect(detail.message).to.match(/no frame for \d+ ms/);
    // The retry was not scheduled with the 30 s backoff, nor after a closing handshake: at once,
    // announced once (issue 14: it used to be announced twice, as scheduled with 0, then begun).
    expect(order.slice(0, 2)).to.deep.equal(['error:timeout', 'reconnecting:0']);
    const connected = statusEvent(socket, 'connected');
    await server.silence(false, PATH);
    await connected;
    const twice = order.findIndex(
      (s, i) => s.startsWith('reconnecting') && order[i + 1]?.startsWith('reconnecting'),
    );
    expect(twice, order.join(' ')).to.equal(-1);
    expect((await server.connections(PATH)).accepted).to.be.at.least(2);
  });

  it('keeps retrying at once while the server stays silent, within maxReconnectAttempts', async () => {
    socket = new ReconnectingSocket(server.wsUrl(PATH), {
      ...FAST,
      heartbeatInterval: 30,
      heartbeatTimeout: 90,
      maxReconnectAttempts: 2,
    });
    socket.connect();
    await reach(socket, 'connected');
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(socket, 'connectionStatus');
    const failed = statusEvent(socket, 'failed');
    await server.silence(true, PATH);
    await failed;
    const scheduled = statuses.events
      .filter((e) => e.detail.delay !== undefined)
      .map((e) => [e.detail.attempt, e.detail.delay]);
    expect(scheduled).to.deep.equal([
      [1, 0],
      [2, 0],
    ]);
  });
});
