// Typed DOM events of the elements: detail types and the global event-map augmentations.
import type { ConnectionStatusDetail, ErrorDetail, Message } from '../../src/types.js';
import type { NocAlert } from '../noc-alert-feed/alert.js';
import type { GcodeData } from '../gcode-panel/gcode-data.js';

export type { ConnectionStatusDetail, ErrorDetail, Message };

/** `alert-new`: an alert that was not already in the feed. */
export interface AlertNewDetail {
  alert: NocAlert;
}

/** `alert-acknowledged`: the server confirmed an acknowledgement (by this client or another). */
export interface AlertAcknowledgedDetail {
  alertId: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  /** The alert, when the feed still holds it. */
  alert?: NocAlert;
}

/** `gcode-updated`: the day's G-Code figures changed. */
export type GcodeUpdatedDetail = GcodeData;

/**
 * Events of `<ws-connection>`. `error` and `message` clash with the DOM's own `error` and
 * `message` event types, so they are typed on the element's `addEventListener` (see
 * WsConnection) rather than in the global maps.
 */
export interface WsConnectionEventMap {
  connectionStatus: CustomEvent<ConnectionStatusDetail>;
  /** `connectionStatus` again, under the name Vue derives from `onConnectionStatus`. */
  'connection-status': CustomEvent<ConnectionStatusDetail>;
  error: CustomEvent<ErrorDetail>;
  message: CustomEvent<Message>;
}

/** Events whose names are unique to this kit, typed on every element and on document. */
declare global {
  interface GlobalEventHandlersEventMap {
    connectionStatus: CustomEvent<ConnectionStatusDetail>;
    'connection-status': CustomEvent<ConnectionStatusDetail>;
    'alert-new': CustomEvent<AlertNewDetail>;
    'alert-acknowledged': CustomEvent<AlertAcknowledgedDetail>;
    'gcode-updated': CustomEvent<GcodeUpdatedDetail>;
  }
}

/** Builds a CustomEvent; kit events bubble and cross shadow roots unless said otherwise. */
export function kitEvent<T>(type: string, detail: T, bubbles = true): CustomEvent<T> {
  return new CustomEvent<T>(type, { detail, bubbles, composed: bubbles });
}
