// Target: the in-browser stand-in (server/protocol/browser-stand-in.js), driven from Node. It
// needs no DOM, only what a page gives it: `document.cookie` and `location.origin` are set per
// socket as the vector's page would have them, and Node 20 lacks `CloseEvent`, so a minimal one
// stands in. Its frames cross no network; its HTTP answers come from its own `fetch`.
import { StandInServer } from '../../../server/protocol/browser-stand-in.js';
import { queueClient } from '../play.mjs';
import { HUB_FIXTURES, HUB_VARS, applyFixtures, hubAction, hubOptions } from './hub-fixtures.mjs';
import { tokenOf } from './node.mjs';

globalThis.CloseEvent ??= class CloseEvent extends Event {
  constructor(type, init = {}) {
    super(type);
    this.code = init.code ?? 1005;
    this.reason = init.reason ?? '';
    this.wasClean = init.wasClean ?? false;
  }
};

/** What the page around the stand-in shows it: its cookie and origin. */
function page({ cookie = '', origin = 'http://localhost' }) {
  globalThis.document = /** @type {Document} */ ({ cookie });
  globalThis.location = /** @type {Location} */ ({ origin });
}

export function standInTarget() {
  return {
    name: 'stand-in',
    fixtures: HUB_FIXTURES,
    async start() {},
    async stop() {
      delete globalThis.document;
      delete globalThis.location;
    },
    async prepare({ mode, setup }) {
      const server = new StandInServer({ latencyMs: 1, ...hubOptions({ mode, setup }) });
      const vars = {
        ...HUB_VARS,
        ...applyFixtures(server.hub, setup),
        token_url: 'http://stand-in.invalid/api/token',
        poll_url: server.pollUrl('/ws/'),
      };
      return {
        vars,
        async connect(path, { credential, via, origin }) {
          const token = tokenOf(credential, vars);
          const url = new URL(server.url(path));
          if (token !== undefined && via === 'query') url.searchParams.set('token', token);
          page({
            cookie: token !== undefined && via === 'cookie' ? `ws_token=${token}` : '',
            origin,
          });
          const socket = new server.WebSocket(String(url));
          return queueClient(socket, (s, on) => {
            s.addEventListener('message', (e) => on.message(String(e.data)));
            s.addEventListener('close', (e) => on.close(e.code, e.reason));
          });
        },
        async http({ get, credential, via }) {
          const token = tokenOf(credential, vars);
          const url = new URL(get);
          const headers = {};
          if (token !== undefined && via === 'bearer') headers.Authorization = `Bearer ${token}`;
          if (token !== undefined && via === 'query') url.searchParams.set('token', token);
          page({ cookie: token !== undefined && via === 'cookie' ? `ws_token=${token}` : '' });
          const response = await server.fetch(String(url), { headers });
          return { status: response.status, body: await response.json() };
        },
        action: async (name, args) =>
          hubAction(server.hub, (code, reason) => server.closeAll(code, reason), name, args),
        release: () => server.stop(),
      };
    },
  };
}
