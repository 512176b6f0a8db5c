// The NOC dashboard endpoint (/ws/noc/dashboard/): client subscriptions, alerts, acknowledgements.
// Gap-free (PROTOCOL.md 0.2): alert_new and alert_acknowledged carry their client's `seq`, and a
// subscribe_client with `since` is answered from the history (noc-stream.js).
import { answerSubscribe, number } from './noc-stream.js';

/** @typedef {import('./hub.js').Hub} Hub */
/** @typedef {import('./hub.js').Session} Session */
/**
 * @typedef {{id: string, client_id: string, severity: string, title: string, message: string,
 *   source: string, created_at: string}} Alert
 */

export const NOC_PATH = '/ws/noc/dashboard/';
export const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'];
const MAX_ALERTS = 10000;

/** The `connected` frame sent once a NOC session is authenticated. */
export function nocGreeting(/** @type {Session} */ session) {
  return { type: 'connected', user: session.user, permissions: ['noc:view', 'noc:acknowledge'] };
}

/**
 * Handles a NOC frame; returns false for frames it does not know.
 * @param {Hub} hub
 * @param {Session} session
 * @param {Record<string, unknown>} frame
 */
export function handleNoc(hub, session, frame) {
  if (frame.type === 'subscribe_client') {
    // Every refusal names what it refuses, so a client with several requests in flight can tell.
    const named = { client_id: frame.client_id };
    if (typeof frame.client_id !== 'string' || frame.client_id === '') {
      hub.error(
        session,
        'subscribe_client needs a non-empty string client_id',
        'invalid_client',
        named,
      );
      return true;
    }
    const since = frame.since ?? undefined;
    if (since !== undefined && !(Number.isInteger(since) && /** @type {number} */ (since) >= 0)) {
      hub.error(
        session,
        'subscribe_client: since must be a whole number, the last seq seen',
        'invalid_since',
        named,
      );
      return true;
    }
    session.clients.add(frame.client_id);
    answerSubscribe(hub, session, frame.client_id, /** @type {number | undefined} */ (since));
    return true;
  }
  if (frame.type === 'acknowledge_alert') {
    if (hub.options.ackMode === 'ignore') return true;
    const raw = frame.alert_id;
    // A number is taken as its text, as the Django consumer does; anything else is no id at all.
    const id = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
    if (typeof id !== 'string' || id === '' || id.length > 128) {
      hub.error(session, 'acknowledge_alert needs an alert_id', 'invalid_alert', { alert_id: raw });
      return true;
    }
    const alert = hub.alerts.get(id);
    if (!alert) {
      hub.error(session, `no alert with id ${id}`, 'unknown_alert', { alert_id: frame.alert_id });
    } else if (hub.options.ackMode === 'error') {
      hub.error(session, `acknowledging alert ${id} failed`, 'ack_failed', {
        alert_id: frame.alert_id,
      });
    } else {
      const earlier = hub.acks.get(alert.id);
      // Stored once: a repeat (another operator was first) is answered to its sender only, without
      // `seq` (an answer, not part of the stream).
      if (earlier) hub.out(session, earlier);
      else {
        const ack = {
          type: 'alert_acknowledged',
          alert_id: alert.id,
          client_id: alert.client_id,
          acknowledged_by: session.user,
          acknowledged_at: new Date().toISOString(),
        };
        hub.acks.set(alert.id, ack);
        toSubscribers(hub, alert.client_id, ack);
        if (!session.clients.has(alert.client_id)) hub.out(session, ack);
      }
    }
    return true;
  }
  return false;
}

/**
 * Completes an alert from partial fields (id, created_at...), numbers it in its client's stream
 * and sends `alert_new` to the subscribers of its client. Throws on a bad field. With `live`
 * false it is numbered and kept but sent to nobody: a frame lost on the way, for tests.
 * @param {Hub} hub
 * @param {Partial<Alert>} [fields]
 * @param {{live?: boolean}} [how]
 * @returns {{alert: Alert, count: number}}
 */
export function raiseAlert(hub, fields = {}, { live = true } = {}) {
  const n = (hub.alertCounter += 1);
  if (fields.severity !== undefined && !SEVERITIES.includes(fields.severity)) {
    throw new TypeError(
      `alert severity must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(fields.severity)})`,
    );
  }
  /** @type {Alert} */
  const alert = {
    id: String(fields.id ?? `alert-${n}`),
    client_id: fields.client_id ?? 'acme',
    severity: fields.severity ?? 'warning',
    title: fields.title ?? `Alert ${n}`,
    message: fields.message ?? 'Something needs attention',
    source: fields.source ?? 'reference-server',
    created_at: fields.created_at ?? new Date().toISOString(),
  };
  hub.alerts.set(alert.id, alert);
  // A long-running demo raises alerts forever: keep the newest ones acknowledgeable.
  const oldest = hub.alerts.keys().next().value;
  if (hub.alerts.size > MAX_ALERTS && oldest !== undefined) {
    hub.alerts.delete(oldest);
    hub.acks.delete(oldest);
  }
  const frame = { type: 'alert_new', alert };
  return {
    alert,
    count: live
      ? toSubscribers(hub, alert.client_id, frame)
      : (number(hub, alert.client_id, frame), 0),
  };
}

/**
 * Numbers a frame in the client's stream and sends it to every session subscribed to `clientId`;
 * returns how many.
 * @param {Hub} hub
 * @param {string} clientId
 * @param {Record<string, unknown>} frame
 */
function toSubscribers(hub, clientId, frame) {
  const numbered = number(hub, clientId, frame);
  let count = 0;
  for (const s of hub.live(NOC_PATH)) {
    if (!s.clients.has(clientId)) continue;
    if (hub.out(s, numbered)) count += 1;
  }
  // A poll that names its client follows the stream; one that does not reads this log.
  hub.polls.append(NOC_PATH, numbered, clientId);
  hub.waiters.notify();
  return count;
}
