// share="tabs": two frames of this Storybook, each a document of its own like two tabs, share
// one socket. The frame that holds the Web Lock leads (its stand-in server is the one connected);
// the other follows over a BroadcastChannel. Reload the leading frame: the other takes over.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import type { WsConnection } from '../components/index.js';
import type { StandInServer } from '../server/protocol/browser-stand-in.js';
import { NOC } from './support/connection.js';
import { standIn } from './support/stand-in.js';
import { statusOf, until } from './support/wait.js';

type Story = StoryObj;

const meta = {
  title: 'Elements/ws-connection/Across tabs',
  component: 'ws-connection',
} satisfies Meta;
export default meta;

/** What a frame offers the page around it: raise an alert on its stand-in server. */
interface FrameWindow extends Window {
  raiseAlert?: () => void;
}

let raised = 0;
const raise = (server: StandInServer) => {
  raised += 1;
  server.alert({ client_id: 'acme', severity: 'major', title: `Alert ${raised}`, source: 'story' });
};

/** One "tab": a shared connection, its badge, the feed, and whether this frame leads. */
export const Frame: Story = {
  name: 'One tab (used by Two frames)',
  render: (_args, context) => {
    const server = standIn(context);
    (window as FrameWindow).raiseAlert = () => raise(server);
    const role = (e: Event) => {
      const leads = (e.currentTarget as WsConnection).leader;
      const out = document.getElementById('tab-role');
      if (out) out.textContent = leads ? 'This frame holds the socket' : 'This frame follows';
    };
    return html`<ws-connection
      url=${server.url(NOC)}
      .WebSocket=${server.WebSocket}
      share="tabs"
      token="good-token"
      heartbeat="heartbeat"
      heartbeat-interval="1000"
      heartbeat-timeout="3000"
      reconnect-interval="500"
      @leaderChange=${role}
      @connectionStatus=${role}
    >
      <p><ws-status-badge></ws-status-badge> <output id="tab-role">…</output></p>
      <noc-alert-feed client-id="acme" max-items="20"></noc-alert-feed>
    </ws-connection>`;
  },
};

const connectionIn = (frame: HTMLIFrameElement): WsConnection | null =>
  frame.contentDocument?.querySelector<WsConnection>('ws-connection') ?? null;

/** Resolves with the frame's connection once its story has rendered it (watching its DOM). */
async function loaded(frame: HTMLIFrameElement, timeoutMs = 15_000): Promise<WsConnection> {
  const ready = () =>
    frame.contentWindow?.location.href !== 'about:blank' &&
    frame.contentDocument?.readyState === 'complete';
  if (!ready()) await until(frame, 'load', ready, 'the frame to load', timeoutMs);
  const doc = frame.contentDocument!;
  return new Promise((resolve, reject) => {
    const found = () => connectionIn(frame);
    const now = found();
    if (now) return resolve(now);
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the frame's connection`));
    }, timeoutMs);
    const observer = new MutationObserver(() => {
      const connection = found();
      if (!connection) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(connection);
    });
    observer.observe(doc, { childList: true, subtree: true });
  });
}

/** The frame's connection once connected (Storybook may render a story twice: the last one). */
async function connectedIn(frame: HTMLIFrameElement): Promise<WsConnection> {
  for (let tries = 0; ; tries += 1) {
    const connection = await loaded(frame);
    await statusOf(connection, 'connected');
    if (frame.contentDocument?.contains(connection) || tries === 3) return connection;
  }
}

export const TwoFrames: Story = {
  name: 'Two frames, one socket',
  render: (_args, context) => {
    const src = `iframe.html?id=${context.id.replace(/--.*$/, '--frame')}&viewMode=story`;
    const frames = () => [...document.querySelectorAll<HTMLIFrameElement>('.tabs-pair iframe')];
    const leading = () => frames().find((f) => connectionIn(f)?.leader);
    return html`<div class="lab">
      <div class="lab-controls" role="group" aria-label="Tabs">
        <button
          type="button"
          @click=${() => (leading()?.contentWindow as FrameWindow | null)?.raiseAlert?.()}
        >
          Raise an alert
        </button>
        <button type="button" @click=${() => leading()?.contentWindow?.location.reload()}>
          Reload the leading frame
        </button>
      </div>
      <div class="tabs-pair" style="display: grid; grid-template-columns: 1fr 1fr; gap: 1rem">
        <iframe title="First tab" src=${src} style="height: 22rem; width: 100%"></iframe>
        <iframe title="Second tab" src=${src} style="height: 22rem; width: 100%"></iframe>
      </div>
    </div>`;
  },
  play: async ({ canvasElement }) => {
    const frames = [...canvasElement.querySelectorAll('iframe')];
    // A follower turns connected only once the leader is: by then the lock has chosen.
    const connections = await Promise.all(frames.map((frame) => connectedIn(frame)));
    // Another page (a story closed a moment ago) may still lead: wait for one of these two.
    const oneLeads = () => connections.filter((c) => c.leader).length === 1;
    await Promise.race(
      connections.map((c) => until(c, 'leaderChange', oneLeads, 'one leading frame')),
    );
  },
};
