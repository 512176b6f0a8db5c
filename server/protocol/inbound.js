// Frames from a peer: validation (answered with `error`, never a close) and routing to the
// endpoint's handlers.
import { handleAuth } from './auth.js';
import { handleBase } from './base.js';
import { handleNoc, NOC_PATH } from './noc.js';
import { handleGcode, GCODE_PATH } from './gcode.js';

const MAX_RECEIVED = 20000;

/** @typedef {import('./hub.js').Hub} Hub */
/** @typedef {import('./hub.js').Session} Session */

/**
 * Parses, records and answers one frame (text as a string; anything else counts as binary).
 * @param {Hub} hub
 * @param {Session} session
 * @param {unknown} data
 */
export function receiveFrame(hub, session, data) {
  // A transport that cannot pause (the browser stand-in) drops what a silent server would not read.
  if (hub.isSilent(session.path) || session.refused) return;
  const receivedAt = Date.now();
  session.lastSeen = receivedAt;
  hub.stats.messagesIn += 1;
  if (typeof data !== 'string')
    return hub.error(session, 'binary frames are not accepted', 'binary');
  if (data.length > hub.options.maxFrameBytes)
    return hub.error(session, 'frame too large', 'too_large');
  let frame;
  try {
    frame = JSON.parse(data);
  } catch {
    return hub.error(session, 'frame is not valid JSON', 'invalid_json');
  }
  if (!frame || typeof frame !== 'object' || Array.isArray(frame)) {
    return hub.error(session, 'frame must be a JSON object', 'invalid_frame');
  }
  hub.received.push({ path: session.path, connection: session.id, frame });
  // Tests read the whole log; a long-running demo server must not grow without bound.
  if (hub.received.length > MAX_RECEIVED)
    hub.received.splice(0, hub.received.length - MAX_RECEIVED);
  dispatch(hub, session, frame, receivedAt);
  hub.waiters.notify();
}

/**
 * @param {Hub} hub
 * @param {Session} session
 * @param {Record<string, unknown>} frame
 * @param {number} receivedAt
 */
function dispatch(hub, session, frame, receivedAt) {
  const kind =
    typeof frame.type === 'string'
      ? frame.type
      : typeof frame.action === 'string'
        ? frame.action
        : undefined;
  if (kind === undefined) return hub.error(session, 'frame has no type', 'missing_type');
  if (frame.type === 'auth') return handleAuth(hub, session, frame);
  if (!session.authed) {
    return hub.error(
      session,
      'authenticate first: send {"type":"auth","token":...}',
      'auth_required',
    );
  }
  if (handleBase(hub, session, frame, receivedAt)) return;
  if (session.path === NOC_PATH && handleNoc(hub, session, frame)) return;
  if (session.path === GCODE_PATH && handleGcode(hub, session, frame)) return;
  hub.error(session, `unknown message type: ${kind}`, 'unknown_type');
}
