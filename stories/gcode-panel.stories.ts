// <gcode-panel>: server-rendered from its child JSON before any socket, then live from the
// stand-in's G-Code channel, then stale when the server goes away; light and dark.
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { GcodePanel, WsConnection } from '../components/index.js';
import type { StandInServer } from '../server/protocol/browser-stand-in.js';
import { bindArgs } from './support/args.js';
import { connection, GCODE } from './support/connection.js';
import { standIn } from './support/stand-in.js';
import { find, shows, statusOf, until } from './support/wait.js';

type Story = StoryObj;

const meta = {
  title: 'Elements/gcode-panel',
  component: 'gcode-panel',
  args: { channel: 'user_42' },
} satisfies Meta;
export default meta;

// What a Django template would render into the page; Lit allows no bindings inside <script>.
const panel = (args: StoryContext['args']) =>
  html`<gcode-panel ${bindArgs('gcode-panel', args)}>
    <script type="application/json">
      {
        "gcode": {
          "date": "2026-03-14",
          "g_code_score": 58,
          "intensity": "medium",
          "themes": ["focus", "balance"]
        },
        "annotations": [{ "id": "a-1", "date": "2026-03-14", "note": "Morning review done" }],
        "content": [{ "id": "c-1", "platform": "newsletter", "status": "draft" }]
      }
    </script>
  </gcode-panel>`;

const panelIn = (server: StandInServer, args: StoryContext['args']) =>
  connection(server, GCODE, { heartbeat: 'action-ping', reconnectInterval: 5000 }, panel(args));

/** Waits until the panel is connected and subscribed to its channel. */
async function subscribed(canvas: HTMLElement, server: StandInServer): Promise<GcodePanel> {
  const conn = find<WsConnection>(canvas, 'ws-connection');
  await statusOf(conn, 'connected');
  await until(
    conn,
    'message',
    () => server.sessions(GCODE).some((s) => s.channels.size > 0),
    'the panel to subscribe',
  );
  return find<GcodePanel>(canvas, 'gcode-panel');
}

/** The day moves on: new figures, a note and a generated post arrive on the channel. */
async function pushDay(canvas: HTMLElement, server: StandInServer): Promise<GcodePanel> {
  const el = await subscribed(canvas, server);
  const date = '2026-03-15';
  server.gcode('user_42', {
    type: 'gcode_updated',
    data: {
      date,
      g_code_score: 87,
      intensity: 'high',
      themes: ['courage', 'renewal', 'creativity'],
    },
  });
  server.gcode('user_42', {
    type: 'annotation_added',
    data: { id: 'a-2', date, note: 'Launch day: keep the afternoon free' },
  });
  server.gcode('user_42', {
    type: 'content_generated',
    data: { id: 'c-2', platform: 'blog', status: 'published' },
  });
  await shows(el, /^(?=.*G-Code for 2026-03-15)(?=.*87)(?=.*Launch day)(?=.*blog)/);
  return el;
}

export const FromInitialJson: Story = {
  name: 'From the initial JSON (no socket yet)',
  render: (args) => panel(args),
  play: async ({ canvasElement }) => {
    await shows(
      find(canvasElement, 'gcode-panel'),
      /^(?=.*G-Code for 2026-03-14)(?=.*58)(?=.*Not live)/,
    );
  },
};

export const Live: Story = {
  name: 'Live updates',
  render: (args, context) => panelIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const el = await pushDay(canvasElement, standIn({ id }));
    if (el.hasAttribute('stale')) throw new Error('a connected panel must not be stale');
  },
};

export const Stale: Story = {
  name: 'Stale (server gone)',
  render: (args, context) => panelIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    const server = standIn({ id });
    const el = await pushDay(canvasElement, server);
    server.refuse(Infinity);
    server.dropAll();
    await shows(el, /Not live: figures may be out of date/);
  },
};

export const Simulated: Story = {
  name: 'Live (simulated site)',
  args: { channel: 'user_1' },
  render: (args, context) =>
    panelIn(standIn(context, { simulate: { alertsPerSecond: 0, gcodePerSecond: 2 } }), args),
  play: async ({ canvasElement }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'connected');
  },
};

export const LiveDark: Story = {
  name: 'Live updates, dark scheme',
  globals: { scheme: 'dark' },
  render: (args, context) => panelIn(standIn(context), args),
  play: async ({ canvasElement, id }) => {
    await pushDay(canvasElement, standIn({ id }));
  },
};

export const StaleDark: Story = {
  name: 'Stale, dark scheme',
  globals: { scheme: 'dark' },
  render: (args) => panel(args),
  play: async ({ canvasElement }) => {
    await shows(find(canvasElement, 'gcode-panel'), /Not live/);
  },
};
