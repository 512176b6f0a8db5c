// <noc-alert-feed> fed by the in-page stand-in: empty, every severity, acknowledgements pending,
// failed and done, filtered, at max-items, a burst, a live simulation, and the dark scheme; for
// floods: grouped rows (acknowledged, pending, partly failed, expanded), the paced announcer,
// compact density (light and dark) and the operator's toolbar (filtered, sorted, no match).
// After an outage longer than the server's history: rebuilt from a snapshot, with a notice.
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { NocAlertFeed, WsConnection } from '../components/index.js';
import type { StandInAlert, StandInServer } from '../server/protocol/browser-stand-in.js';
import { bindArgs } from './support/args.js';
import { connection, NOC } from './support/connection.js';
import { standIn } from './support/stand-in.js';
import { find, rendered, shows, statusOf, until } from './support/wait.js';

type Story = StoryObj;

const meta = {
  title: 'Elements/noc-alert-feed',
  component: 'noc-alert-feed',
  args: { 'client-id': 'acme' },
} satisfies Meta;
export default meta;

const SAMPLES: Pick<StandInAlert, 'severity' | 'title' | 'message' | 'source'>[] = [
  {
    severity: 'critical',
    title: 'Core router unreachable',
    message: 'No BGP keepalives for 90 s',
    source: 'core-rtr-1',
  },
  {
    severity: 'major',
    title: 'Packet loss on uplink',
    message: '12% loss towards transit A',
    source: 'edge-sw-4',
  },
  {
    severity: 'minor',
    title: 'Disk 85% full',
    message: '/var/log on db-primary',
    source: 'db-primary',
  },
  {
    severity: 'warning',
    title: 'Certificate expires in 9 days',
    message: 'vpn.example.net',
    source: 'vpn-gw',
  },
  {
    severity: 'info',
    title: 'Maintenance window starts at 02:00',
    message: 'lb-west will drain connections',
    source: 'lb-west',
  },
];

const feedIn = (server: StandInServer, args: StoryContext['args']) =>
  connection(
    server,
    NOC,
    { reconnectInterval: 500 },
    html`<noc-alert-feed ${bindArgs('noc-alert-feed', args)}></noc-alert-feed>`,
  );

/** Waits until the feed is connected and subscribed, so alerts raised next reach it. */
async function subscribed(canvas: HTMLElement, server: StandInServer): Promise<NocAlertFeed> {
  const conn = find<WsConnection>(canvas, 'ws-connection');
  await statusOf(conn, 'connected');
  await until(
    conn,
    'message',
    () => server.sessions(NOC).some((s) => s.clients.size > 0),
    'the feed to subscribe to its client',
  );
  return find<NocAlertFeed>(canvas, 'noc-alert-feed');
}

const raiseAll = (server: StandInServer) =>
  SAMPLES.map((s) => server.alert({ client_id: 'acme', ...s }));

export const Empty: Story = {
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const feed = await subscribed(canvasElement, standIn({ id }));
    await shows(feed, /No alerts/);
  },
};

export const EverySeverity: Story = {
  name: 'Every severity',
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    raiseAll(server);
    await shows(feed, /5 unacknowledged/);
  },
};

/** One alert acknowledged, one refused by the server, one waiting for an answer, two new. */
async function playAcknowledgements({ canvasElement, id }: StoryContext): Promise<void> {
  const server = standIn({ id });
  const feed = await subscribed(canvasElement, server);
  const [done, refused, waiting] = raiseAll(server) as [StandInAlert, StandInAlert, StandInAlert];
  await shows(feed, /5 unacknowledged/);
  // The first through its button, as a user would.
  const button = [
    ...(feed.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part="ack-button"]') ?? []),
  ].find((b) => b.getAttribute('aria-label')?.includes(done.title));
  button?.click();
  await shows(feed, /Acknowledged by/);
  server.setOptions({ ackMode: 'error' });
  feed.acknowledge(refused.id);
  await shows(feed, /Acknowledgement failed/);
  server.setOptions({ ackMode: 'ignore' });
  feed.acknowledge(waiting.id);
  await shows(feed, /Acknowledging…/);
}

export const Acknowledgements: Story = {
  name: 'Acknowledgements: done, failed, pending',
  args: { 'ack-timeout': 600_000 },
  render: (args, context) => feedIn(standIn(context), args),
  play: playAcknowledgements,
};

export const Filtered: Story = {
  name: 'Filtered to critical and major',
  args: { severity: 'critical,major' },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    raiseAll(server);
    await shows(feed, /Packet loss on uplink/);
    const shown = feed.shadowRoot?.querySelectorAll('[part="alert"]').length;
    if (shown !== 2) throw new Error(`the filter should leave 2 alerts, ${shown} are shown`);
  },
};

