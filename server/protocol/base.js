// Frames every endpoint understands (ping, heartbeat) and the small per-endpoint extras that
// need no state of their own (presence `get_stats`, the generic endpoint's `echo`).

/** @typedef {import('./hub.js').Hub} Hub */
/** @typedef {import('./hub.js').Session} Session */

export const PRESENCE_PATH = '/ws/noc/presence/';
export const SYNC_PATH = '/ws/mobile/sync/';

/**
 * Milliseconds since the epoch from a client timestamp: ISO 8601 text, epoch milliseconds, or
 * epoch seconds (Python's time.time()). NaN when it is none of these.
 * @param {unknown} value
 */
export function parseTimestamp(value) {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)
        ? Number(value)
        : NaN;
  if (Number.isFinite(n)) return n < 1e11 ? n * 1000 : n;
  return typeof value === 'string' ? Date.parse(value) : NaN;
}

/**
 * Answers the frames common to every endpoint; returns false for anything else.
 * @param {Hub} hub
 * @param {Session} session
 * @param {Record<string, unknown>} frame
 * @param {number} receivedAt server time the frame arrived (ms)
 */
export function handleBase(hub, session, frame, receivedAt) {
  if (frame.type === 'ping' || frame.action === 'ping') {
    hub.out(session, { type: 'pong', timestamp: new Date().toISOString() });
    return true;
  }
  if (frame.type === 'heartbeat') {
    const sent = parseTimestamp(frame.timestamp);
    hub.out(session, {
      type: 'heartbeat_ack',
      server_time: new Date().toISOString(),
      // A client clock ahead of ours would give a negative latency: floor it at 0.
      latency_ms: Number.isFinite(sent) ? Math.max(0, Math.round(receivedAt - sent)) : 0,
      uptime_seconds: hub.uptimeSeconds(),
    });
    return true;
  }
  if (session.path === PRESENCE_PATH && frame.type === 'get_stats') {
    hub.out(session, {
      type: 'stats',
      connections: hub.live().length,
      uptime_seconds: hub.uptimeSeconds(),
      messages_in: hub.stats.messagesIn,
      messages_out: hub.stats.messagesOut,
    });
    return true;
  }
  // The generic endpoint echoes `echo` frames back unchanged, so a client can test a round trip.
  if (session.path === SYNC_PATH && frame.type === 'echo') {
    hub.out(session, frame);
    return true;
  }
  return false;
}
