// Target: the Django consumers of django/example on one Redis (the e2e cluster of
// test/e2e/processes.mjs), served as docs/django.md says: `python -m ws_widgets.serve` (Daphne
// passing close reasons, so `retry-after=N` reaches the client), its frame limit at 1 MiB as the
// Node server's, so the consumer's own 64 KiB check answers `too_large`. Auth modes are settings
// read at start: one server per mode, plus one with small limits (one socket per user, a 1 s
// heartbeat timeout). Alerts are raised with `manage.py ws_send_alert`; every vector gets a
// client id of its own, so its `seq` starts at 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, manage, startCluster, startServer } from '../../e2e/processes.mjs';
import { TOOLS_ENV, venvPython } from '../../../scripts/python-env.mjs';
import { httpGet, tokenOf, wsClient } from './node.mjs';

const DJANGO_DIR = resolve(fileURLToPath(import.meta.url), '../../../../django');
const PYTHON = process.env.PYTHON || venvPython(TOOLS_ENV);

/** A `ws_widgets.serve` process of example.asgi with `env` added to the cluster's; log in `logs`. */
async function serve(cluster, env, logs) {
  const port = await freePort();
  const argv = [PYTHON, '-m', 'ws_widgets.serve', '-b', '127.0.0.1', '-p', String(port)];
  argv.push('--websocket-max-message-size', String(1 << 20));
  argv.push('--websocket-max-frame-size', String(1 << 20), 'example.asgi:application');
  const logFile = join(logs, `serve-${port}.log`);
  return startServer(argv, { port, cwd: DJANGO_DIR, env: { ...cluster.env, ...env }, logFile });
}

const LIMITS = { WS_MAX_CONNECTIONS_PER_USER: '1', WS_HEARTBEAT_TIMEOUT: '1' };

export function djangoTarget() {
  let cluster;
  /** @type {Record<string, {http: string, port: number, stop: () => Promise<void>}>} */
  const daphnes = {};
  let users;
  let sessionCookie;
  let count = 0;
  const run = Date.now().toString(36);
  // The servers' output, kept with E2E_KEEP_LOGS=1 (as the e2e scripts do), else removed at the end.
  const logs = mkdtempSync(join(tmpdir(), 'ws-widgets-conformance-'));

  async function signIn(http, username, password) {
    const form = await fetch(`${http}/login/`);
    const csrf = /csrftoken=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1];
    const middleware = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await form.text())?.[1];
    const body = new URLSearchParams({ username, password, csrfmiddlewaretoken: middleware ?? '' });
    const response = await fetch(`${http}/login/`, {
      method: 'POST',
      body,
      redirect: 'manual',
      headers: { Cookie: `csrftoken=${csrf}`, Referer: `${http}/login/` },
    });
    const session = /sessionid=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    if (!session) throw new Error(`could not sign ${username} in (HTTP ${response.status})`);
    return `sessionid=${session}`;
  }

  return {
    name: 'django',
    fixtures: [
      'alert',
      'overrun_history',
      'restricted_origins',
      'one_connection_per_user',
      'short_heartbeat_timeout',
      'signed_out',
      'signed_in',
    ],
    async start() {
      cluster = await startCluster({ daphnes: 0 });
      users = Object.fromEntries(cluster.users.map((u) => [u.username, u]));
      const started = await Promise.all([
        serve(cluster, { WS_AUTH_MODE: 'connect' }, logs),
        serve(cluster, { WS_AUTH_MODE: 'message' }, logs),
        serve(cluster, { WS_AUTH_MODE: 'none' }, logs),
        serve(cluster, LIMITS, logs),
      ]);
      const [connect, message, none, limits] = started;
      Object.assign(daphnes, { connect, message, none, limits });
      sessionCookie = await signIn(connect.http, 'admin', cluster.password);
    },
    async stop() {
      await Promise.all(Object.values(daphnes).map((d) => d.stop()));
      await cluster?.stop();
      if (process.env.E2E_KEEP_LOGS) console.error(`conformance: Django logs kept in ${logs}`);
      else rmSync(logs, { recursive: true, force: true });
    },
    async prepare({ mode, setup }) {
      const names = setup.map((f) => f.fixture);
      const limited =
        names.includes('one_connection_per_user') || names.includes('short_heartbeat_timeout');
      const daphne = limited ? daphnes.limits : daphnes[mode];
      if (!daphne) throw new Error(`no Daphne for auth mode ${mode}`);
      const client = `conf-${run}-${++count}`;
      // admin may watch any client and channel; alice only acme and her own channel.
      const vars = {
        token: users.admin.token,
        bad_token: `${users.admin.token}x`,
        limited_token: users.alice.token,
        client,
        channel: `user_${users.admin.id}`,
        forbidden_client: 'globex',
        forbidden_channel: `user_${users.admin.id}`,
        token_url: `${daphne.http}/api/poll/token/`,
        poll_url: `${daphne.http}/api/poll/`,
      };
      const raise = (id, env = {}) =>
        manage({ env: { ...cluster.env, ...env } }, [
          'ws_send_alert',
          client,
          '--title',
          'Conformance alert',
          '--id',
          id,
        ]);
      for (const f of setup) {
        if (f.fixture === 'alert') {
          vars.alert_id = `${client}-a`;
          await raise(vars.alert_id);
        }
        if (f.fixture === 'overrun_history') {
          // Redis trims a stream by whole nodes of 100 entries: 250 frames into a history of 2
          // leave the first ones out for certain. One `send_alerts` call, not 250 processes.
          vars.history_head = 250;
          const code = `from ws_widgets.broadcast import send_alerts; send_alerts(${JSON.stringify(client)}, [{"title": f"Alert {n}"} for n in range(250)])`;
          await manage({ env: { ...cluster.env, WS_HISTORY_SIZE: '2' } }, ['shell', '-c', code]);
        }
      }
      const ws = `ws://127.0.0.1:${daphne.port}`;
      return {
        vars,
        connect: async (path, { credential, via, origin }) =>
          wsClient(`${ws}${path}`, { token: tokenOf(credential, vars), via, origin }),
        http: ({ get, credential, via }) =>
          credential === 'session'
            ? fetch(get, { headers: { Cookie: sessionCookie } }).then(async (r) => ({
                status: r.status,
                body: await r.json(),
              }))
            : httpGet(get, { token: tokenOf(credential, vars), via }),
        async action(name, args) {
          if (name === 'raise_alert')
            return void (await raise(args.id ?? `${client}-${Date.now()}`));
          if (name === 'gcode') {
            const { kind, score, intensity, theme, note, platform, status } = args;
            const how =
              kind === 'annotation'
                ? ['--annotation', note]
                : kind === 'content'
                  ? ['--content', `${platform}:${status}`]
                  : ['--score', String(score), '--intensity', intensity, '--theme', theme];
            return void (await manage(cluster, ['ws_send_gcode', String(users.admin.id), ...how]));
          }
          throw new Error(`unknown action ${name}`);
        },
      };
    },
  };
}
