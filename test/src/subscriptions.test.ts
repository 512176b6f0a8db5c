// `subscribe(frame)` (CONTRACT 0.2 "Subscriptions come first"), against the reference server:
// the frame goes out on every connect after authentication and the ready message, and before
// anything queued while offline; its unsubscribe function stops that.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import { startServer, type Received, type TestServer } from '../helpers/server.js';
import { FAST, messageEvent, reach, statusEvent } from './support.js';

const NOC = '/ws/noc/dashboard/';

/** What the server received on one connection, as `type` (or `action`) names. */
const names = (frames: Received[], connection: number) =>
  frames
    .filter((r) => r.connection === connection)
    .map((r) => String(r.frame['type'] ?? r.frame['action']));

describe('ReconnectingSocket: subscribe()', () => {
  let server: TestServer;
  let socket: ReconnectingSocket;
  afterEach(async () => {
    socket?.disconnect();
    await server.stop();
  });

  it('sends after auth and the ready message, before the outbox, on every connect', async () => {
    server = await startServer({ auth: 'message' });
    socket = new ReconnectingSocket(server.wsUrl(NOC), {
      ...FAST,
      auth: 'message',
      token: 'good-token',
      readyMessage: 'connected', // the NOC greeting, sent once authenticated
      maxReconnectAttempts: Infinity,
    });
    socket.subscribe({ type: 'subscribe_client', client_id: 'acme' });
    socket.send({ type: 'acknowledge_alert', alert_id: 'queued-1' });
    socket.connect();
    await reach(socket, 'connected');
    await server.waitForReceived('acknowledge_alert', { path: NOC });
    expect(names(await server.received(NOC), 1)).to.deep.equal([
      'auth',
      'subscribe_client',
      'acknowledge_alert',
    ]);

    // Offline: the queued frame waits; on the way back the subscription is sent first again.
    await server.refuse(60_000);
    const down = statusEvent(socket, 'reconnecting');
    await server.dropAll(NOC);
    await down;
    expect(socket.send({ type: 'acknowledge_alert', alert_id: 'queued-2' })).to.equal(false);
    await server.refuse(0);
    await server.waitForReceived('acknowledge_alert', { path: NOC, count: 2 });
    const second = Math.max(...(await server.received(NOC)).map((r) => r.connection));
    expect(names(await server.received(NOC), second)).to.deep.equal([
      'auth',
      'subscribe_client',
      'acknowledge_alert',
    ]);
  });

  it('sends at once when connected; a function is asked each time; off() stops it', async () => {
    server = await startServer();
    socket = new ReconnectingSocket(server.wsUrl(NOC), FAST);
    socket.connect();
    await reach(socket, 'connected');
    let client: string | undefined = 'acme';
    const off = socket.subscribe(() =>
      client ? { type: 'subscribe_client', client_id: client } : undefined,
    );
    expect((await messageEvent(socket, 'subscribed'))['client_id']).to.equal('acme');
    client = 'globex';
    const again = messageEvent(socket, 'subscribed');
    await server.dropAll(NOC);
    expect((await again)['client_id']).to.equal('globex');

    client = undefined; // nothing to send this time
    const plain = socket.subscribe('{"type":"subscribe_client","client_id":"initech"}');
    let back = messageEvent(socket, 'subscribed');
    await server.dropAll(NOC);
    expect((await back)['client_id']).to.equal('initech');
    off();
    off(); // twice is fine
    plain();
    client = 'acme';
    back = messageEvent(socket, 'connected');
    await server.dropAll(NOC);
    await back;
    await reach(socket, 'connected');
    socket.send({ type: 'ping' });
    await messageEvent(socket, 'pong');
    const last = Math.max(...(await server.received(NOC)).map((r) => r.connection));
    expect(names(await server.received(NOC), last)).to.deep.equal(['ping']);
    expect(() => socket.subscribe(5 as never)).to.throw(TypeError);
  });
});
