// <ws-status-badge> in every status, each driven by the in-page stand-in server: the badge reads a
// real ReconnectingSocket, never a status typed in by hand.
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { WsConnection, WsStatusBadge } from '../components/index.js';
import { bindArgs } from './support/args.js';
import { connection, NOC, type ConnectionSetup } from './support/connection.js';
import { pollingUrl, standIn } from './support/stand-in.js';
import type { StandInServer } from '../server/protocol/browser-stand-in.js';
import { find, rendered, shows, statusOf } from './support/wait.js';

type Story = StoryObj;

const meta = {
  title: 'Elements/ws-status-badge',
  component: 'ws-status-badge',
  parameters: { layout: 'centered' },
} satisfies Meta;
export default meta;

/** A badge inside a connection to a stand-in server. */
const badgeIn = (server: StandInServer, setup: ConnectionSetup, args: StoryContext['args']) =>
  connection(
    server,
    NOC,
    setup,
    html`<ws-status-badge ${bindArgs('ws-status-badge', args)}></ws-status-badge>`,
  );

/** Waits until the story's badge shows text matching `test`. */
const badgeShows = (canvas: HTMLElement, test: RegExp) =>
  shows(find<WsStatusBadge>(canvas, 'ws-status-badge'), test);

export const Connected: Story = {
  name: 'Connected, with latency',
  render: (args, context) =>
    badgeIn(
      standIn(context, { latencyMs: 40 }),
      { heartbeat: 'heartbeat', heartbeatInterval: 1000 },
      args,
    ),
  play: async ({ canvasElement }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'connected');
    await badgeShows(canvasElement, /Connected\s*· \d+ ms/);
  },
};

export const Connecting: Story = {
  render: (args, context) =>
    // The stand-in takes ten minutes to answer the handshake: the first attempt stays pending.
    badgeIn(standIn(context, { latencyMs: 600_000 }), {}, args),
  play: async ({ canvasElement }) => {
    await rendered(find(canvasElement, 'ws-status-badge'));
    await badgeShows(canvasElement, /^Connecting…$/);
  },
};

export const ReconnectCountdown: Story = {
  name: 'Reconnecting, with countdown',
  render: (args, context) =>
    badgeIn(standIn(context), { reconnectInterval: 8000, maxReconnectAttempts: 10 }, args),
  play: async ({ canvasElement, id }) => {
    const conn = find<WsConnection>(canvasElement, 'ws-connection');
    await statusOf(conn, 'connected');
    const server = standIn({ id });
    server.refuse(Infinity);
    server.dropAll();
    await statusOf(conn, 'reconnecting');
    await rendered(find(canvasElement, 'ws-status-badge'));
    await badgeShows(canvasElement, /Reconnecting in \d s \(1\/10\)/);
  },
};

export const Disconnected: Story = {
  name: 'Disconnected (manual, not started)',
  render: (args, context) => badgeIn(standIn(context), { manual: true }, args),
  play: async ({ canvasElement }) => {
    await rendered(find(canvasElement, 'ws-status-badge'));
    await badgeShows(canvasElement, /^Disconnected$/);
  },
};

export const AuthRefused: Story = {
  name: 'Failed: token refused',
  render: (args, context) =>
    badgeIn(
      standIn(context, { auth: 'connect', validTokens: ['good-token'] }),
      { token: 'expired-token' },
      args,
    ),
  play: async ({ canvasElement }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'failed');
    await badgeShows(canvasElement, /^Connection failed$/);
  },
};

export const GaveUp: Story = {
  name: 'Failed: attempts exhausted',
  render: (args, context) => {
    const server = standIn(context);
    server.refuse(Infinity);
    return badgeIn(server, { reconnectInterval: 100, maxReconnectAttempts: 2 }, args);
  },
  play: async ({ canvasElement }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'failed');
    await badgeShows(canvasElement, /^Connection failed$/);
  },
};

