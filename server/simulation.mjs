// A simulated live site for the demo: alerts and G-Code updates at a configurable rate.
import { raiseAlert, SEVERITIES } from './protocol/noc.js';
import { toChannel } from './protocol/gcode.js';

const TITLES = ['Link down', 'High CPU', 'Disk 90% full', 'BGP session flap', 'Packet loss', 'Cert expiring'];
const SOURCES = ['core-rtr-1', 'edge-sw-4', 'db-primary', 'lb-west', 'vpn-gw'];
const THEMES = ['creativity', 'transformation', 'focus', 'renewal', 'balance', 'courage'];

const pick = (list) => list[Math.floor(Math.random() * list.length)];

export function startSimulation(hub, { rate = 0.5, alertsPerSecond, gcodePerSecond, clientId = 'acme', channel = 'user_1' } = {}) {
  const timers = [];
  const every = (perSecond, fn) => {
    if (perSecond > 0) timers.push(setInterval(fn, 1000 / perSecond));
  };
  every(alertsPerSecond ?? rate, () =>
    raiseAlert(hub, {
      client_id: clientId,
      severity: pick(SEVERITIES),
      title: pick(TITLES),
      source: pick(SOURCES),
      message: `Observed on ${pick(SOURCES)}`,
    }),
  );
  let n = 0;
  every(gcodePerSecond ?? rate / 2, () => {
    n += 1;
    const date = new Date().toISOString().slice(0, 10);
    if (n % 3 === 0) toChannel(hub, channel, { type: 'annotation_added', data: { id: n, date, note: `Note ${n}` } });
    else if (n % 5 === 0) toChannel(hub, channel, { type: 'content_generated', data: { id: n, platform: pick(['twitter', 'blog', 'newsletter']), status: 'draft' } });
    else toChannel(hub, channel, { type: 'gcode_updated', data: { date, g_code_score: Math.floor(Math.random() * 101), intensity: pick(['low', 'medium', 'high']), themes: [pick(THEMES), pick(THEMES)] } });
  });
  return { stop: () => timers.forEach(clearInterval) };
}
