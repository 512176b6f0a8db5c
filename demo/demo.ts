// The demo page's buttons: each calls the reference server's control API (`POST /control/<op>`,
// proxied by Vite) so a visitor can watch reconnection, heartbeat timeouts and auth refusal.
import type { WsConnection, WsToast } from '../components/index.js';

const SILENCE_MS = 12_000;
const RESTART_DOWN_MS = 6_000;
const BURST = 25;
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
    await control('tokens', { validTokens: [] });
    return 'Every token is revoked: the server closed the sockets with 4001.';
  },
  async restore() {
    tokenSerial += 1;
    const token = `fresh-token-${tokenSerial}`;
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
