// A raw browser WebSocket that records frames, for testing the reference server itself
// (the server is what is under test here, so no client library sits in between).
import { nextEvent } from '../helpers/events.js';

export type Frame = Record<string, unknown>;

export interface RawClient {
  ws: WebSocket;
  /** Frames received and not yet taken by `next`. */
  frames: Frame[];
  /** Resolves with (and takes) the first frame of `type`, waiting for it if needed. */
  next(type: string, timeoutMs?: number): Promise<Frame>;
  /** Resolves once the socket is open. */
  opened: Promise<void>;
  /** Resolves with the close event (for a refused connection too). */
  closed: Promise<CloseEvent>;
  send(frame: unknown): void;
}

/** `Socket`: another WebSocket class, such as the browser stand-in's. */
export function rawClient(url: string, Socket: typeof WebSocket = WebSocket): RawClient {
  const ws = new Socket(url);
  ws.binaryType = 'arraybuffer';
  const frames: Frame[] = [];
  const bus = new EventTarget();
  ws.addEventListener('message', (e: MessageEvent) => {
    // Non-JSON and binary frames are recorded under made-up types so tests can await them too.
    let frame: Frame;
    if (e.data instanceof ArrayBuffer)
      frame = { type: '(binary)', text: new TextDecoder().decode(e.data) };
    else {
      try {
        frame = JSON.parse(String(e.data)) as Frame;
      } catch {
        frame = { type: '(text)', text: String(e.data) };
      }
    }
    frames.push(frame);
    bus.dispatchEvent(new CustomEvent('frame', { detail: frame }));
  });
  const take = (frame: Frame) => {
    frames.splice(frames.indexOf(frame), 1);
    return frame;
  };
  // Tests await only some of these; the others must not become unhandled rejections.
  const opened = nextEvent(ws, 'open').then(() => undefined);
  const closed = nextEvent<CloseEvent>(ws, 'close', () => true, 10000);
  opened.catch(() => {});
  closed.catch(() => {});
  return {
    ws,
    frames,
    async next(type, timeoutMs = 5000) {
      const seen = frames.find((f) => f.type === type);
      if (seen) return take(seen);
      const e = await nextEvent<CustomEvent<Frame>>(
        bus,
        'frame',
        (ev) => ev.detail.type === type,
        timeoutMs,
      );
      return take(e.detail);
    },
    opened,
    closed,
    send: (f) => ws.send(typeof f === 'string' ? f : JSON.stringify(f)),
  };
}

/** Opens a client and waits for `connection_established`. */
export async function connected(url: string, Socket?: typeof WebSocket): Promise<RawClient> {
  const client = rawClient(url, Socket);
  await client.next('connection_established');
  return client;
}

/** Resolves with the rejection of `promise`; fails if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}
