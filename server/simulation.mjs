// A simulated live site for the demo: NOC alerts and G-Code updates at a configurable rate.
import { raiseAlert, SEVERITIES } from './protocol/noc.js';
import { toChannel } from './protocol/gcode.js';

/**
 * @typedef {object} SimulationOptions
 * @property {number} [rate] events per second when the two rates below are not given (default 0.5)
 * @property {number} [alertsPerSecond] NOC `alert_new` frames per second (default `rate`)
 * @property {number} [gcodePerSecond] G-Code frames per second (default `rate / 2`)
 * @property {string} [clientId] NOC client the alerts belong to (default 'acme')
 * @property {string} [channel] G-Code channel (default 'user_1')
 */

const TITLES = [
  'Link down',
  'High CPU',
  'Disk 90% full',
  'BGP session flap',
  'Packet loss',
  'Cert expiring',
];
const SOURCES = ['core-rtr-1', 'edge-sw-4', 'db-primary', 'lb-west', 'vpn-gw'];
const THEMES = ['creativity', 'transformation', 'focus', 'renewal', 'balance', 'courage'];
const PLATFORMS = ['twitter', 'blog', 'newsletter'];

/** @template T @param {T[]} list @returns {T} */
const pick = (list) => /** @type {T} */ (list[Math.floor(Math.random() * list.length)]);

/**
 * Starts emitting; returns a handle whose `stop()` ends it.
 * @param {import('./protocol/hub.js').Hub} hub
 * @param {SimulationOptions} [options]
 */
export function startSimulation(hub, options = {}) {
  const { rate = 0.5, clientId = 'acme', channel = 'user_1' } = options;
  /** @type {NodeJS.Timeout[]} */
  const timers = [];
  /** @param {number} perSecond @param {() => void} fn */
  const every = (perSecond, fn) => {
    if (!(perSecond > 0)) return;
    const timer = setInterval(fn, 1000 / perSecond);
    timer.unref?.();
    timers.push(timer);
  };
  every(options.alertsPerSecond ?? rate, () => {
    const source = pick(SOURCES);
    raiseAlert(hub, {
      client_id: clientId,
      severity: pick(SEVERITIES),
      title: pick(TITLES),
      source,
      message: `Observed on ${source}`,
    });
  });
  let n = 0;
  every(options.gcodePerSecond ?? rate / 2, () => {
    n += 1;
    const date = new Date().toISOString().slice(0, 10);
    if (n % 5 === 0) {
      toChannel(hub, channel, {
        type: 'content_generated',
        data: { id: n, platform: pick(PLATFORMS), status: 'draft' },
      });
    } else if (n % 3 === 0) {
      toChannel(hub, channel, {
        type: 'annotation_added',
        data: { id: n, date, note: `Note ${n}` },
      });
    } else {
      const score = Math.floor(Math.random() * 101);
      const intensity = score < 40 ? 'low' : score < 70 ? 'medium' : 'high';
      toChannel(hub, channel, {
        type: 'gcode_updated',
        data: { date, g_code_score: score, intensity, themes: [pick(THEMES), pick(THEMES)] },
      });
    }
  });
  return { stop: () => timers.forEach(clearInterval) };
}