export const Polling: Story = {
  name: 'Polling (HTTP fallback)',
  render: (args, context) => {
    const server = standIn(context);
    server.refuse(Infinity);
    const poll = pollingUrl(server, NOC);
    return badgeIn(
      server,
      { reconnectInterval: 100, maxReconnectAttempts: 1, pollingUrl: poll, pollingInterval: 1000 },
      args,
    );
  },
  play: async ({ canvasElement }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'polling');
    await badgeShows(canvasElement, /^Polling \(fallback\)$/);
  },
};

export const Themed: Story = {
  name: 'Themed with custom properties and parts',
  args: {
    '--ws-status-badge-connected-color': '#8250df',
    '--ws-status-badge-background': '#fbefff',
    '--ws-status-badge-radius': '4px',
    '--ws-status-badge-font': '600 1rem/1.5 Georgia, serif',
  },
  render: (args, context) => html`
    <style>
      .themed ws-status-badge::part(dot) {
        inline-size: 0.8em;
        block-size: 0.8em;
        border-radius: 2px;
      }
    </style>
    <div class="themed">
      ${badgeIn(standIn(context, { latencyMs: 25 }), { heartbeat: 'heartbeat', heartbeatInterval: 1000 }, args)}
    </div>
  `,
  play: async ({ canvasElement }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'connected');
  },
};

/** Every status side by side: one stand-in per badge. */
const allStates = (context: StoryContext) => {
  const refused = standIn(context, {}, 'refused');
  refused.refuse(Infinity);
  const polled = standIn(context, {}, 'polled');
  polled.refuse(Infinity);
  const rows: [string, ReturnType<typeof connection>][] = [
    [
      'connected',
      connection(
        standIn(context, { latencyMs: 30 }, 'live'),
        NOC,
        { heartbeat: 'heartbeat', heartbeatInterval: 1000 },
        html`<ws-status-badge></ws-status-badge>`,
      ),
    ],
    [
      'connecting',
      connection(
        standIn(context, { latencyMs: 600_000 }, 'slow'),
        NOC,
        {},
        html`<ws-status-badge></ws-status-badge>`,
      ),
    ],
    [
      'reconnecting',
      connection(
        standIn(context, {}, 'flaky'),
        NOC,
        { id: 'flaky', reconnectInterval: 8000 },
        html`<ws-status-badge></ws-status-badge>`,
      ),
    ],
    [
      'disconnected',
      connection(
        standIn(context, {}, 'idle'),
        NOC,
        { manual: true },
        html`<ws-status-badge></ws-status-badge>`,
      ),
    ],
    [
      'failed',
      connection(
        refused,
        NOC,
        { reconnectInterval: 100, maxReconnectAttempts: 1 },
        html`<ws-status-badge></ws-status-badge>`,
      ),
    ],
    [
      'polling',
      connection(
        polled,
        NOC,
        { reconnectInterval: 100, maxReconnectAttempts: 1, pollingUrl: pollingUrl(polled, NOC) },
        html`<ws-status-badge></ws-status-badge>`,
      ),
    ],
  ];
  return html`<dl class="all-states">
    ${rows.map(
      ([name, badge]) =>
        html`<dt>${name}</dt>
          <dd>${badge}</dd>`,
    )}
  </dl>`;
};

async function playAllStates({ canvasElement, id }: StoryContext): Promise<void> {
  const conns = [...canvasElement.querySelectorAll<WsConnection>('ws-connection')];
  const flaky = find<WsConnection>(canvasElement, '#flaky');
  await statusOf(flaky, 'connected');
  const server = standIn({ id }, {}, 'flaky');
  server.refuse(Infinity);
  server.dropAll();
  await statusOf(flaky, 'reconnecting');
  await Promise.all(conns.map((c) => rendered(c)));
}

export const AllStates: Story = {
  name: 'All states',
  parameters: { layout: 'padded' },
  render: (_args, context) => allStates(context),
  play: playAllStates,
};

export const AllStatesDark: Story = {
  name: 'All states, dark scheme',
  parameters: { layout: 'padded' },
  globals: { scheme: 'dark' },
  render: (_args, context) => allStates(context),
  play: playAllStates,
};
