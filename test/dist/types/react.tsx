// A React 19 consumer: `ws-widgets/react` puts the five tags into React.JSX with their
// properties, dashed attributes and `on<event>` props typed by each event's detail.
import 'ws-widgets/react';
import type { ConnectionStatusDetail } from 'ws-widgets';

export function Dashboard({ onStatus }: { onStatus: (detail: ConnectionStatusDetail) => void }) {
  return (
    <ws-connection
      id="noc"
      url="/ws/noc/dashboard/"
      token="t"
      reconnect-interval={50}
      max-reconnect-attempts="Infinity"
      heartbeat="heartbeat"
      exclusive
      className="connection"
      onconnectionStatus={(event) => onStatus(event.detail)}
      onerror={(event) => console.log(event.detail.kind)}
      onmessage={(event) => console.log(event.detail.type)}
    >
      <ws-status-badge for="noc" />
      <noc-alert-feed
        client-id="acme"
        maxItems={50}
        onalert-new={(event) => console.log(event.detail.alert.title)}
        onalert-acknowledged={(event) => console.log(event.detail.acknowledgedBy)}
      />
      <gcode-panel channel="user_1" ongcode-updated={(event) => console.log(event.detail.g_code_score)} />
      <ws-toast max={3} ontoast-dismiss={(event) => console.log(event.detail.reason)} />
    </ws-connection>
  );
}

export const wrongAttribute = (
  // @ts-expect-error `heartbeat` is one of the heartbeat dialects
  <ws-connection url="/ws/" heartbeat="sometimes" />
);
export const wrongDetail = (
  // @ts-expect-error the status detail has no `latency`
  <ws-connection url="/ws/" onconnectionStatus={(event) => event.detail.latency} />
);
export const wrongProperty = (
  // @ts-expect-error `maxItems` is a number
  <noc-alert-feed maxItems="many" />
);
export const unknownProp = (
  // @ts-expect-error not a property of the badge (TypeScript never checks unknown dashed names)
  <ws-status-badge clientId="acme" />
);
export const wrongDashedEvent = (
  // @ts-expect-error the alert detail has no `severity` at its top level
  <noc-alert-feed onalert-new={(event) => event.detail.severity} />
);
