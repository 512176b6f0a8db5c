// One raw WebSocket: opened with handlers that fall silent once it is detached, written to only
// while open, and detached (and closed) without waiting for a close event a dead peer never sends.
import type { WebSocketFactory, WebSocketLike } from './types.js';

export const OPEN = 1;
const noop = (): void => {};

export interface TransportEvents {
  open(): void;
  frame(data: unknown): void;
  close(code: number, reason: string): void;
}

/** Opens a socket; `isCurrent` tells whether it is still the one whose events matter. */
export function openTransport(
  WebSocketClass: WebSocketFactory,
  url: string,
  events: TransportEvents,
  isCurrent: (ws: WebSocketLike) => boolean,
): WebSocketLike {
  const ws = new WebSocketClass(url);
  // Binary frames are refused anyway; an ArrayBuffer avoids the browser's Blob plumbing.
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => isCurrent(ws) && events.open();
  ws.onmessage = (event) => isCurrent(ws) && events.frame(event.data);
  ws.onclose = (event) => isCurrent(ws) && events.close(event.code, event.reason);
  ws.onerror = noop; // the close event that follows says what happened
  return ws;
}

/** Detaches a socket's handlers and, with a code, closes it if it is connecting or open. */
export function detachTransport(ws: WebSocketLike, code?: number, reason?: string): void {
  ws.onopen = null;
  ws.onmessage = null;
  ws.onclose = null;
  ws.onerror = noop; // `ws` in Node throws on an 'error' event nobody listens to
  if (code !== undefined && ws.readyState <= OPEN) ws.close(code, reason);
}
