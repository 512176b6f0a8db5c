// <ws-status-badge>: the pure text functions, then every status as text, colour and an axe check
// against the reference server, the live countdown and the latency.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { connection, create, mount, status, unmountAll } from '../helpers/components/mount.js';
import { rendered } from '../helpers/components/dom.js';
import { BadgeHarness } from '../helpers/components/badge-harness.js';
import {
  countdownText,
  latencyText,
  statusText,
} from '../../components/ws-status-badge/status-text.js';
import type { WsConnection } from '../../components/index.js';

const PRESENCE = '/ws/noc/presence/';

describe('status badge text (pure)', () => {
  it('counts down in whole seconds, rounding up, with the attempt', () => {
    expect(countdownText(4000, 2, 10)).to.equal('Reconnecting in 4 s (2/10)');
    expect(countdownText(3200, 2, 10)).to.equal('Reconnecting in 4 s (2/10)');
    expect(countdownText(999, 1, 3)).to.equal('Reconnecting in 1 s (1/3)');
    expect(countdownText(0, 3, 10)).to.equal('Reconnecting… (3/10)');
    expect(countdownText(undefined, 3, 10)).to.equal('Reconnecting… (3/10)');
    expect(countdownText(12000, 7, Infinity)).to.equal('Reconnecting in 12 s (7)');
  });

  it('labels every status and formats latency', () => {
    const base = { attempt: 0, maxAttempts: 10, now: 1000 };
    expect(statusText({ ...base, status: 'connecting' })).to.equal('Connecting…');
    expect(statusText({ ...base, status: 'connected' })).to.equal('Connected');
    expect(statusText({ ...base, status: 'disconnected' })).to.equal('Disconnected');
    expect(statusText({ ...base, status: 'failed' })).to.equal('Connection failed');
    expect(statusText({ ...base, status: 'polling' })).to.equal('Polling (fallback)');
    expect(statusText({ ...base, status: 'reconnecting', attempt: 2, nextRetryAt: 5000 })).to.equal(
      'Reconnecting in 4 s (2/10)',
    );
    expect(latencyText(undefined)).to.equal('');
    expect(latencyText(23.4)).to.equal('23 ms');
  });
});

describe('<ws-status-badge>', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.waitForConnections(0);
  });

  function setup(attrs: Record<string, string | number | boolean> = {}): {
    conn: WsConnection;
    badge: BadgeHarness;
  } {
    const badge = create('ws-status-badge');
    const conn = mount(connection(server.wsUrl(PRESENCE), attrs, badge));
    return { conn, badge: new BadgeHarness(badge) };
  }

  it('shows every status as text and its own colour, reflects it, and passes axe in each', async () => {
    const colours = new Map<string, string>();
    const check = async (h: BadgeHarness, wanted: string, text: RegExp) => {
      await rendered(
        `${wanted}: ${text}`,
        () => h.status === wanted && text.test(h.label),
        () => [h.status, h.label],
      );
      colours.set(wanted, h.colour); // read at once: `connecting` does not last
      expect(h.el.getAttribute('role')).to.equal('status');
      await expect(h.el).to.be.accessible();
    };
    const a = setup({
      'reconnect-interval': 4000,
      'max-reconnect-delay': 10_000,
      'max-reconnect-attempts': 10,
    });
    await a.conn.updateComplete;
    await check(a.badge, 'connecting', /^Connecting…$/);
    await check(a.badge, 'connected', /^Connected$/);
    await server.dropAll(PRESENCE);
    await check(a.badge, 'reconnecting', /^Reconnecting in 4 s \(1\/10\)$/);
    a.conn.disconnect();
    await check(a.badge, 'disconnected', /^Disconnected$/);
    a.conn.remove();

    // exclusive: not the socket `a` gave up in this same task (a lease outlives removal by a microtask).
    const b = setup({ 'max-reconnect-attempts': 0, exclusive: true });
    await status(b.conn, 'connected');
    await server.dropAll(PRESENCE);
    await check(b.badge, 'failed', /^Connection failed$/);
    b.conn.remove();

    const c = setup({
      exclusive: true,
      'max-reconnect-attempts': 0,
      'polling-url': server.httpUrl('/api/poll/noc/presence/'),
      'polling-interval': 100,
    });
    await status(c.conn, 'connected');
    await server.dropAll(PRESENCE);
    await check(c.badge, 'polling', /^Polling/);

    expect(colours.size).to.equal(6);
    expect(new Set(colours.values()).size, JSON.stringify([...colours])).to.equal(6);
  });

  it('counts the seconds down while a retry waits', async () => {
    const { conn, badge } = setup({ 'reconnect-interval': 2500, 'max-reconnect-delay': 10_000 });
    await status(conn, 'connected');
    await server.dropAll(PRESENCE);
    await rendered(
      '3 s',
      () => badge.label === 'Reconnecting in 3 s (1/10)',
      () => badge.label,
    );
    await rendered(
      '2 s',
      () => badge.label === 'Reconnecting in 2 s (1/10)',
      () => badge.label,
    );
    await rendered(
      '1 s',
      () => badge.label === 'Reconnecting in 1 s (1/10)',
      () => badge.label,
    );
    await status(conn, 'connected');
    await rendered('connected', () => badge.label === 'Connected');
  });

  it('shows the latency once a heartbeat was answered', async () => {
    const { conn, badge } = setup({ heartbeat: 'heartbeat', 'heartbeat-interval': 100 });
    await status(conn, 'connected');
    expect(badge.latency).to.equal('');
    await rendered('latency', () => /^\d+ ms$/.test(badge.latency));
    expect(conn.latency).to.be.a('number');
    await expect(badge.el).to.be.accessible();
  });

  it('reads "Disconnected" when it has no connection at all', async () => {
    const badge = mount(create('ws-status-badge', { for: 'nothing-here' }));
    await badge.updateComplete;
    expect(new BadgeHarness(badge).label).to.equal('Disconnected');
    await expect(badge).to.be.accessible();
  });
});
