// Every event prop the kit's React typings offer, each with a handler that sets state (the
// harness checks that each one fired), and the hooks on the reference server.
import { useEffect, useState } from 'react';
import type { ReconnectingSocket } from 'ws-widgets';
import { useMessage, useSocket } from 'ws-widgets/react';

const server = new URLSearchParams(location.search).get('server') ?? '127.0.0.1:8765';
const ws = (path: string) => `ws://${server}${path}`;
const TOKEN = 'good-token';

interface PresenceMessages {
  stats: { connections: number };
}

declare global {
  interface Window {
    sharedSocket?: ReconnectingSocket;
  }
}

function Hooks() {
  const presence = useSocket<PresenceMessages>(ws('/ws/noc/presence/'), {
    token: TOKEN,
    heartbeat: 'heartbeat',
    heartbeatInterval: 300,
  });
  const [connections, setConnections] = useState<number>();
  // Every type lastMessage has held: a heartbeat answer soon replaces any other message.
  const [types, setTypes] = useState<string[]>([]);
  const { lastMessage } = presence;
  useEffect(() => {
    if (lastMessage)
      setTypes((seen) => (seen.includes(lastMessage.type) ? seen : [...seen, lastMessage.type]));
  }, [lastMessage]);
  useMessage(presence.socket, 'stats', (message) => setConnections(message.connections));
  // The element's URL and token: the hook gets the element's socket.
  const shared = useSocket(ws('/ws/noc/dashboard/'), { token: TOKEN });
  const refused = useSocket(ws('/ws/mobile/sync/'), { token: 'stale-token' });
  useEffect(() => {
    window.sharedSocket = shared.socket;
  }, [shared.socket]);
  return (
    <section aria-label="hooks">
      <p id="presence">{presence.status}</p>
      <p id="latency">{presence.latency ?? ''}</p>
      <p id="last">{types.join(' ')}</p>
      <p id="connections">{connections ?? ''}</p>
      <button onClick={() => presence.send({ type: 'get_stats' })}>Stats</button>
      <button onClick={presence.disconnect}>Disconnect</button>
      <button onClick={presence.connect}>Connect</button>
      <p id="shared">{shared.status}</p>
      <p id="refused">{`${refused.status} ${refused.error?.kind ?? ''}`}</p>
    </section>
  );
}

export function App() {
  const [events, setEvents] = useState<string[]>([]);
  const log = (entry: string) => setEvents((all) => [...all, entry]);
  return (
    <main>
      <ws-connection
        id="noc"
        url={ws('/ws/noc/dashboard/')}
        token={TOKEN}
        reconnectInterval={50}
        readyMessage="connection_established"
        onconnectionStatus={(e) => log(`connectionStatus:${e.detail.status}`)}
        onmessage={(e) => e.detail.type === 'subscribed' && log('message:subscribed')}
        onerror={(e) => log(`error:${e.detail.kind}`)}
      >
        <ws-status-badge />
        <noc-alert-feed
          clientId="acme"
          maxItems={50}
          onalert-new={(e) => log(`alert-new:${e.detail.alert.title}`)}
          onalert-acknowledged={(e) => log(`alert-acknowledged:${e.detail.acknowledgedBy}`)}
        />
        <ws-toast max={3} ontoast-dismiss={(e) => log(`toast-dismiss:${e.detail.reason}`)} />
      </ws-connection>
      <ws-connection
        id="gcode"
        url={ws('/ws/dashboard/')}
        token={TOKEN}
        reconnectInterval={50}
        onconnection-status={(e) => log(`connection-status:${e.detail.status}`)}
      >
        <gcode-panel
          channel="user_1"
          ongcode-updated={(e) => log(`gcode-updated:${e.detail.g_code_score}`)}
        />
        <gcode-panel channel="user_1" onerror={(e) => log(`gcode-panel error:${e.detail.kind}`)}>
          <script type="application/json">{'{not json'}</script>
        </gcode-panel>
      </ws-connection>
      <Hooks />
      <ol aria-label="events">
        {events.map((entry, i) => (
          <li key={i}>{entry}</li>
        ))}
      </ol>
    </main>
  );
}