export const AtMaxItems: Story = {
  name: 'At max-items (5 of 12 kept)',
  args: { 'max-items': 5 },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    for (let i = 0; i < 12; i += 1)
      server.alert({
        client_id: 'acme',
        ...SAMPLES[i % SAMPLES.length],
        title: `Alert ${i + 1} of 12`,
      });
    await shows(feed, /Alert 12 of 12/);
    const kept = feed.shadowRoot?.querySelectorAll('[part="alert"]').length;
    if (kept !== 5) throw new Error(`max-items is 5, but ${kept} alerts are shown`);
  },
};

export const Burst: Story = {
  name: 'A burst of 500 alerts',
  args: { '--noc-alert-feed-max-height': '24rem' },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    for (let i = 0; i < 500; i += 1)
      server.alert({
        client_id: 'acme',
        ...SAMPLES[i % SAMPLES.length],
        title: `Burst alert ${i + 1}`,
      });
    await shows(feed, /500 unacknowledged/, 20_000);
  },
};

export const Live: Story = {
  name: 'Live (simulated site)',
  args: { '--noc-alert-feed-max-height': '24rem' },
  render: (args, context) =>
    feedIn(standIn(context, { simulate: { alertsPerSecond: 2, gcodePerSecond: 0 } }), args),
  play: async ({ canvasElement }) => {
    const feed = find<NocAlertFeed>(canvasElement, 'noc-alert-feed');
    await shows(feed, /[1-9]\d* unacknowledged/);
  },
};

export const AcknowledgementsDark: Story = {
  name: 'Acknowledgements, dark scheme',
  args: { 'ack-timeout': 600_000 },
  globals: { scheme: 'dark' },
  render: (args, context) => feedIn(standIn(context), args),
  play: playAcknowledgements,
};

/** A flood from four sources: 40 alerts, the worst of each source somewhere in the middle. */
function flood(server: StandInServer, count = 40): void {
  for (let i = 0; i < count; i += 1) {
    const sample = SAMPLES[i % 4]!;
    server.alert({
      client_id: 'acme',
      ...sample,
      severity: i % 7 === 3 ? 'critical' : sample.severity,
      title: `${sample.title} (${i + 1})`,
    });
  }
}

const rows = (feed: NocAlertFeed) => [
  ...(feed.shadowRoot?.querySelectorAll<HTMLElement>('[part="alert"]') ?? []),
];

export const Grouped: Story = {
  name: 'Flood grouped by source',
  args: { 'group-by': 'source' },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    flood(server);
    await shows(feed, /40 unacknowledged/);
    await shows(feed, /10 alerts/);
    const counts = rows(feed).map((r) => r.dataset.count);
    if (counts.join() !== '10,10,10,10')
      throw new Error(`expected four rows of 10, got ${counts.join()}`);
  },
};

/** Four groups: one acknowledged, one pending, one partly failed and expanded, one new. */
async function playGroupStates({ canvasElement, id }: StoryContext): Promise<void> {
  const server = standIn({ id });
  const feed = await subscribed(canvasElement, server);
  const raise = (source: string, title: string, severity: StandInAlert['severity'] = 'major') =>
    server.alert({ client_id: 'acme', source, title, severity, message: `On ${source}` });
  const done = [raise('vpn-gw', 'Tunnel down'), raise('vpn-gw', 'Tunnel flapping', 'minor')];
  const waiting = [raise('edge-sw-4', 'Packet loss'), raise('edge-sw-4', 'CRC errors', 'warning')];
  raise('db-primary', 'Replication lag');
  // One alert the server never raised: acknowledging it is refused.
  server.send(
    {
      type: 'alert_new',
      alert: {
        id: 'ghost-1',
        client_id: 'acme',
        severity: 'critical',
        title: 'Replica unreachable',
        message: 'On db-primary',
        source: 'db-primary',
        created_at: new Date().toISOString(),
      },
    },
    { path: NOC },
  );
  raise('core-rtr-1', 'Core router unreachable', 'critical');
  await shows(feed, /7 unacknowledged/);
  await shows(feed, /2 alerts/);
  for (const a of done) feed.acknowledge(a.id);
  await shows(feed, /5 unacknowledged/);
  const row = (source: string) => rows(feed).find((r) => r.textContent?.includes(source));
  row('db-primary')?.querySelector<HTMLButtonElement>('[part="ack-button"]')?.click();
  await shows(feed, /Acknowledgement failed for 1 of 2/);
  row('db-primary')?.querySelector<HTMLButtonElement>('[part="expand-button"]')?.click();
  await shows(feed, /no alert with id ghost-1/);
  server.setOptions({ ackMode: 'ignore' });
  for (const a of waiting) feed.acknowledge(a.id);
  await shows(feed, /Acknowledging…/);
}

export const GroupStates: Story = {
  name: 'Grouped: acknowledged, pending, partly failed (expanded), new',
  args: { 'group-by': 'source', 'ack-timeout': 600_000 },
  render: (args, context) => feedIn(standIn(context), args),
  play: playGroupStates,
};

export const GroupStatesDark: Story = {
  ...GroupStates,
  name: 'Grouped states, dark scheme',
  globals: { scheme: 'dark' },
};

