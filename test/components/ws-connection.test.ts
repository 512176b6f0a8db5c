// <ws-connection> against the reference server: attributes → options, events, methods,
// attribute changes after insertion, bad attributes, moves and removal.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectEvents, nextEvent, until } from '../helpers/events.js';
import { connection, mount, status, unmountAll } from '../helpers/components/mount.js';
import { trackTimers } from '../helpers/components/timers.js';
import type { ConnectionStatusDetail, ErrorDetail, Message } from '../../src/types.js';

const PRESENCE = '/ws/noc/presence/';
const NOC = '/ws/noc/dashboard/';

describe('<ws-connection>', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.waitForConnections(0);
  });

  it('maps every attribute to the service options and connects, reflecting status', async () => {
    const el = connection(server.wsUrl(PRESENCE), {
      token: 'good-token',
      'reconnect-interval': 70,
      'max-reconnect-delay': 900,
      'max-reconnect-attempts': 'Infinity',
      jitter: 0.25,
      heartbeat: 'heartbeat',
      'heartbeat-interval': 5000,
      'heartbeat-timeout': 12000,
      'ready-message': 'connection_established',
      'queue-size': 7,
      'polling-url': server.httpUrl('/api/poll/noc/presence/'),
      'polling-interval': 300,
      exclusive: true,
    });
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(el, 'connectionStatus');
    mount(el);
    await status(el, 'connected');
    const o = el.socket!.options;
    expect([
      o.reconnectInterval,
      o.maxReconnectDelay,
      o.maxReconnectAttempts,
      o.jitter,
    ]).to.deep.equal([70, 900, Infinity, 0.25]);
    expect([o.heartbeat, o.heartbeatInterval, o.heartbeatTimeout, o.readyMessage]).to.deep.equal([
      'heartbeat',
      5000,
      12000,
      'connection_established',
    ]);
    expect([o.queueSize, o.pollingInterval, o.exclusive, o.auth]).to.deep.equal([
      7,
      300,
      true,
      'query',
    ]);
    expect(o.pollingUrl).to.contain('/api/poll/noc/presence/');
    expect(el.getAttribute('status')).to.equal('connected');
    expect(el.isConnected()).to.equal(true);
    expect(statuses.events.map((e) => e.detail.status)).to.include('connected');
    expect(statuses.events.every((e) => e instanceof CustomEvent && e.bubbles)).to.equal(true);
    const log = (await server.connections(PRESENCE)).log;
    expect(log.at(-1)?.token).to.equal('good-token');
  });

  it('dispatches the initial connecting and then connected, also for a later user of a shared socket', async () => {
    const el = connection(server.wsUrl(PRESENCE));
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(el, 'connectionStatus');
    const onDocument = collectEvents<CustomEvent<ConnectionStatusDetail>>(
      document,
      'connectionStatus',
    );
    mount(el);
    await status(el, 'connected');
    const seen = (events: CustomEvent<ConnectionStatusDetail>[]) =>
      events.map(({ detail: { status, previous, attempt } }) => ({ status, previous, attempt }));
    const expected = [
      { status: 'connecting', previous: 'disconnected', attempt: 0 },
      { status: 'connected', previous: 'connecting', attempt: 0 },
    ];
    expect(seen(statuses.events)).to.deep.equal(expected);
    expect(seen(onDocument.events)).to.deep.equal(expected);
    // A second connection joins the open socket: it goes from disconnected straight to connected.
    const later = connection(server.wsUrl(PRESENCE));
    const laterStatuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(
      later,
      'connectionStatus',
    );
    const joined = nextEvent(later, 'connectionStatus');
    mount(later);
    expect(later.socket).to.equal(el.socket);
    await joined;
    expect(seen(laterStatuses.events)).to.deep.equal([
      { status: 'connected', previous: 'disconnected', attempt: 0 },
    ]);
    expect(later.status).to.equal('connected');
    for (const c of [statuses, onDocument, laterStatuses]) c.stop();
  });

  it('dispatches nothing while being inserted: the status it takes on follows a microtask later', async () => {
    // Frameworks insert elements inside their commit, where a handler that sets state is refused
    // (React: "Can't perform a React state update on a component that hasn't mounted yet").
    const el = connection(server.wsUrl(PRESENCE));
    const statuses = collectEvents<CustomEvent<ConnectionStatusDetail>>(el, 'connectionStatus');
    mount(el);
    expect(el.status).to.equal('connecting');
    expect(statuses.events).to.have.length(0);
    // A status change in the same task still comes after the owed `connecting`.
    el.disconnect();
    expect(statuses.events.map((e) => e.detail.status)).to.deep.equal([
      'connecting',
      'disconnected',
    ]);
    await Promise.resolve();
    expect(statuses.events).to.have.length(2);
    statuses.stop();
    const bad = connection(server.wsUrl(PRESENCE), { jitter: 2 });
    const errors = collectEvents<CustomEvent<ErrorDetail>>(bad, 'error');
    const error = nextEvent<CustomEvent<ErrorDetail>>(bad, 'error');
    mount(bad);
    expect(errors.events).to.have.length(0);
    expect((await error).detail.kind).to.equal('config');
    errors.stop();
  });

  it('dispatches each status also as connection-status, the name Vue listens for', async () => {
    const el = connection(server.wsUrl(PRESENCE));
    const camel = collectEvents<CustomEvent<ConnectionStatusDetail>>(el, 'connectionStatus');
    const kebab = collectEvents<CustomEvent<ConnectionStatusDetail>>(document, 'connection-status');
    mount(el);
    await status(el, 'connected');
    const back = nextEvent<CustomEvent<ConnectionStatusDetail>>(
      el,
      'connection-status',
      (e) => e.detail.status === 'connected' && e.detail.previous === 'reconnecting',
    );
    await server.dropAll(PRESENCE);
    await back;
    expect(kebab.events.map((e) => e.detail)).to.deep.equal(camel.events.map((e) => e.detail));
    expect(kebab.events.map((e) => e.detail.status)).to.include.members([
      'connecting',
      'reconnecting',
      'connected',
    ]);
    expect(kebab.events.every((e) => e.bubbles && e.composed)).to.equal(true);
    camel.stop();
    kebab.stop();
  });

  it('re-dispatches message and error as CustomEvents that do not reach window', async () => {
    const el = mount(connection(server.wsUrl(PRESENCE)));
    await status(el, 'connected');
    const onWindow = collectEvents(window, 'error');
    const onWindowMessage = collectEvents(window, 'message');
    const message = nextEvent<CustomEvent<Message>>(
      el,
      'message',
      (e) => e.detail.type === 'custom',
    );
    await server.send({ type: 'custom', value: 42 }, { path: PRESENCE });
    expect((await message).detail).to.deep.include({ type: 'custom', value: 42 });
    const error = nextEvent<CustomEvent<ErrorDetail>>(el, 'error');
    await server.send('{not json', { path: PRESENCE, raw: true });
    const e = await error;
    expect(e.detail.kind).to.equal('parse');
    expect(e.bubbles).to.equal(false);
    expect(onWindow.events).to.have.length(0);
    expect(onWindowMessage.events).to.have.length(0);
    onWindow.stop();
    onWindowMessage.stop();
    expect(el.status).to.equal('connected');
  });

  it('send(), latency, disconnect() and connect() mirror the service', async () => {
    const el = mount(
      connection(server.wsUrl(PRESENCE), { heartbeat: 'heartbeat', 'heartbeat-interval': 100 }),
    );
    await status(el, 'connected');
    expect(el.send({ type: 'get_stats' })).to.equal(true);
    await server.waitForReceived('get_stats', { path: PRESENCE });
    await until(el, 'message', () => el.latency !== undefined);
    expect(el.latency).to.be.a('number').and.at.least(0);
    el.disconnect();
    expect(el.status).to.equal('disconnected');
    expect(el.isConnected()).to.equal(false);
    await server.waitForConnections(0, { path: PRESENCE });
    expect(el.send({ type: 'get_stats' })).to.equal(false);
    el.connect();
    await status(el, 'connected');
    await server.waitForReceived('get_stats', { path: PRESENCE, count: 2 });
  });

  it('with manual, connects only on connect()', async () => {
    const before = (await server.connections(PRESENCE)).accepted;
    const el = mount(connection(server.wsUrl(PRESENCE), { manual: true }));
    await el.updateComplete;
    expect(el.socket).to.not.equal(undefined);
    expect(el.status).to.equal('disconnected');
    el.connect();
    await status(el, 'connected');
    expect((await server.connections(PRESENCE)).accepted).to.equal(before + 1);
  });

  it('a url change releases the old socket and acquires a new one', async () => {
    const el = mount(connection(server.wsUrl(PRESENCE)));
    await status(el, 'connected');
    const first = el.socket;
    const ready = nextEvent(el, 'ws-connection-ready');
    el.url = server.wsUrl(NOC);
    await ready;
    expect(el.socket).to.not.equal(first);
    await status(el, 'connected');
    await server.waitForConnections(0, { path: PRESENCE });
    await server.waitForConnections(1, { path: NOC });
  });

  it('a token change takes effect through updateToken(): a refused connection recovers', async () => {
    await server.setOptions({ auth: 'connect' });
    try {
      const el = connection(server.wsUrl(PRESENCE), { token: 'bad-token' });
      const refused = nextEvent<CustomEvent<ErrorDetail>>(
        el,
        'error',
        (e) => e.detail.kind === 'auth',
      );
      mount(el);
      expect((await refused).detail.message).to.not.contain('bad-token');
      await status(el, 'failed');
      el.setAttribute('token', 'good-token');
      await status(el, 'connected');
      expect((await server.connections(PRESENCE)).log.at(-1)?.token).to.equal('good-token');
      // updateToken() is the same path, by method.
      el.updateToken('other-token');
      expect(el.token).to.equal('other-token');
    } finally {
      await server.setOptions({ auth: 'none' });
    }
  });

  it('bad attribute values give an error of kind config naming the attribute; the page keeps working', async () => {
    const cases: [Record<string, string | number>, RegExp][] = [
      [{ jitter: 2 }, /jitter/],
      [{ 'reconnect-interval': 'soon' }, /reconnect-interval/],
      [{ heartbeat: 'sometimes' }, /heartbeat/],
      [{ auth: 'magic' }, /auth/],
    ];
    for (const [attrs, pattern] of cases) {
      const el = connection(server.wsUrl(PRESENCE), attrs);
      const error = nextEvent<CustomEvent<ErrorDetail>>(el, 'error');
      mount(el);
      const { detail } = await error;
      expect(detail.kind).to.equal('config');
      expect(detail.message).to.match(pattern);
      expect(el.socket).to.equal(undefined);
      expect(el.send({ type: 'x' })).to.equal(false);
    }
    const noUrl = document.createElement('ws-connection');
    noUrl.id = 'nourl';
    const missing = nextEvent<CustomEvent<ErrorDetail>>(noUrl, 'error');
    mount(noUrl);
    expect((await missing).detail).to.deep.include({ kind: 'config' });
    expect((await missing).detail.message).to.match(/id="nourl".*url attribute is required/);
    // Setting a good url later recovers, and another connection on the page works meanwhile.
    noUrl.setAttribute('url', server.wsUrl(PRESENCE));
    await status(noUrl, 'connected');
  });

  it('a move in the DOM keeps the socket; removal closes it and leaves no timer running', async () => {
    const timers = trackTimers();
    try {
      const el = mount(
        connection(server.wsUrl(NOC), { heartbeat: 'ping', 'heartbeat-interval': 200 }),
      );
      await status(el, 'connected');
      const accepted = (await server.connections(NOC)).accepted;
      const other = mount(document.createElement('section'));
      other.append(el); // disconnected and connected again in one task
      await el.updateComplete;
      expect(el.isConnected()).to.equal(true);
      expect((await server.connections(NOC)).accepted).to.equal(accepted);
      expect(timers.pending()).to.be.greaterThan(0); // the heartbeat runs while connected
      el.remove();
      await server.waitForConnections(0, { path: NOC });
      expect(el.status).to.equal('disconnected');
      expect(timers.origins()).to.deep.equal([]);
    } finally {
      timers.uninstall();
    }
  });

  it('exclusive connections get a socket each; others with the same URL share one', async () => {
    const accepted = (await server.connections(NOC)).accepted;
    const a = mount(connection(server.wsUrl(NOC)));
    const b = mount(connection(server.wsUrl(NOC)));
    const c = mount(connection(server.wsUrl(NOC), { exclusive: true }));
    await Promise.all([status(a, 'connected'), status(c, 'connected')]);
    expect(a.socket).to.equal(b.socket);
    expect(c.socket).to.not.equal(a.socket);
    await server.waitForConnections(2, { path: NOC });
    expect((await server.connections(NOC)).accepted).to.equal(accepted + 2);
  });
});

describe('<ws-connection> token-url (CONTRACT 0.2)', () => {
  let server: TestServer;
  before(async () => (server = await startServer({ auth: 'connect' })));
  after(() => server.stop());
  afterEach(() => unmountAll());

  it('refreshes a refused token once from token-url and connects with it', async () => {
    const el = connection(server.wsUrl(PRESENCE), {
      token: 'expired',
      'token-url': server.httpUrl('/api/token'),
      'ready-message': 'connection_established',
    });
    const errors = collectEvents<CustomEvent<ErrorDetail>>(el, 'error');
    mount(el);
    await status(el, 'connected');
    expect(el.socket!.options.tokenUrl).to.equal(server.httpUrl('/api/token'));
    expect(await server.tokenRequests()).to.equal(1);
    expect(errors.events).to.have.length(0);
  });
});
