// The flood endpoint of part 2: `ws` does the handshake, then, when the client sends its first
// frame, the whole run of pre-framed ~200-byte JSON text frames is written to the TCP socket in
// one go, so the server's own send loop can never be what limits the measured rate.
import { WebSocketServer } from 'ws';

export const TYPES = ['metric', 'alert_new', 'presence', 'gcode_updated'];
const FRAME_SIZE = 200;

/** `count` server-to-client text frames (unmasked, FIN), each a ~200-byte JSON object. */
export function buildFrames(count) {
  const parts = [];
  for (let i = 0; i < count; i++) {
    const body = {
      type: TYPES[i % TYPES.length],
      seq: i,
      ts: 1_700_000_000_000 + i,
      host: `node-${i % 97}`,
      value: ((i * 7919) % 10_000) / 100,
      tags: ['cpu', 'eu-west', 'prod'],
      pad: '',
    };
    const bare = JSON.stringify(body).length;
    body.pad = 'x'.repeat(Math.max(0, FRAME_SIZE - bare));
    const payload = Buffer.from(JSON.stringify(body));
    // Payloads of 126..65535 bytes carry a 16-bit extended length (RFC 6455 §5.2).
    const header = Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}

/** An upgrade handler for `/flood?n=<count>`: floods `n` frames after the client's first frame. */
export function floodHandler() {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  const cache = new Map();
  const framesFor = (n) => {
    if (!cache.has(n)) cache.set(n, buildFrames(n));
    return cache.get(n);
  };
  return (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/flood') return socket.destroy();
    const n = Number(url.searchParams.get('n'));
    const frames = framesFor(n);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // `socket` is the very TCP socket ws now frames on; nothing else is sent until the flood ends.
      ws.once('message', () => socket.write(frames));
      ws.on('error', () => {});
    });
  };
}
