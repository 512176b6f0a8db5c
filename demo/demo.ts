// The demo page's buttons: each calls the reference server's control API (`POST /control/<op>`,
// proxied by Vite) so a visitor can watch reconnection, heartbeat timeouts and auth refusal.
import type { WsConnection, WsToast } from '../components/index.js';

const SILENCE_MS = 12_000;
const RESTART_DOWN_MS = 6_000;
const BURST = 25;
// Seconds each "retry-after" button advises (CONTRACT 0.2: 1012, 1013, 4429).
const ADVICE_S = { restart: 4, busy: 6, throttle: 3 };
const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;

let tokenSerial = 0;

async function control(op: string, body: Record<string, unknown> = {}): Promise<unknown> {
  const response = await fetch(`/control/${op}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = (answer as { error?: unknown }).error;
    throw new Error(typeof error === 'string' ? error : `HTTP ${response.status}`);
  }
  return answer;
}

const connections = () => [...document.querySelectorAll<WsConnection>('ws-connection')];
const say = (text: string) => {
  const out = document.querySelector('#op-result');
  if (out) out.textContent = text;
};
const toast = (message: string, variant: 'info' | 'success' | 'warning' | 'error' = 'info') =>
  document.querySelector<WsToast>('ws-toast')?.show(message, { variant });

/** What each button does; the text it returns goes to the page's status line. */
const operations: Record<string, () => Promise<string>> = {
  async drop() {
    await control('dropAll');
    return 'Dropped every socket without a close frame.';
  },
  async silence() {
    await control('silence', { on: true });
    setTimeout(() => {
      control('silence', { on: false })
        .then(() => say('The server talks again.'))
        .catch((error: unknown) => say(`Could not end the silence: ${String(error)}`));
    }, SILENCE_MS);
    return `The server is silent for ${SILENCE_MS / 1000} s: no answers, no frames.`;
  },
  async revoke() {
    // Signed out: the token URL refuses too, so the one refresh each connection tries fails.
    await control('setOptions', { tokenEndpoint: 'refuse' });
    await control('tokens', { validTokens: [] });
    return 'Every token is revoked and the user signed out: the server closed the sockets with 4001.';
  },
  async expire() {
    await control('tokens', { validTokens: [] });
    return 'Every token expired (4001): the connections fetch a fresh one from /api/token and reconnect.';
  },
  async restart1012() {
    await control('closeAll', { code: 1012, reason: `retry-after=${ADVICE_S.restart}` });
    return `Closed with 1012 "retry-after=${ADVICE_S.restart}": the connections wait as advised.`;
  },
  async busy1013() {
    await control('closeAll', { code: 1013, reason: `retry-after=${ADVICE_S.busy}` });
    return `Closed with 1013 "retry-after=${ADVICE_S.busy}": the connections wait as advised.`;
  },
  async throttle4429() {
    await control('closeAll', { code: 4429, reason: `retry-after=${ADVICE_S.throttle}` });
    return `Closed with 4429 "retry-after=${ADVICE_S.throttle}": the connections wait as advised.`;
  },
  async restore() {
    tokenSerial += 1;
    const token = `fresh-token-${tokenSerial}`;
    await control('setOptions', { tokenEndpoint: 'issue' });
    await control('tokens', { validTokens: [token], closeInvalid: false });
    for (const connection of connections()) connection.updateToken(token);
    return `New token issued and handed to the connections with updateToken().`;
  },
  async restart() {
    say(`Restarting: the server is down for ${RESTART_DOWN_MS / 1000} s…`);
    await control('restart', { downMs: RESTART_DOWN_MS });
    return 'The server is back; the connections find it on their next retry.';
  },
  async burst() {
    await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        control('alert', {
          client_id: 'acme',
          severity: SEVERITIES[i % SEVERITIES.length],
          title: `Burst alert ${i + 1}`,
          source: 'demo-burst',
          message: 'Raised by the burst button',
        }),
      ),
    );
    return `${BURST} alerts raised at once.`;
  },
};

// The alerts connection is shared by every tab of the demo (share="tabs"): say which one holds it.
const noc = document.querySelector<WsConnection>('#noc');
const role = document.querySelector<HTMLElement>('#tab-role');
const showRole = () => {
  if (!noc || !role) return;
  role.hidden = false;
  role.textContent = noc.leader ? 'This tab holds the alerts socket' : 'Alerts through another tab';
  role.classList.toggle('leads', noc.leader);
};
noc?.addEventListener('leaderChange', showRole);
noc?.addEventListener('connectionStatus', showRole);

document.querySelector('.buttons')?.addEventListener('click', (event) => {
  const button = (event.target as Element).closest<HTMLButtonElement>('button[data-op]');
  const run = button?.dataset.op ? operations[button.dataset.op] : undefined;
  if (!button || !run) return;
  button.disabled = true;
  run()
    // The widgets announce what happens to the connections; the status line says what was done.
    .then((text) => say(text))
    .catch((error: unknown) => {
      const text = `The control API refused: ${error instanceof Error ? error.message : String(error)}`;
      say(text);
      toast(text, 'error');
    })
    .finally(() => (button.disabled = false));
});