export const Announcer: Story = {
  name: 'Announcer: one summary per interval, shown here',
  args: { 'announce-interval': 2000, '--noc-alert-feed-max-height': '16rem' },
  // The live region is visually hidden; a page can show it through ::part, as this story does.
  render: (args, context) =>
    html`<style>
        noc-alert-feed::part(announcer) {
          position: static;
          display: block;
          inline-size: auto;
          block-size: auto;
          clip-path: none;
          white-space: normal;
          font-weight: 600;
        }
      </style>
      ${feedIn(standIn(context), args)}`,
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    server.alert({ client_id: 'acme', ...SAMPLES[1]! });
    await shows(feed, /New major alert: Packet loss on uplink/);
    for (let i = 0; i < 12; i += 1)
      server.alert({
        client_id: 'acme',
        ...SAMPLES[i % 3 === 0 ? 2 : 1]!,
        title: `Alert ${i + 1}`,
      });
    await shows(feed, /12 new alerts: 8 major, 4 minor/, 10_000);
  },
};

export const Compact: Story = {
  name: 'Compact density (wall screen)',
  args: { density: 'compact' },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    for (let i = 0; i < 3; i += 1) raiseAll(server);
    await shows(feed, /15 unacknowledged/);
    await playAcknowledgementsOn(feed, server);
  },
};

export const CompactDark: Story = {
  ...Compact,
  name: 'Compact density, dark scheme',
  globals: { scheme: 'dark' },
};

export const CompactGrouped: Story = {
  name: 'Compact and grouped, one group expanded',
  args: { density: 'compact', 'group-by': 'source' },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    flood(server, 20);
    await shows(feed, /5 alerts/);
    rows(feed)[0]?.querySelector<HTMLButtonElement>('[part="expand-button"]')?.click();
    await rendered(feed);
    if (!feed.shadowRoot?.querySelector('[part="members"]')) throw new Error('no expanded group');
  },
};

/** The Acknowledgements states (done, failed, pending) on alerts already in `feed`. */
async function playAcknowledgementsOn(feed: NocAlertFeed, server: StandInServer): Promise<void> {
  const [done, refused, waiting] = feed.alerts.slice(0, 3).map((e) => e.alert.id);
  feed.acknowledge(done!);
  await shows(feed, /Acknowledged by/);
  server.setOptions({ ackMode: 'error' });
  feed.acknowledge(refused!);
  await shows(feed, /Acknowledgement failed/);
  server.setOptions({ ackMode: 'ignore' });
  feed.acknowledge(waiting!);
  await shows(feed, /Acknowledging…/);
}

export const Controls: Story = {
  name: 'Operator controls',
  args: { controls: true, 'ack-timeout': 600_000 },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    raiseAll(server);
    await shows(feed, /5 unacknowledged/);
    if (!feed.shadowRoot?.querySelector('[part="controls"] select'))
      throw new Error('the toolbar is missing');
  },
};

export const ControlsFilteredSorted: Story = {
  name: 'Operator controls: major and above, unacknowledged, most severe first',
  args: {
    controls: true,
    severity: 'critical,major',
    'unacknowledged-only': true,
    sort: 'severity',
    'ack-timeout': 600_000,
  },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    for (let i = 0; i < 2; i += 1) raiseAll(server);
    await shows(feed, /4 unacknowledged/);
    // The newest critical, once acknowledged, leaves the view.
    feed.acknowledge(feed.alerts.find((e) => e.alert.severity === 'critical')!.alert.id);
    await shows(feed, /3 unacknowledged/);
    const severities = rows(feed).map((r) => r.dataset.severity);
    if (severities.join() !== 'critical,major,major')
      throw new Error(`expected critical, major, major; got ${severities.join()}`);
  },
};

export const ControlsNoMatch: Story = {
  name: 'Operator controls: a search that matches nothing, dark scheme',
  args: { controls: true, search: 'no such router' },
  globals: { scheme: 'dark' },
  render: (args, context) => feedIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    raiseAll(server);
    await shows(feed, /No alerts match the filters/);
  },
};

export const ReloadedAfterOutage: Story = {
  name: 'Reloaded after a long outage (history overrun: snapshot and notice)',
  // A history of 3 frames, so six alerts raised while the feed is away overrun it and the
  // server answers `since` with `recovered: false` and an alert_snapshot.
  render: (args, context) => feedIn(standIn(context, { historySize: 3 }), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const feed = await subscribed(canvasElement, server);
    const conn = find<WsConnection>(canvasElement, 'ws-connection');
    raiseAll(server);
    await shows(feed, /5 unacknowledged/);
    server.refuse(60_000);
    server.dropAll(NOC);
    await statusOf(conn, 'reconnecting');
    for (let i = 0; i < 6; i += 1)
      server.alert({
        client_id: 'acme',
        ...SAMPLES[i % SAMPLES.length],
        title: `While away ${i + 1}`,
      });
    server.refuse(0);
    await shows(feed, /the alerts were reloaded from the server/);
    await shows(feed, /11 unacknowledged/);
  },
};
