// What each element takes from a framework template (properties, dashed attributes) and which
// events it dispatches, shared by the React and Vue typings (types/react.ts, types/vue.ts).
import type {
  AlertAcknowledgedDetail,
  AlertNewDetail,
  GcodePanel,
  GcodeUpdatedDetail,
  NocAlertFeed,
  ToastDismissDetail,
  WsConnection,
  WsConnectionEventMap,
  WsStatusBadge,
  WsToast,
} from '../components/index.js';
import type { ErrorDetail } from '../src/types.js';

/**
 * One element: its class, the properties a template may set (read-only state such as `status`
 * is left out), its multi-word attributes mapped to the property each sets, and its events.
 */
interface Definition<E extends HTMLElement, P extends keyof E, A extends Record<string, P>, V> {
  element: E;
  properties: P;
  attributes: A;
  events: V;
}

export interface WsWidgetsElements {
  'ws-connection': Definition<
    WsConnection,
    | 'url'
    | 'token'
    | 'auth'
    | 'reconnectInterval'
    | 'maxReconnectDelay'
    | 'maxReconnectAttempts'
    | 'jitter'
    | 'heartbeat'
    | 'heartbeatInterval'
    | 'heartbeatTimeout'
    | 'readyMessage'
    | 'tokenUrl'
    | 'refreshToken'
    | 'queueSize'
    | 'pollingUrl'
    | 'pollingInterval'
    | 'manual'
    | 'exclusive',
    {
      'reconnect-interval': 'reconnectInterval';
      'max-reconnect-delay': 'maxReconnectDelay';
      'max-reconnect-attempts': 'maxReconnectAttempts';
      'heartbeat-interval': 'heartbeatInterval';
      'heartbeat-timeout': 'heartbeatTimeout';
      'ready-message': 'readyMessage';
      'token-url': 'tokenUrl';
      'queue-size': 'queueSize';
      'polling-url': 'pollingUrl';
      'polling-interval': 'pollingInterval';
    },
    WsConnectionEventMap
  >;
  'ws-status-badge': Definition<WsStatusBadge, 'for', Record<never, never>, Record<never, never>>;
  'ws-toast': Definition<
    WsToast,
    'for' | 'max' | 'duration',
    Record<never, never>,
    { 'toast-dismiss': CustomEvent<ToastDismissDetail> }
  >;
  'noc-alert-feed': Definition<
    NocAlertFeed,
    'for' | 'clientId' | 'maxItems' | 'severity' | 'ackTimeout' | 'label',
    { 'client-id': 'clientId'; 'max-items': 'maxItems'; 'ack-timeout': 'ackTimeout' },
    {
      'alert-new': CustomEvent<AlertNewDetail>;
      'alert-acknowledged': CustomEvent<AlertAcknowledgedDetail>;
    }
  >;
  'gcode-panel': Definition<
    GcodePanel,
    'for' | 'channel',
    Record<never, never>,
    { 'gcode-updated': CustomEvent<GcodeUpdatedDetail>; error: CustomEvent<ErrorDetail> }
  >;
}

export type WsWidgetsTag = keyof WsWidgetsElements;

type Def<T extends WsWidgetsTag> = WsWidgetsElements[T];

/** The settable properties of `T`, all optional, typed as on the class. */
export type ElementProperties<T extends WsWidgetsTag> = Partial<
  Pick<Def<T>['element'], Def<T>['properties'] & keyof Def<T>['element']>
>;

/** A markup attribute carries text; numbers and booleans are also accepted and stringified. */
type AttributeValue<V> = [NonNullable<V>] extends [number] ? number | string : NonNullable<V>;

/** The dashed attributes of `T` (`reconnect-interval`), typed after the property each one sets. */
export type ElementAttributes<T extends WsWidgetsTag> = {
  [A in keyof Def<T>['attributes']]?: AttributeValue<
    Def<T>['element'][Def<T>['attributes'][A] & keyof Def<T>['element']]
  >;
};

/** The events `T` dispatches, by name. */
export type ElementEvents<T extends WsWidgetsTag> = Def<T>['events'];

/** `alert-new` → `AlertNew`, `connectionStatus` → `ConnectionStatus`. */
export type PascalEventName<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalEventName<Capitalize<Tail>>}`
  : Capitalize<S>;
