// Gap-free NOC streams (PROTOCOL.md 0.2): every alert_new and alert_acknowledged of a client gets
// `seq`, one more than the client's previous frame; the last `historySize` frames are kept so a
// subscribe_client with `since` can be answered with a replay, or with an alert_snapshot of the
// client's unacknowledged alerts once the history no longer holds what was asked for.

/** @typedef {import('./hub.js').Hub} Hub */
/** @typedef {import('./hub.js').Session} Session */
/** @typedef {{seq: number, history: {seq: number, frame: Record<string, unknown>}[]}} Stream */

export const SNAPSHOT_SIZE = 200;

/**
 * The stream of `clientId`, made on first use.
 * @param {Hub} hub
 * @param {string} clientId
 * @returns {Stream}
 */
function streamOf(hub, clientId) {
  let stream = hub.streams.get(clientId);
  if (!stream) hub.streams.set(clientId, (stream = { seq: 0, history: [] }));
  return stream;
}

/**
 * Numbers a frame of `clientId` and keeps it in the history; returns it with its `seq`.
 * @param {Hub} hub
 * @param {string} clientId
 * @param {Record<string, unknown>} frame
 */
export function number(hub, clientId, frame) {
  const stream = streamOf(hub, clientId);
  const numbered = { ...frame, seq: (stream.seq += 1) };
  stream.history.push({ seq: numbered.seq, frame: numbered });
  const excess = stream.history.length - hub.options.historySize;
  if (excess > 0) stream.history.splice(0, excess);
  return numbered;
}

/**
 * The latest seq of `clientId`, and the frames after `since` when the history holds all of them
 * (undefined otherwise, and without `since`).
 * @param {Hub} hub
 * @param {string} clientId
 * @param {number | undefined} since
 */
export function readSince(hub, clientId, since) {
  const { seq, history } = streamOf(hub, clientId);
  if (since === undefined || since > seq) return { seq, frames: undefined };
  const frames = history.filter((e) => e.seq > since).map((e) => e.frame);
  const held = since === seq || frames[0]?.seq === since + 1;
  return { seq, frames: held ? frames : undefined };
}

/**
 * `alert_snapshot`: the client's unacknowledged alerts, newest first, at most 200.
 * @param {Hub} hub
 * @param {string} clientId
 */
export function snapshot(hub, clientId) {
  const alerts = [];
  for (const alert of [...hub.alerts.values()].reverse()) {
    if (alert.client_id !== clientId || hub.acks.has(alert.id)) continue;
    alerts.push(alert);
    if (alerts.length === SNAPSHOT_SIZE) break;
  }
  return { type: 'alert_snapshot', client_id: clientId, seq: streamOf(hub, clientId).seq, alerts };
}

/**
 * Answers `subscribe_client`: `subscribed`, then the replay (recovered) or a snapshot.
 * @param {Hub} hub
 * @param {Session} session
 * @param {string} clientId
 * @param {number | undefined} since
 */
export function answerSubscribe(hub, session, clientId, since) {
  const { seq, frames } = readSince(hub, clientId, since);
  const recovered = since === undefined ? {} : { recovered: frames !== undefined };
  hub.out(session, { type: 'subscribed', client_id: clientId, seq, ...recovered });
  if (frames) for (const frame of frames) hub.out(session, frame);
  else hub.out(session, snapshot(hub, clientId));
}

/**
 * A NOC poll of one client: the frames after `since`, or an `alert_snapshot` (the first poll, or
 * a cursor the history no longer covers); the cursor is the stream's seq, as a socket sees it.
 * @param {Hub} hub
 * @param {string} clientId
 * @param {number | undefined} since
 */
export function pollStream(hub, clientId, since) {
  const { seq, frames } = readSince(hub, clientId, since);
  return { frames: frames ?? [snapshot(hub, clientId)], cursor: seq };
}
