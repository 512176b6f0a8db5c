// A Vue 3 consumer: `ws-widgets/vue` adds the five tags to GlobalComponents, which vue-tsc and
// Volar use to check SFC templates. Checked here at the type level: props and `on…` listeners.
import 'ws-widgets/vue';
import type { GlobalComponents } from 'vue';

type PropsOf<T extends 'ws-connection' | 'noc-alert-feed' | 'gcode-panel' | 'ws-status-badge' | 'ws-toast'> =
  InstanceType<GlobalComponents[T]>['$props'];

export const connection: PropsOf<'ws-connection'> = {
  url: '/ws/noc/dashboard/',
  reconnectInterval: 50,
  heartbeat: 'action-ping',
  exclusive: true,
  onConnectionStatus: (event) => console.log(event.detail.status, event.detail.attempt),
  onError: (event) => console.log(event.detail.kind),
  onMessage: (event) => console.log(event.detail.type),
};
export const feed: PropsOf<'noc-alert-feed'> = {
  clientId: 'acme',
  maxItems: 50,
  onAlertNew: (event) => console.log(event.detail.alert.severity),
  onAlertAcknowledged: (event) => console.log(event.detail.alertId),
};
export const panel: PropsOf<'gcode-panel'> = { channel: 'user_1', onGcodeUpdated: (event) => console.log(event.detail.themes) };
export const badge: PropsOf<'ws-status-badge'> = { for: 'noc' };
export const toasts: PropsOf<'ws-toast'> = { max: 3, onToastDismiss: (event) => console.log(event.detail.reason) };

// @ts-expect-error `reconnectInterval` is a number: bind it as `:reconnect-interval="50"`
export const wrongType: PropsOf<'ws-connection'> = { reconnectInterval: '50' };
// @ts-expect-error the alert detail has no `severity` at its top level
export const wrongDetail: PropsOf<'noc-alert-feed'> = { onAlertNew: (event) => event.detail.severity };
// @ts-expect-error `status` is read-only state, not a prop
export const readOnly: PropsOf<'ws-status-badge'> = { status: 'connected' };

type Instance = InstanceType<GlobalComponents['ws-connection']>;
export const emit = (instance: Instance) =>
  instance.$emit('connectionStatus', new CustomEvent('connectionStatus', { detail: { status: 'connected', previous: 'connecting', attempt: 0 } }));
