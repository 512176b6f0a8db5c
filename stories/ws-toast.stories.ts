// <ws-toast>: every variant, a stack at its cap, a burst folded into "N more", a de-duplicated
// toast, and the announcements it makes by itself when bound to a connection (lost, then restored
// in its place; credentials refused).
import type { Meta, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { WsConnection, WsToast } from '../components/index.js';
import { bindArgs } from './support/args.js';
import { connection, NOC } from './support/connection.js';
import { standIn } from './support/stand-in.js';
import { find, rendered, shows, statusOf } from './support/wait.js';

type Story = StoryObj;

const meta = {
  title: 'Elements/ws-toast',
  component: 'ws-toast',
  // In the page flow rather than fixed to a corner, and kept until dismissed, so each state stays on screen.
  args: { duration: 0, '--ws-toast-position': 'static' },
} satisfies Meta;
export default meta;

const toastEl = (args: StoryContext['args']) =>
  html`<ws-toast ${bindArgs('ws-toast', args)}></ws-toast>`;
const toastsIn = (el: WsToast) => [...(el.shadowRoot?.querySelectorAll('[part~="toast"]') ?? [])];

async function showVariants({ canvasElement }: StoryContext): Promise<void> {
  const el = find<WsToast>(canvasElement, 'ws-toast');
  el.show('Dashboard layout saved.', { variant: 'success' });
  el.show('A new version of the runbook is available.', { variant: 'info' });
  el.show('Feed is 40 s behind the server.', { variant: 'warning' });
  el.show('Acknowledging alert 4711 failed.', { variant: 'error' });
  await rendered(el);
  if (toastsIn(el).length !== 4) throw new Error(`expected 4 toasts, found ${toastsIn(el).length}`);
}

export const Variants: Story = {
  name: 'Every variant',
  render: (args) => toastEl(args),
  play: showVariants,
};

export const AtCap: Story = {
  name: 'Stack at its cap (the oldest fold into "N more")',
  args: { max: 3 },
  render: (args) => toastEl(args),
  play: async ({ canvasElement }) => {
    const el = find<WsToast>(canvasElement, 'ws-toast');
    for (let i = 1; i <= 6; i += 1) el.show(`Message ${i} of 6`);
    await shows(el, /4 more/);
    const count = toastsIn(el).length;
    if (count !== 3) throw new Error(`the cap is 3, but ${count} toasts are shown`);
  },
};

export const Burst: Story = {
  name: 'A burst of 40 beyond the default cap of 10',
  render: (args) => toastEl(args),
  play: async ({ canvasElement }) => {
    const el = find<WsToast>(canvasElement, 'ws-toast');
    for (let i = 1; i <= 40; i += 1)
      el.show(`Alert ${i} could not be acknowledged`, { variant: i === 5 ? 'error' : 'warning' });
    await shows(el, /31 more/);
    const count = toastsIn(el).length;
    if (count !== 10) throw new Error(`the cap is 10, but ${count} toasts are shown`);
  },
};

export const Deduplicated: Story = {
  name: 'De-duplicated (counter)',
  render: (args) => toastEl(args),
  play: async ({ canvasElement }) => {
    const el = find<WsToast>(canvasElement, 'ws-toast');
    for (let i = 0; i < 3; i += 1)
      el.show('Connection lost. Reconnecting…', { variant: 'warning' });
    await shows(el, /×3/);
  },
};

export const Announcements: Story = {
  name: 'Announces lost and restored connections',
  render: (args, context) =>
    connection(standIn(context), NOC, { reconnectInterval: 300, id: 'announcing' }, toastEl(args)),
  play: async ({ canvasElement, id }) => {
    const conn = find<WsConnection>(canvasElement, 'ws-connection');
    const el = find<WsToast>(canvasElement, 'ws-toast');
    await statusOf(conn, 'connected');
    standIn({ id }).dropAll();
    await shows(el, /Connection lost/);
    await shows(el, /Connection restored/);
    // In the place of "Connection lost", not beside it.
    const count = toastsIn(el).length;
    if (count !== 1) throw new Error(`one toast for the connection, but ${count} are shown`);
  },
};

export const AuthRefused: Story = {
  name: 'Announces refused credentials',
  render: (args, context) =>
    connection(
      standIn(context, { auth: 'connect' }),
      NOC,
      { token: 'expired-token' },
      toastEl(args),
    ),
  play: async ({ canvasElement }) => {
    await statusOf(find<WsConnection>(canvasElement, 'ws-connection'), 'failed');
    await shows(find(canvasElement, 'ws-toast'), /refused the credentials/);
  },
};

export const Themed: Story = {
  name: 'Themed with custom properties',
  args: {
    '--ws-toast-radius': '0',
    '--ws-toast-shadow': 'none',
    '--ws-toast-success-color': '#8250df',
    '--ws-toast-font': '1rem/1.5 Georgia, serif',
  },
  render: (args) => toastEl(args),
  play: showVariants,
};

export const VariantsDark: Story = {
  name: 'Every variant, dark scheme',
  globals: { scheme: 'dark' },
  render: (args) => toastEl(args),
  play: showVariants,
};
