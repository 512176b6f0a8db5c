// <ws-connection> with the widgets around it: a lab whose buttons break the in-page server (drop,
// silence, revoke the token, restart), a shared socket, widgets bound by `for`, first-message auth.
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { WsConnection } from '../components/index.js';
import type { StandInServer } from '../server/protocol/browser-stand-in.js';
import { bindArgs } from './support/args.js';
import { connection, NOC } from './support/connection.js';
import { standIn } from './support/stand-in.js';
import { find, shows, statusOf } from './support/wait.js';

type Story = StoryObj;

const meta = {
  title: 'Elements/ws-connection',
  component: 'ws-connection',
  args: {
    token: 'good-token',
    heartbeat: 'heartbeat',
    'heartbeat-interval': 2000,
    'reconnect-interval': 1000,
    'max-reconnect-delay': 8000,
    'max-reconnect-attempts': 10,
    jitter: 0.3,
  },
} satisfies Meta;
export default meta;

const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;
let raised = 0;
const raise = (server: StandInServer) => {
  raised += 1;
  server.alert({
    client_id: 'acme',
    severity: SEVERITIES[raised % SEVERITIES.length],
    title: `Test alert ${raised}`,
    source: 'storybook',
  });
};

/** The lab's buttons: each breaks the stand-in server the way a real network or backend would. */
function controls(server: StandInServer, connectionId: string) {
  const conn = () => document.getElementById(connectionId) as WsConnection | null;
  let serial = 1;
  return html`<div class="lab-controls" role="group" aria-label="Break the server">
    <button type="button" @click=${() => server.dropAll()}>Drop the socket</button>
    <button
      type="button"
      @click=${() => {
        server.silence(true);
        setTimeout(() => server.silence(false), 8000);
      }}
    >
      Go silent for 8 s
    </button>
    <button type="button" @click=${() => server.revokeTokens([])}>Revoke the token</button>
    <button
      type="button"
      @click=${() => {
        serial += 1;
        const token = `fresh-token-${serial}`;
        server.setOptions({ validTokens: [token] });
        conn()?.updateToken(token);
      }}
    >
      Issue a new token
    </button>
    <button type="button" @click=${() => server.restart(5000)}>Restart (5 s down)</button>
    <button type="button" @click=${() => raise(server)}>Raise an alert</button>
  </div>`;
}

export const Lab: Story = {
  name: 'Lab: break the server, watch the widgets',
  render: (args, context) => {
    const server = standIn(context, {
      auth: 'connect',
      validTokens: ['good-token'],
      latencyMs: 20,
    });
    return html`<div class="lab">
      <div class="lab-bar">
        <ws-status-badge for="lab"></ws-status-badge>${controls(server, 'lab')}
      </div>
      <ws-connection
        id="lab"
        url=${server.url(NOC)}
        .WebSocket=${server.WebSocket}
        ${bindArgs('ws-connection', args)}
      >
        <noc-alert-feed
          client-id="acme"
          style="--noc-alert-feed-max-height: 20rem"
        ></noc-alert-feed>
      </ws-connection>
      <ws-toast for="lab"></ws-toast>
    </div>`;
  },
  play: async ({ canvasElement, id }) => {
    const conn = find<WsConnection>(canvasElement, 'ws-connection');
    await statusOf(conn, 'connected');
    const server = standIn({ id });
    await shows(find(canvasElement, 'ws-status-badge'), /Connected/);
    // Subscribed? The feed re-sends subscribe_client on every connect; wait for it, then raise.
    await new Promise<void>((resolve) => {
      const check = () => server.sessions(NOC).some((s) => s.clients.has('acme'));
      if (check()) return resolve();
      const onMessage = () => {
        if (!check()) return;
        conn.removeEventListener('message', onMessage);
        resolve();
      };
      conn.addEventListener('message', onMessage);
    });
    for (let i = 0; i < 3; i += 1) raise(server);
    await shows(find(canvasElement, 'noc-alert-feed'), /3 unacknowledged/);
  },
};

export const SharedSocket: Story = {
  name: 'Two connections, one socket',
  render: (_args, context) => {
    const server = standIn(context);
    const badge = html`<ws-status-badge></ws-status-badge>`;
    return html`<div class="lab">
      ${connection(server, NOC, { id: 'first' }, badge)}
      ${connection(server, NOC, { id: 'second' }, badge)}
      <p>The server holds <output id="socket-count">…</output> socket(s) for both.</p>
    </div>`;
  },
  play: async ({ canvasElement, id }) => {
    const [first, second] = [...canvasElement.querySelectorAll<WsConnection>('ws-connection')] as [
      WsConnection,
      WsConnection,
    ];
    await statusOf(first, 'connected');
    await statusOf(second, 'connected');
    const count = standIn({ id }).sessions(NOC).length;
    find(canvasElement, '#socket-count').textContent = String(count);
    if (first.socket !== second.socket || count !== 1)
      throw new Error(`expected one shared socket, the server has ${count}`);
  },
};

export const BoundByFor: Story = {
  name: 'Widgets bound with `for`',
  render: (_args, context) => {
    const server = standIn(context, { simulate: { alertsPerSecond: 1, gcodePerSecond: 0 } });
    return html`<div class="lab">
      <div class="lab-bar">
        <span>Header, far from the connection:</span
        ><ws-status-badge for="far-away"></ws-status-badge>
      </div>
      <noc-alert-feed
        for="far-away"
        client-id="acme"
        style="--noc-alert-feed-max-height: 16rem"
      ></noc-alert-feed>
      ${connection(server, NOC, { id: 'far-away', heartbeat: 'heartbeat', heartbeatInterval: 2000 })}
    </div>`;
  },
  play: async ({ canvasElement }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'connected');
    await shows(find(canvasElement, 'ws-status-badge'), /Connected/);
  },
};

export const MessageAuth: Story = {
  name: 'First-message authentication',
  render: (_args, context: StoryContext) =>
    connection(
      standIn(context, { auth: 'message' }),
      NOC,
      { auth: 'message', token: 'good-token' },
      html`<ws-status-badge></ws-status-badge>`,
    ),
  play: async ({ canvasElement, id }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'connected');
    const sent = standIn({ id }).hub.received.map((r) => r.frame.type);
    if (sent[0] !== 'auth')
      throw new Error(`the first frame should be auth, the server got ${sent.join(', ')}`);
  },
};
