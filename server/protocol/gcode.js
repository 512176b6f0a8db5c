// The G-Code dashboard endpoint (/ws/dashboard/): channel subscriptions and updates.

export const GCODE_PATH = '/ws/dashboard/';

export function handleGcode(hub, session, frame) {
  if (frame.action === 'subscribe') {
    if (typeof frame.channel !== 'string' || !/^user_\w+$/.test(frame.channel)) {
      hub.error(session, 'channel must look like user_<id>', 'invalid_channel');
      return true;
    }
    session.channels.add(frame.channel);
    hub.out(session, { type: 'subscribed', channel: frame.channel });
    return true;
  }
  return false;
}

/** Sends a G-Code frame (`gcode_updated`, `annotation_added`, `content_generated`) to a channel. */
export function toChannel(hub, channel, frame) {
  let count = 0;
  for (const s of hub.sessions) {
    if (s.path === GCODE_PATH && s.channels.has(channel)) {
      hub.out(s, frame);
      count += 1;
    }
  }
  hub.polls.append(GCODE_PATH, frame);
  return count;
}
