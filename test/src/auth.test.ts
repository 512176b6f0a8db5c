// Authentication by query string, first message and cookie; updateToken(); and the rule that the
// token never shows in a log line, an error, an event detail or the socket's URL.
import { expect } from '@open-wc/testing';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';
import type { ConnectionStatusDetail, ErrorDetail } from '../../src/types.js';
import { collectEvents, nextEvent } from '../helpers/events.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { errorEvent, FAST, messageEvent, quietPeriod, reach } from './support.js';

const PATH = '/ws/noc/presence/';
const GOOD = 'good-token';

describe('ReconnectingSocket: authentication', () => {
  let server: TestServer;
  let socket: ReconnectingSocket;
  afterEach(async () => {
    socket?.disconnect();
    await server?.stop();
  });

  describe('query', () => {
    beforeEach(async () => {
      server = await startServer({ auth: 'connect' });
    });

    it('adds ?token= to the request, never to socket.url', async () => {
      socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, token: GOOD });
      socket.connect();
      await reach(socket, 'connected');
      expect(socket.url).to.equal(server.wsUrl(PATH));
      const { log } = await server.connections(PATH);
      expect(log.map((l) => l.token)).to.deep.equal([GOOD]);
    });

    it('takes a token written into the URL as the credential, and hides it', async () => {
      socket = new ReconnectingSocket(`${server.wsUrl(PATH)}?token=${GOOD}`, FAST);
      socket.connect();
      await reach(socket, 'connected');
      expect(socket.url).not.to.contain(GOOD);
      expect((await server.connections(PATH)).log[0]!.token).to.equal(GOOD);
    });

    it('refuses an expired token once: auth error, failed, no loop; updateToken() reconnects', async () => {
      socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, token: 'expired' });
      const errors = collectEvents<CustomEvent<ErrorDetail>>(socket, 'error');
      socket.connect();
      await reach(socket, 'failed');
      await quietPeriod(ReconnectingSocket);
      // authentication_error arrives first; the close 4001 that follows changes nothing.
      expect(errors.events.map((e) => e.detail.kind)).to.deep.equal(['auth']);
      expect(errors.events[0]!.detail.message).to.contain('authentication_error');
      expect((await server.connections(PATH)).accepted).to.equal(1);
      expect(socket.status).to.equal('failed');
      socket.updateToken(GOOD);
      await reach(socket, 'connected');
      expect((await server.connections(PATH)).log.map((l) => l.token)).to.deep.equal([
        'expired',
        GOOD,
      ]);
    });

    it('uses an updated token on the next attempt after a drop', async () => {
      socket = new ReconnectingSocket(server.wsUrl(PATH), { ...FAST, token: GOOD });
      socket.connect();
      await reach(socket, 'connected');
      await server.setOptions({ validTokens: [GOOD, 'fresh'] });
      socket.updateToken('fresh');
      expect(socket.status).to.equal('connected'); // no reconnect while the old one works
      const back = messageEvent(socket, 'connection_established');
      await server.dropAll(PATH);
      await back;
      expect((await server.connections(PATH)).log.map((l) => l.token)).to.deep.equal([
        GOOD,
        'fresh',
      ]);
      expect(() => socket.updateToken(5 as never)).to.throw(TypeError);
    });
  });

  describe('first message', () => {
    beforeEach(async () => {
      server = await startServer({ auth: 'message' });
    });

    it('sends {type:"auth", token} first, turns connected on auth_success, then flushes', async () => {
      socket = new ReconnectingSocket(server.wsUrl(PATH), {
        ...FAST,
        auth: 'message',
        token: GOOD,
        readyMessage: 'connection_established',
      });
      const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(
        socket,
        'connectionStatus',
      );
      const serverErrors = collectEvents(socket, 'error');
      expect(socket.send({ type: 'get_stats' })).to.equal(false);
      expect(socket.send({ type: 'get_stats', n: 2 })).to.equal(false);
      const stats = messageEvent(socket, 'stats');
      socket.connect();
      await reach(socket, 'connected');
      await server.waitForReceived('get_stats', { path: PATH, count: 2 });
      const frames = (await server.received(PATH)).map((r) => r.frame);
      expect(frames.map((f) => f['type'])).to.deep.equal(['auth', 'get_stats', 'get_stats']);
      expect(frames[0]).to.deep.equal({ type: 'auth', token: GOOD });
      expect(frames[2]).to.deep.equal({ type: 'get_stats', n: 2 });
      await stats;
      // Nothing went out before authentication (the server would have said auth_required).
      expect(serverErrors.events).to.have.length(0);
      expect(statuses.events.map((e) => e.detail.status)).to.deep.equal([
        'connecting',
        'connected',
      ]);
      expect(socket.url).not.to.contain(GOOD);
    });

    it('auth_failed fails without sending the queued frames and without a retry', async () => {
      socket = new ReconnectingSocket(server.wsUrl(PATH), {
        ...FAST,
        auth: 'message',
        token: 'wrong',
      });
      socket.send({ type: 'get_stats' });
      const auth = errorEvent(socket, 'auth');
      socket.connect();
      expect((await auth).message).to.contain('auth_failed');
      expect(socket.status).to.equal('failed');
      await quietPeriod(ReconnectingSocket);
      const frames = (await server.received(PATH)).map((r) => r.frame['type']);
      expect(frames).to.deep.equal(['auth']);
      expect((await server.connections(PATH)).accepted).to.equal(1);
      socket.updateToken(GOOD);
      await reach(socket, 'connected');
      await server.waitForReceived('get_stats', { path: PATH });
    });
  });

  describe('cookie', () => {
    beforeEach(async () => {
      server = await startServer({ auth: 'connect' });
      document.cookie = `ws_token=${GOOD}; path=/`;
    });
    afterEach(() => {
      document.cookie = 'ws_token=; path=/; max-age=0';
    });

    it('adds nothing: the browser sends the cookie', async () => {
      // A token given to the socket would win over the cookie if it went into the query string.
      socket = new ReconnectingSocket(server.wsUrl(PATH, location.hostname), {
        ...FAST,
        auth: 'cookie',
        token: 'not-for-the-wire',
        heartbeatInterval: 30,
      });
      socket.connect();
      await reach(socket, 'connected');
      const { log } = await server.connections(PATH);
      expect(log).to.have.length(1);
      expect(log[0]).to.include({ hasCookie: true, token: GOOD });
      await server.waitForReceived('ping', { path: PATH });
      const types = (await server.received(PATH)).map((r) => r.frame['type']);
      expect(types).not.to.include('auth');
    });
  });

  describe('the token never leaks', () => {
    const SECRET = 'tok-SECRET-9c1f';

    it('appears in no log line, error, event detail, URL or serialised socket', async () => {
      server = await startServer({ auth: 'connect' });
      const logged: string[] = [];
      const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
      const saved = methods.map((m) => console[m]);
      methods.forEach((m) => {
        console[m] = (...args: unknown[]) => {
          logged.push(
            args
              .map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a))))
              .join(' '),
          );
        };
      });
      const details: unknown[] = [];
      try {
        socket = new ReconnectingSocket(server.wsUrl(PATH), {
          ...FAST,
          token: SECRET,
          maxReconnectAttempts: 1,
        });
        for (const type of ['connectionStatus', 'error', 'message']) {
          socket.addEventListener(type, (e) => details.push((e as CustomEvent).detail));
        }
        socket.connect();
        await reach(socket, 'failed');
        // A message that echoes the token back must not carry it into an error either.
        socket.updateToken(GOOD);
        await reach(socket, 'connected');
        socket.updateToken(SECRET);
        const echoed = errorEvent(socket, 'server');
        await server.send(
          { type: 'error', message: `bad token ${SECRET}`, code: 'x' },
          { path: PATH },
        );
        await echoed;
        socket.updateToken(GOOD);
        const back = nextEvent<CustomEvent<ConnectionStatusDetail>>(
          socket,
          'connectionStatus',
          (e) => e.detail.status === 'connected',
        );
        await server.closeAll(4000, `bye ${GOOD}`);
        await back;
        const message = new ReconnectingSocket(server.wsUrl(PATH), {
          ...FAST,
          auth: 'message',
          token: SECRET,
        });
        message.connect();
        await reach(message, 'connected').catch(() => undefined);
        message.disconnect();
      } finally {
        methods.forEach((m, i) => (console[m] = saved[i]!));
      }
      const visible = [
        ...logged,
        ...details
          .filter((d) => (d as { type?: string }).type !== 'error')
          .map((d) => JSON.stringify(d)),
        JSON.stringify(socket),
        socket.url,
        JSON.stringify(socket.options),
      ].join('\n');
      const errors = details
        .filter((d) => (d as ErrorDetail).kind !== undefined)
        .map((d) => JSON.stringify(d))
        .join('\n');
      expect(errors).to.contain('***');
      expect(visible).not.to.contain(SECRET);
      expect(errors).not.to.contain(SECRET);
      expect(details.map((d) => JSON.stringify(d)).join('\n')).not.to.contain(GOOD);
    });
  });
});
