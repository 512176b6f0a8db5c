// <noc-alert-feed group-by> against the reference server: one row per key with its count, newest
// text and worst severity; Acknowledge for a whole group (pending until every answer, which failed
// if some did); expanding a row; max-items capping groups; regrouping when the list is rebuilt.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectEvents, nextEvent, until } from '../helpers/events.js';
import { unmountAll } from '../helpers/components/mount.js';
import { rendered, shadow } from '../helpers/components/dom.js';
import { mountFeed } from '../helpers/components/feed-harness.js';
import type { AlertAcknowledgedDetail, AlertNewDetail } from '../../components/index.js';
import type { Message } from '../../src/types.js';

const NOC = '/ws/noc/dashboard/';
const at = (s: number) => new Date(Date.UTC(2026, 10, 30, 9, 0, s)).toISOString();

describe('<noc-alert-feed group-by>', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.setOptions({ ackMode: 'normal' });
    await server.waitForConnections(0);
    await server.forget(); // a new feed's first subscription gets a snapshot of what is left
  });

  it('shows one row per source: its count, the newest text and time, the worst severity', async () => {
    const { feed, h } = await mountFeed(server, { 'group-by': 'source' });
    await server.alert({
      source: 'core-1',
      severity: 'critical',
      title: 'Core down',
      created_at: at(1),
    });
    await server.alert({
      source: 'edge-2',
      severity: 'info',
      title: 'Edge note',
      created_at: at(2),
    });
    await server.alert({
      source: 'core-1',
      severity: 'minor',
      title: 'Core flapping',
      created_at: at(3),
    });
    await rendered(
      'two groups',
      () => h.alerts.length === 2 && h.alerts[0]!.count === 2,
      () => h.alerts.map((a) => [a.title, a.count]),
    );
    const [core, edge] = h.alerts;
    expect(core!.el.getAttribute('part')).to.equal('alert');
    expect([core!.title, core!.severity, core!.severityText, core!.count]).to.deep.equal([
      'Core flapping',
      'critical',
      'critical',
      2,
    ]);
    expect(core!.el.querySelector('time')!.getAttribute('datetime')).to.equal(at(3));
    expect([edge!.title, edge!.count, edge!.expand]).to.deep.equal(['Edge note', 1, null]);
    expect(core!.button.getAttribute('aria-label')).to.equal('Acknowledge 2 alerts: Core flapping');
    expect(h.countText).to.equal('3 unacknowledged');
    await expect(feed).to.be.accessible();

    // The row expands (keyboard) to list its alerts, newest first, and collapses again.
    const expand = core!.expand!;
    expect(expand.getAttribute('aria-expanded')).to.equal('false');
    expand.focus();
    await sendKeys({ press: 'Enter' });
    await feed.updateComplete;
    expect(h.alerts[0]!.expand!.getAttribute('aria-expanded')).to.equal('true');
    expect(h.alerts[0]!.members.map((m) => [m.title, m.severity])).to.deep.equal([
      ['Core flapping', 'minor'],
      ['Core down', 'critical'],
    ]);
    await expect(feed).to.be.accessible();
    await sendKeys({ press: 'Space' });
    await feed.updateComplete;
    expect(h.alerts[0]!.members).to.have.length(0);
    expect(shadow(feed).activeElement).to.equal(h.alerts[0]!.expand);
  });

  it("a row's Acknowledge sends one frame per unacknowledged alert, pending until all are confirmed", async () => {
    const a = await mountFeed(server, { 'group-by': 'source' }, { exclusive: true });
    const b = await mountFeed(server, {}, { exclusive: true });
    const ids = ['db-1', 'db-2', 'db-3'];
    for (const id of ids) await server.alert({ id, source: 'db-primary', title: `Disk ${id}` });
    await rendered('one group of three', () => a.h.alerts[0]?.count === 3);
    await rendered('three on b', () => b.h.alerts.length === 3);
    // One is acknowledged already (by the other client): the row sends for the two others only.
    const first = nextEvent<CustomEvent<AlertAcknowledgedDetail>>(a.feed, 'alert-acknowledged');
    b.feed.acknowledge('db-1');
    await first;
    const before = (await server.received(NOC)).filter((r) => r.frame.type === 'acknowledge_alert');
    await server.setOptions({ ackMode: 'ignore' });
    a.h.alerts[0]!.button.click();
    const sent = await server.waitForReceived('acknowledge_alert', {
      path: NOC,
      count: before.length + 2,
    });
    expect(sent.slice(before.length).map((r) => r.frame.alert_id)).to.have.members([
      'db-2',
      'db-3',
    ]);
    await a.feed.updateComplete;
    expect(a.h.alerts[0]!.state).to.equal('pending');
    expect(a.h.alerts[0]!.el.getAttribute('aria-busy')).to.equal('true');
    expect(a.h.alerts[0]!.button.getAttribute('aria-disabled')).to.equal('true');
    await expect(a.feed).to.be.accessible();
    // The server confirms one of the two: still pending. Then the other: acknowledged.
    await server.setOptions({ ackMode: 'normal' });
    const second = nextEvent(a.feed, 'alert-acknowledged');
    b.feed.acknowledge('db-2');
    await second;
    await a.feed.updateComplete;
    expect(a.h.alerts[0]!.state).to.equal('pending');
    const third = nextEvent(a.feed, 'alert-acknowledged');
    b.feed.acknowledge('db-3');
    await third;
    await a.feed.updateComplete;
    expect(a.h.alerts[0]!.state).to.equal('acknowledged');
    expect(a.h.alerts[0]!.ackStatus).to.equal('Acknowledged by anonymous');
    expect(a.h.countText).to.equal('0 unacknowledged');
    await expect(a.feed).to.be.accessible();
  });

  it("says a row's acknowledgements together, not one message per alert", async () => {
    const { feed, h } = await mountFeed(server, { 'group-by': 'source' });
    await server.alerts(12, { source: 'noisy-1', severity: 'minor' });
    await rendered('one group of twelve', () => h.alerts[0]?.count === 12);
    const region = shadow(feed).querySelector('[aria-live]:not([part])')!;
    const said: string[] = [];
    const observer = new MutationObserver(() => said.push(h.feedback));
    observer.observe(region, { childList: true, characterData: true, subtree: true });
    h.alerts[0]!.button.click();
    await rendered(
      'acknowledged',
      () => h.alerts[0]!.state === 'acknowledged' && said.length > 0,
      () => said,
    );
    observer.disconnect();
    // Twelve answers in a few frames: a few messages ("12 alerts acknowledged"), not twelve.
    expect(said.length, said.join(' | ')).to.be.below(6);
    expect(said.at(-1)).to.match(/^(\d+ alerts acknowledged|Acknowledged: Alert \d+)$/);
  });

  it('shows which alerts of a row failed when some did', async () => {
    const { feed, h } = await mountFeed(server, { 'group-by': 'source' });
    await server.alert({ id: 'known-1', source: 'lb-west', title: 'Known to the server' });
    // An alert the server never raised: acknowledging it is refused (error unknown_alert).
    await server.send(
      {
        type: 'alert_new',
        alert: {
          id: 'ghost-1',
          client_id: 'acme',
          severity: 'major',
          title: 'Ghost alert',
          message: '',
          source: 'lb-west',
          created_at: new Date().toISOString(),
        },
      },
      { path: NOC },
    );
    await rendered('one group of two', () => h.alerts[0]?.count === 2);
    h.alerts[0]!.button.click();
    await rendered(
      'the failure',
      () => h.alerts[0]!.state === 'failed',
      () => h.alerts.map((x) => x.state),
    );
    const row = h.alerts[0]!;
    expect(row.ackError).to.equal('Acknowledgement failed for 1 of 2: Ghost alert (ghost-1)');
    expect(row.button.textContent!.trim()).to.equal('Retry');
    await expect(feed).to.be.accessible();
    row.expand!.click();
    await feed.updateComplete;
    const members = h.alerts[0]!.members;
    expect(members.map((m) => [m.title, m.state])).to.deep.equal([
      ['Ghost alert', 'failed'],
      ['Known to the server', 'acknowledged'],
    ]);
    expect(members[0]!.ackError).to.match(/^Acknowledgement failed: no alert with id ghost-1/);
    await expect(feed).to.be.accessible();
  });

  it('max-items caps the groups kept; each group counts all of its alerts', async () => {
    const { feed, h } = await mountFeed(server, { 'group-by': 'source', 'max-items': 2 });
    const rows = () => h.alerts.map((a) => `${a.title} ×${a.count}`);
    const events = collectEvents<CustomEvent<AlertNewDetail>>(feed, 'alert-new');
    const step = async (count: number, source: string, want: string[]) => {
      const total = events.events.length + count;
      await server.alerts(count, { source, title: `Newest of ${source}` });
      await until(feed, 'alert-new', () => events.events.length === total);
      await rendered(want.join(), () => rows().join() === want.join(), rows);
    };
    await step(3, 's1', ['Newest of s1 ×3']);
    await step(2, 's2', ['Newest of s2 ×2', 'Newest of s1 ×3']);
    await step(200, 's1', ['Newest of s1 ×203', 'Newest of s2 ×2']);
    // A third source: the group whose newest alert is oldest (s2) leaves.
    await step(1, 's3', ['Newest of s3 ×1', 'Newest of s1 ×203']);
    expect(feed.alerts.map((e) => e.alert.source)).to.not.include('s2');
    expect(feed.alerts).to.have.length(204);
    expect(h.countText).to.equal('206 unacknowledged'); // every alert received still counts
  });

  it('regroups whenever the list is rebuilt or group-by changes', async () => {
    const { conn, feed, h } = await mountFeed(server, { 'group-by': 'source' });
    await server.alert({ source: 'a', severity: 'major' });
    await server.alert({ source: 'b', severity: 'major' });
    await server.alert({ source: 'a', severity: 'info' });
    await rendered('two groups', () => h.alerts.map((a) => a.count).join() === '2,1');
    // The same list by another field.
    feed.groupBy = 'severity';
    await feed.updateComplete;
    expect(h.alerts.map((a) => [a.severity, a.count])).to.deep.equal([
      ['info', 1],
      ['major', 2],
    ]);
    feed.groupBy = 'source';
    await feed.updateComplete;
    h.alerts[0]!.expand!.click(); // source a, open
    await feed.updateComplete;
    expect(h.alerts[0]!.members).to.have.length(2);
    // A list rebuilt from nothing (a new client: the feed starts over from the server's alerts).
    const subscribed = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.client_id === 'initech',
    );
    feed.clientId = 'initech';
    await subscribed;
    expect(h.alerts).to.have.length(0);
    await server.alert({ client_id: 'initech', source: 'b' });
    await server.alert({ client_id: 'initech', source: 'c' });
    await server.alert({ client_id: 'initech', source: 'b' });
    await rendered(
      'the new groups',
      () => h.alerts.map((a) => a.count).join() === '2,1',
      () => h.alerts.map((a) => [a.title, a.count]),
    );
    expect(feed.alerts).to.have.length(3);
    // Source a left with the old list; when it comes back its group starts closed.
    await server.alert({ client_id: 'initech', source: 'a' });
    await server.alert({ client_id: 'initech', source: 'a', title: 'A again' });
    await rendered('a again', () => h.alerts[0]?.title === 'A again' && h.alerts[0].count === 2);
    expect(h.alerts[0]!.expand!.getAttribute('aria-expanded')).to.equal('false');
    expect(feed.alerts).to.have.length(5);
    // Without group-by, the same list is one row per alert again.
    feed.groupBy = '';
    await feed.updateComplete;
    expect(h.alerts.map((a) => a.count)).to.deep.equal(Array(5).fill(undefined));
  });
});
