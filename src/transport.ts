// One raw WebSocket: opened with handlers that fall silent once it is detached, written to only
// while open, and detached (and closed) without waiting for a close event a dead peer never sends.
import type { WebSocketFactory, WebSocketLike } from './types.js';

export const OPEN = 1;
const noop = (): void => {};

/** Opens a socket; its owner sets `onopen`, `onmessage` and `onclose`. */
export function openTransport(WebSocketClass: WebSocketFactory, url: string): WebSocketLike {
  const ws = new WebSocketClass(url);
  // Binary frames are refused anyway; an ArrayBuffer avoids the browser's Blob plumbing.
  ws.binaryType = 'arraybuffer';
  ws.onerror = noop; // the close event that follows says what happened
  return ws;
}

/** Detaches a socket's handlers and, with a code, closes it if it is connecting or open. */
export function detachTransport(ws: WebSocketLike, code?: number, reason?: string): void {
  ws.onopen = ws.onmessage = ws.onclose = null;
  ws.onerror = noop; // `ws` in Node throws on an 'error' event nobody listens to
  if (code !== undefined && ws.readyState <= OPEN) ws.close(code, reason);
}
