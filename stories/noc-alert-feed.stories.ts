// <noc-alert-feed> fed by the in-page stand-in: empty, every severity, acknowledgements pending,
// failed and done, filtered, at max-items, a burst, a live simulation, and the dark scheme.
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { NocAlertFeed, WsConnection } from '../components/index.js';
import type { StandInAlert, StandInServer } from '../server/protocol/browser-stand-in.js';
import { bindArgs } from './support/args.js';
import { connection, NOC } from './support/connection.js';
import { standIn } from './support/stand-in.js';
import { find, shows, statusOf, until } from './support/wait.js';

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
