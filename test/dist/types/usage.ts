// A consumer's plain TypeScript against the built package: the tags, their typed events and the
// core service, each through its package entry. The @ts-expect-error lines must stay errors.
import 'ws-widgets/define';
import { ReconnectingSocket, type ConnectionStatus } from 'ws-widgets';
import { ReconnectingSocket as SocketFromSocketEntry } from 'ws-widgets/socket';
import { toast, WsConnection, NocAlertFeed, type WsToast } from 'ws-widgets/elements';
import * as bundle from 'ws-widgets/bundle';
import { LitElement, html } from 'lit';
import { SocketController } from 'ws-widgets/elements';
// @ts-expect-error the kit's define() helper is internal, not part of the elements entry
import { define } from 'ws-widgets/elements';

export const sameCore: typeof ReconnectingSocket = SocketFromSocketEntry;
export const bundleClass: typeof WsConnection = bundle.WsConnection;

const connection = document.createElement('ws-connection');
export const asClass: WsConnection = connection;
connection.reconnectInterval = 50;
connection.addEventListener('connectionStatus', (event) => {
  const status: ConnectionStatus = event.detail.status;
  const delay: number | undefined = event.detail.delay;
  // @ts-expect-error the detail has no `latency`
  console.log(status, delay, event.detail.latency);
});
connection.addEventListener('error', (event) => console.log(event.detail.kind, event.detail.message));
connection.addEventListener('message', (event) => console.log(event.detail.type));
// @ts-expect-error `reconnectInterval` is a number
connection.reconnectInterval = 'soon';

const feed: NocAlertFeed | null = document.querySelector('noc-alert-feed');
feed?.addEventListener('alert-new', (event) => console.log(event.detail.alert.severity, event.detail.alert.title));
feed?.addEventListener('alert-acknowledged', (event) => console.log(event.detail.alertId));
document.addEventListener('gcode-updated', (event) => {
  const score: number = event.detail.g_code_score;
  // @ts-expect-error a score is a number
  const wrong: string = event.detail.g_code_score;
  console.log(score, wrong);
});

export const stack: WsToast = toast('Saved', 'success');
// @ts-expect-error not a toast variant
toast('Saved', 'loud');

interface Messages {
  alert_new: { alert: { id: string; severity: string } };
}
const socket = new ReconnectingSocket<Messages>('/ws/noc/dashboard/', { reconnectInterval: 50 });
socket.on('alert_new', (message) => console.log(message.alert.severity));
// @ts-expect-error not a message type of the map
socket.on('alert_gone', () => undefined);

// An author's own widget bound to a <ws-connection> through the public SocketController.
class MyWidget extends LitElement {
  for?: string;
  ticks = 0;
  readonly link: SocketController = new SocketController(this, {
    status: (detail) => {
      if (detail.status === 'connected') this.link.socket?.send({ type: 'hello' });
    },
    message: (message) => {
      if (message.type === 'tick') this.ticks += 1;
    },
  });
  override render() {
    return html`${this.ticks}`;
  }
}
customElements.define('my-widget', MyWidget);
console.log(define);
