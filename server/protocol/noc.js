// The NOC dashboard endpoint (/ws/noc/dashboard/): client subscriptions, alerts, acknowledgements.

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
    if (typeof frame.client_id !== 'string' || frame.client_id === '') {
      hub.error(session, 'subscribe_client needs a non-empty string client_id', 'invalid_client');
      return true;
    }
    session.clients.add(frame.client_id);
    hub.out(session, { type: 'subscribed', client_id: frame.client_id });
    return true;
  }
  if (frame.type === 'acknowledge_alert') {
    const id = String(frame.alert_id);
    const alert = hub.alerts.get(id);
    if (hub.options.ackMode === 'ignore') return true;
    if (!alert) {
      hub.error(session, `no alert with id ${id}`, 'unknown_alert', { alert_id: frame.alert_id });
    } else if (hub.options.ackMode === 'error') {
      hub.error(session, `acknowledging alert ${id} failed`, 'ack_failed', {
        alert_id: frame.alert_id,
      });
    } else {
      toSubscribers(hub, alert.client_id, {
        type: 'alert_acknowledged',
        alert_id: alert.id,
        acknowledged_by: session.user,
        acknowledged_at: new Date().toISOString(),
      });
    }
    return true;
  }
  return false;
}

/**
 * Completes an alert from partial fields (id, created_at...) and sends `alert_new` to the
 * subscribers of its client (and the poll log). Throws on a bad field.
 * @param {Hub} hub
 * @param {Partial<Alert>} [fields]
 * @returns {{alert: Alert, count: number}}
 */
export function raiseAlert(hub, fields = {}) {
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
  if (hub.alerts.size > MAX_ALERTS && oldest !== undefined) hub.alerts.delete(oldest);
  return { alert, count: toSubscribers(hub, alert.client_id, { type: 'alert_new', alert }) };
}

/**
 * Sends a frame to every session subscribed to `clientId`; returns how many.
 * @param {Hub} hub
 * @param {string} clientId
 * @param {object} frame
 */
function toSubscribers(hub, clientId, frame) {
  let count = 0;
  for (const s of hub.live(NOC_PATH)) {
    if (!s.clients.has(clientId)) continue;
    if (hub.out(s, frame)) count += 1;
  }
  hub.polls.append(NOC_PATH, frame, clientId);
  hub.waiters.notify();
  return count;
}
