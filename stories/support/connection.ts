// A `<ws-connection>` wired to a stand-in server, with the attributes a story needs.
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { StandInServer } from '../../server/protocol/browser-stand-in.js';

export const NOC = '/ws/noc/dashboard/';
export const GCODE = '/ws/dashboard/';

export interface ConnectionSetup {
  id?: string;
  token?: string;
  auth?: 'query' | 'message' | 'cookie';
  heartbeat?: 'ping' | 'heartbeat' | 'action-ping' | 'none';
  heartbeatInterval?: number;
  heartbeatTimeout?: number;
  reconnectInterval?: number;
  maxReconnectDelay?: number;
  maxReconnectAttempts?: number;
  jitter?: number;
  readyMessage?: string;
  pollingUrl?: string;
  pollingInterval?: number;
  manual?: boolean;
}

/** `<ws-connection>` to `path` on `server`, holding `content`. Jitter defaults to 0 so countdowns read evenly. */
export function connection(
  server: StandInServer,
  path: string,
  o: ConnectionSetup = {},
  content: TemplateResult | typeof nothing = nothing,
): TemplateResult {
  return html`<ws-connection
    id=${ifDefined(o.id)}
    url=${server.url(path)}
    .WebSocket=${server.WebSocket}
    token=${ifDefined(o.token)}
    auth=${ifDefined(o.auth)}
    heartbeat=${ifDefined(o.heartbeat)}
    heartbeat-interval=${ifDefined(o.heartbeatInterval)}
    heartbeat-timeout=${ifDefined(o.heartbeatTimeout)}
    reconnect-interval=${ifDefined(o.reconnectInterval)}
    max-reconnect-delay=${ifDefined(o.maxReconnectDelay)}
    max-reconnect-attempts=${ifDefined(o.maxReconnectAttempts)}
    jitter=${o.jitter ?? 0}
    ready-message=${ifDefined(o.readyMessage)}
    polling-url=${ifDefined(o.pollingUrl)}
    polling-interval=${ifDefined(o.pollingInterval)}
    ?manual=${o.manual ?? false}
    >${content}</ws-connection
  >`;
}
