// How widgets find their connection: context, `for` anywhere in the document, late connections,
// one shared socket for many widgets, and who closes the socket.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { nextEvent } from '../helpers/events.js';
import {
  connection,
  create,
  mount,
  status,
  unmountAll,
  FAST,
} from '../helpers/components/mount.js';
import { parse, rendered } from '../helpers/components/dom.js';
import { BadgeHarness } from '../helpers/components/badge-harness.js';
import { ToastHarness } from '../helpers/components/toast-harness.js';
import { trackTimers } from '../helpers/components/timers.js';
import type { WsConnection, WsStatusBadge, WsToast } from '../../components/index.js';
import { ContextProvider } from '@lit/context';
import { LitElement } from 'lit';
import { socketContext } from '../../components/internal/context.js';
import { ReconnectingSocket } from '../../src/reconnecting-socket.js';

const NOC = '/ws/noc/dashboard/';

describe('widgets and their connection', () => {
  let server: TestServer;
  let cleanup: (() => void)[] = [];
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    cleanup.forEach((f) => f());
    cleanup = [];
    await unmountAll();
    await server.waitForConnections(0);
    await server.forget(); // a new feed's first subscription gets a snapshot of what is left
  });

  const attrs = Object.entries(FAST)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');

  it('three widgets (by for and by context) and two connections share one socket', async () => {
    const before = (await server.connections(NOC)).accepted;
    const page = parse(`
      <nav><ws-status-badge for="noc"></ws-status-badge></nav>
      <main>
        <ws-connection id="noc" url="${server.wsUrl(NOC)}" ${attrs}>
          <noc-alert-feed client-id="acme"></noc-alert-feed>
          <ws-toast style="--ws-toast-position: static"></ws-toast>
        </ws-connection>
      </main>
      <aside><ws-connection url="${server.wsUrl(NOC)}" ${attrs}><ws-status-badge></ws-status-badge></ws-connection></aside>`);
    cleanup.push(page.remove);
    const [a, b] = page.container.querySelectorAll('ws-connection');
    await status(a!, 'connected');
    expect(a!.socket).to.equal(b!.socket);
    const badges = [...page.container.querySelectorAll('ws-status-badge')].map(
      (el) => new BadgeHarness(el),
    );
    await rendered('both badges connected', () => badges.every((h) => h.label === 'Connected'));
    await server.waitForReceived('subscribe_client', { path: NOC });
    // The toast is bound too: it announces the drop.
    const toast = new ToastHarness(page.container.querySelector('ws-toast')!);
    await server.dropAll(NOC);
    await rendered('lost toast', () => toast.messages.some((m) => m.startsWith('Connection lost')));
    await status(a!, 'connected');
    const { accepted, open } = await server.connections(NOC);
    expect(open).to.equal(1);
    expect(accepted).to.equal(before + 2); // the first socket and its one reconnect, nothing more
  });

  it('a widget parsed before its <ws-connection> binds when the connection appears', async () => {
    const page = parse(`
      <ws-status-badge for="late"></ws-status-badge>
      <ws-connection id="late" url="${server.wsUrl(NOC)}" ${attrs}></ws-connection>`);
    cleanup.push(page.remove);
    const badge = new BadgeHarness(page.container.querySelector('ws-status-badge')!);
    await rendered('badge connected', () => badge.label === 'Connected');
    expect(badge.status).to.equal('connected');
  });

  it('a widget inserted long before its connection binds when the connection is inserted', async () => {
    const badge = mount(create('ws-status-badge', { for: 'later' }));
    await badge.updateComplete;
    const h = new BadgeHarness(badge);
    expect(h.label).to.equal('Disconnected');
    await server.waitForConnections(0, { path: NOC });
    const conn = connection(server.wsUrl(NOC), { id: 'later' });
    mount(conn);
    await rendered('badge connected', () => h.label === 'Connected');
  });

  it('a widget inside a connection that is built before insertion gets it through context', async () => {
    const badge = create('ws-status-badge');
    const conn = connection(server.wsUrl(NOC), {}, badge);
    mount(conn);
    await status(conn, 'connected');
    await rendered('badge connected', () => new BadgeHarness(badge).label === 'Connected');
  });

  it('a for change moves the widget to the other connection', async () => {
    const one = mount(connection(server.wsUrl(NOC), { id: 'one' }));
    const two = mount(connection(server.wsUrl('/ws/noc/presence/'), { id: 'two', manual: true }));
    const badge = mount(create('ws-status-badge', { for: 'one' }));
    await status(one, 'connected');
    const h = new BadgeHarness(badge);
    await rendered('connected', () => h.label === 'Connected');
    badge.setAttribute('for', 'two');
    await rendered('now follows the manual one', () => h.label === 'Disconnected');
    two.connect();
    await rendered('connected again', () => h.label === 'Connected');
  });

  it('removing widgets never closes the socket; removing the connection does, and stops every timer', async () => {
    const timers = trackTimers();
    try {
      const badge = create('ws-status-badge') as WsStatusBadge;
      const toast = create('ws-toast') as WsToast;
      const conn: WsConnection = mount(
        connection(
          server.wsUrl(NOC),
          { 'reconnect-interval': 3000, 'max-reconnect-delay': 10_000 },
          badge,
          toast,
        ),
      );
      await status(conn, 'connected');
      badge.remove();
      toast.remove();
      await Promise.resolve();
      await Promise.resolve();
      expect((await server.connections(NOC)).open).to.equal(1);
      expect(conn.isConnected()).to.equal(true);
      // Put a badge back and make it count down, so that there is a widget timer to stop too.
      conn.append(badge);
      const waiting = nextEvent(
        conn,
        'connectionStatus',
        (e) => (e as CustomEvent).detail.delay !== undefined,
      );
      await server.dropAll(NOC);
      await waiting;
      await rendered('countdown', () => /Reconnecting in \d s/.test(new BadgeHarness(badge).label));
      conn.remove();
      await server.waitForConnections(0, { path: NOC });
      expect(timers.origins()).to.deep.equal([]);
    } finally {
      timers.uninstall();
    }
  });

  it('a widget inside a provider upgraded after it binds through context (one way: no DOM walk)', async () => {
    // A provider whose tag is defined only after the widget inside it asked: as a
    // <ws-connection> of another copy of the kit, or one whose script comes later.
    const tag = `late-provider-${Math.random().toString(36).slice(2)}`;
    const outer = mount(document.createElement(tag));
    const badge = create('ws-status-badge') as WsStatusBadge;
    outer.append(badge);
    await badge.updateComplete;
    expect(new BadgeHarness(badge).label).to.equal('Disconnected');
    const socket = new ReconnectingSocket(server.wsUrl(NOC), { reconnectInterval: 50 });
    cleanup.push(() => socket.disconnect());
    customElements.define(
      tag,
      class extends LitElement {
        provider = new ContextProvider(this, { context: socketContext, initialValue: socket });
      },
    );
    socket.connect();
    await rendered('badge connected', () => new BadgeHarness(badge).label === 'Connected');
  });

  it('<ws-connection> re-dispatches message only while it has message listeners of its own', async () => {
    type Echo = { type: string; n?: number };
    const seen: unknown[] = [];
    const spy = (e: Event) => seen.push((e as CustomEvent<Echo>).detail.n);
    // A capture listener on the document sees every event dispatched on the element.
    document.addEventListener('message', spy, true);
    cleanup.push(() => document.removeEventListener('message', spy, true));
    const conn = mount(connection(server.wsUrl('/ws/mobile/sync/'), {}));
    await status(conn, 'connected');
    const echoed = (n: number) =>
      new Promise<void>((resolve) => {
        const off = conn.socket!.on('echo', (m) => {
          if (m['n'] !== n) return;
          off();
          resolve();
        });
      });
    let back = echoed(1);
    conn.send({ type: 'echo', n: 1 });
    await back;
    const own = (e: Event) => seen.push(`own ${String((e as CustomEvent<Echo>).detail.n)}`);
    conn.addEventListener('message', own);
    back = echoed(2);
    conn.send({ type: 'echo', n: 2 });
    await back;
    conn.removeEventListener('message', own);
    back = echoed(3);
    conn.send({ type: 'echo', n: 3 });
    await back;
    // Only the echo sent while the element had a listener was dispatched on it.
    expect(seen.filter((n) => n !== undefined)).to.deep.equal([2, 'own 2']);
  });
});
