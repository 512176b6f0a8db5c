// <noc-alert-feed> under a burst of 5,000 alerts from the server: no long task (PerformanceObserver
// 'longtask'), every alert counted, the list rendered newest first.
import { expect } from '@open-wc/testing';
import { startServer, type TestServer } from '../helpers/server.js';
import { collectEvents, nextEvent, until } from '../helpers/events.js';
import { connection, create, mount, unmountAll } from '../helpers/components/mount.js';
import { rendered } from '../helpers/components/dom.js';
import { FeedHarness } from '../helpers/components/feed-harness.js';
import type { AlertNewDetail, NocAlertFeed } from '../../components/index.js';
import type { Message } from '../../src/types.js';

const NOC = '/ws/noc/dashboard/';
const BURST = 5000;
// A frame that blocks this long freezes the page visibly; the feed must stay well under it.
const LONG_TASK_MS = 200;

describe('<noc-alert-feed> under a burst', () => {
  let server: TestServer;
  before(async () => (server = await startServer()));
  after(() => server.stop());
  afterEach(async () => {
    await unmountAll();
    await server.waitForConnections(0);
    await server.forget(); // a new feed's first subscription gets a snapshot of what is left
  });

  async function burst(attrs: Record<string, string | number>) {
    const feed = create('noc-alert-feed', { 'client-id': 'acme', ...attrs }) as NocAlertFeed;
    const conn = connection(server.wsUrl(NOC), {}, feed);
    const subscribed = nextEvent<CustomEvent<Message>>(
      conn,
      'message',
      (e) => e.detail.type === 'subscribed',
    );
    mount(conn);
    await subscribed;
    const longTasks: PerformanceEntry[] = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries()));
    observer.observe({ type: 'longtask' });
    const events = collectEvents<CustomEvent<AlertNewDetail>>(feed, 'alert-new');
    expect(await server.alerts(BURST, { severity: 'major', title: 'Burst' })).to.equal(BURST);
    await until(feed, 'alert-new', () => events.events.length >= BURST, 30_000);
    events.stop();
    return { feed, h: new FeedHarness(feed), events: events.events, longTasks, observer };
  }

  function longest(tasks: PerformanceEntry[]): number[] {
    return tasks.map((t) => Math.round(t.duration)).filter((d) => d > LONG_TASK_MS);
  }

  it(`counts all ${BURST} alerts and renders the newest max-items without a long task`, async () => {
    const { feed, h, events, longTasks, observer } = await burst({});
    const ids = new Set(events.map((e) => e.detail.alert.id));
    expect(ids.size).to.equal(BURST);
    expect(feed.unacknowledgedCount).to.equal(BURST);
    await rendered(
      'the full count',
      () => h.countText === `${BURST} unacknowledged`,
      () => h.countText,
    );
    expect(h.alertElements).to.have.length(200);
    const newest = events.at(-1)!.detail.alert.title;
    expect(h.alerts[0]!.title).to.equal(newest);
    observer.disconnect();
    expect(longest([...longTasks, ...observer.takeRecords()])).to.deep.equal([]);
  });

  it(`renders all ${BURST} when max-items allows, a batch per frame`, async () => {
    const { feed, h, observer } = await burst({ 'max-items': BURST });
    observer.disconnect();
    // Sample the rendered count once per frame: it grows in steps, never all at once.
    const steps = new Set<number>();
    await rendered(
      `${BURST} rendered`,
      () => {
        steps.add(h.alertElements.length);
        return h.alertElements.length === BURST;
      },
      () => h.alertElements.length,
      30_000,
    );
    expect(steps.size, [...steps].join()).to.be.greaterThan(5);
    await rendered(
      'the full count',
      () => h.countText === `${BURST} unacknowledged`,
      () => h.countText,
    );
    expect(feed.alerts).to.have.length(BURST);
  });
});
