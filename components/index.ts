// The elements' entry: classes, `toast()` and public types. Registers nothing (see define-all.ts).
export { WsConnection, type WsConnectionEventMap } from './ws-connection/ws-connection.js';
export { WsStatusBadge } from './ws-status-badge/ws-status-badge.js';
export { WsToast, type ToastDismissDetail } from './ws-toast/ws-toast.js';
export {
  NocAlertFeed,
  type AlertNewDetail,
  type AlertAcknowledgedDetail,
  type AlertRecoveryDetail,
} from './noc-alert-feed/noc-alert-feed.js';
export { GcodePanel, type GcodeUpdatedDetail } from './gcode-panel/gcode-panel.js';
export { toast } from './ws-toast/toast.js';
export { ToastVariant, type ToastOptions } from './ws-toast/toast-stack.js';
export { countdownText, statusText, latencyText } from './ws-status-badge/status-text.js';
export { Severity, type NocAlert } from './noc-alert-feed/alert.js';
export { AlertState, type AlertEntry } from './noc-alert-feed/alert-store.js';
export type {
  GcodeData,
  Annotation,
  GeneratedContent,
  GcodeState,
} from './gcode-panel/gcode-data.js';
// For authors of their own widgets bound to a <ws-connection> (docs/elements.md). The context,
// the ready event's name and the define helper stay internal: the controller wraps them.
export { SocketController, type SocketHandlers } from './internal/socket-controller.js';
