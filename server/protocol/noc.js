// The NOC dashboard endpoint (/ws/noc/dashboard/): client subscriptions, alerts, acknowledgements.

const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'];
export const NOC_PATH = '/ws/noc/dashboard/';

export function nocGreeting(session) {
  return { type: 'connected', user: session.user, permissions: ['noc:view', 'noc:acknowledge'] };
}

/** Handles a NOC frame; returns false for frames it does not know. */
export function handleNoc(hub, session, frame) {
  if (frame.type === 'subscribe_client') {
    if (typeof frame.client_id !== 'string' || frame.client_id === '') {
      hub.error(session, 'subscribe_client needs a client_id', 'invalid_client');
      return true;
    }
    session.clients.add(frame.client_id);
    hub.out(session, { type: 'subscribed', client_id: frame.client_id });
    return true;
  }
  if (frame.type === 'acknowledge_alert') {
    const alert = hub.alerts.get(String(frame.alert_id));
    if (hub.options.ackMode === 'ignore') return true;
    if (!alert || hub.options.ackMode === 'error') {
      hub.error(session, `cannot acknowledge alert ${String(frame.alert_id)}`, 'unknown_alert');
      return true;
    }
    const ack = {
      type: 'alert_acknowledged',
      alert_id: alert.id,
      acknowledged_by: session.user,
      acknowledged_at: new Date().toISOString(),
    };
    toSubscribers(hub, alert.client_id, ack);
    return true;
  }
  return false;
}

let counter = 0;
/** Builds a complete alert from partial fields and sends `alert_new` to that client's subscribers. */
export function raiseAlert(hub, fields = {}) {
  counter += 1;
  const alert = {
    id: fields.id ?? `a-${Date.now().toString(36)}-${counter}`,
    client_id: fields.client_id ?? 'acme',
    severity: SEVERITIES.includes(fields.severity) ? fields.severity : 'warning',
    title: fields.title ?? `Alert ${counter}`,
    message: fields.message ?? 'Something needs attention',
    source: fields.source ?? 'reference-server',
    created_at: fields.created_at ?? new Date().toISOString(),
  };
  hub.alerts.set(String(alert.id), alert);
  const count = toSubscribers(hub, alert.client_id, { type: 'alert_new', alert });
  return { alert, count };
}

function toSubscribers(hub, clientId, frame) {
  let count = 0;
  for (const s of hub.sessions) {
    if (s.path === NOC_PATH && s.clients.has(clientId)) {
      hub.out(s, frame);
      count += 1;
    }
  }
  hub.polls.append(NOC_PATH, frame);
  return count;
}

export { SEVERITIES };
