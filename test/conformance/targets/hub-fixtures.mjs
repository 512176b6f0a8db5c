// The fixtures and actions of the two targets that run the reference server's Hub (the Node
// server and the in-browser stand-in): a fresh hub per vector, set up through its options and
// the same calls the control API makes.
import { toChannel } from '../../../server/protocol/gcode.js';
import { raiseAlert } from '../../../server/protocol/noc.js';

/** Fixtures both hub targets implement: hub options, or alerts raised before the vector. */
export const HUB_FIXTURES = [
  'alert',
  'overrun_history',
  'restricted_origins',
  'one_connection_per_user',
  'short_heartbeat_timeout',
  'ack_fails',
  'signed_out',
  'signed_in',
];

const OPTIONS = {
  overrun_history: { historySize: 2 },
  restricted_origins: { allowedOrigins: ['http://localhost', 'http://127.0.0.1'] },
  one_connection_per_user: { maxConnectionsPerUser: 1 },
  short_heartbeat_timeout: { heartbeatTimeoutMs: 1000 },
  ack_fails: { ackMode: 'error' },
  signed_out: { tokenEndpoint: 'refuse' },
};

/** The server options a vector's mode and fixtures ask for. */
export function hubOptions({ mode, setup }) {
  return Object.assign({ auth: mode }, ...setup.map((f) => OPTIONS[f.fixture] ?? {}));
}

/** The variables every hub target gives the vectors (the client is fresh on a fresh hub). */
export const HUB_VARS = {
  token: 'good-token',
  bad_token: 'bad-token',
  client: 'acme',
  channel: 'user_42',
};

/** Raises what the fixtures ask for on a fresh hub; returns the variables they define. */
export function applyFixtures(hub, setup) {
  const vars = {};
  for (const f of setup) {
    if (f.fixture === 'alert') vars.alert_id = raiseAlert(hub, { client_id: 'acme' }).alert.id;
    if (f.fixture === 'overrun_history') {
      vars.history_head = 3; // three frames into a history of two
      for (let i = 0; i < 3; i++) raiseAlert(hub, { client_id: 'acme' });
    }
  }
  return vars;
}

/**
 * A G-Code frame as `do: gcode` asks for it. The Node server builds none of its own (the demo's
 * simulation and the tests push them), so this is the frame Django's send_* functions build.
 */
function gcodeFrame({ kind, score, intensity, theme, note, platform, status }) {
  const date = new Date().toISOString().slice(0, 10);
  if (kind === 'annotation') return { type: 'annotation_added', data: { id: 1, date, note } };
  if (kind === 'content') return { type: 'content_generated', data: { id: 1, platform, status } };
  return {
    type: 'gcode_updated',
    data: { date, g_code_score: score, intensity, themes: [theme] },
  };
}

/** The `do` steps of the vectors, on a hub; `closeAll(code, reason)` is the transport's. */
export function hubAction(hub, closeAll, name, args) {
  if (name === 'raise_alert') return void raiseAlert(hub, { client_id: 'acme', ...args });
  if (name === 'gcode') return void toChannel(hub, HUB_VARS.channel, gcodeFrame(args));
  if (name === 'server_close') return void closeAll(args.code, args.reason);
  throw new Error(`unknown action ${name}`);
}
