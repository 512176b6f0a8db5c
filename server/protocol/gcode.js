// The G-Code dashboard endpoint (/ws/dashboard/): channel subscriptions and updates.

/** @typedef {import('./hub.js').Hub} Hub */
/** @typedef {import('./hub.js').Session} Session */

export const GCODE_PATH = '/ws/dashboard/';
const CHANNEL = /^user_[A-Za-z0-9_-]+$/;

/**
 * Handles `{action: "subscribe", channel}`; returns false for frames it does not know.
 * @param {Hub} hub
 * @param {Session} session
 * @param {Record<string, unknown>} frame
 */
export function handleGcode(hub, session, frame) {
  if (frame.action !== 'subscribe') return false;
  if (typeof frame.channel !== 'string' || !CHANNEL.test(frame.channel)) {
    hub.error(session, 'channel must look like user_<id>', 'invalid_channel', {
      channel: frame.channel,
    });
    return true;
  }
  session.channels.add(frame.channel);
  hub.out(session, { type: 'subscribed', channel: frame.channel });
  return true;
}

/**
 * Sends a G-Code frame (`gcode_updated`, `annotation_added`, `content_generated`) to the
 * subscribers of `channel` (and the poll log); returns how many sockets got it.
 * @param {Hub} hub
 * @param {string} channel
 * @param {object} frame
 */
export function toChannel(hub, channel, frame) {
  if (typeof channel !== 'string' || !CHANNEL.test(channel)) {
    throw new TypeError(`channel must look like user_<id> (got ${JSON.stringify(channel)})`);
  }
  if (!frame || typeof frame !== 'object') throw new TypeError('a G-Code frame must be an object');
  let count = 0;
  for (const s of hub.live(GCODE_PATH)) {
    if (s.channels.has(channel) && hub.out(s, frame)) count += 1;
  }
  hub.polls.append(GCODE_PATH, frame, channel);
  hub.waiters.notify();
  return count;
}
