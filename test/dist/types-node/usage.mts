// A Node script (no DOM lib) on the core entries: the socket's .d.ts must need nothing beyond
// @types/node. The @ts-expect-error lines must stay errors.
import WebSocket from 'ws';
import { ReconnectingSocket, acquireSocket, type ConnectionStatus } from 'ws-widgets';
import { ReconnectingSocket as FromSocketEntry } from 'ws-widgets/socket';

interface Messages {
  stats: { connections: number };
}
const socket = new ReconnectingSocket<Messages>('ws://127.0.0.1:8765/ws/noc/presence/', { WebSocket });
const stop = new AbortController();
socket.addEventListener(
  'connectionStatus',
  (event) => {
    const status: ConnectionStatus = event.detail.status;
    console.log(status, event.detail.delay);
  },
  { signal: stop.signal },
);
socket.addEventListener('error', (event) => console.log(event.detail.kind), { once: true });
socket.addEventListener('message', { handleEvent: (event) => console.log(event.type) });
socket.on('stats', (message) => console.log(message.connections));
// @ts-expect-error not a message type of the map
socket.on('alert_new', () => undefined);
// @ts-expect-error the status detail has no `latency`
socket.addEventListener('connectionStatus', (event) => event.detail.latency);

export const same: typeof ReconnectingSocket = FromSocketEntry;
const lease = acquireSocket('ws://127.0.0.1:8765/ws/mobile/sync/', { WebSocket, exclusive: true });
lease.release();
