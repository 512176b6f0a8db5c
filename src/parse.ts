// Turns a raw frame into a message, or says why it is not one. Keys that could reach an object's
// prototype (`__proto__`, `constructor`, `prototype`) are dropped while parsing, at any depth.
import type { Message } from './types.js';

/**
 * Text that may hold an unsafe key: the key itself, or a `\u00XX` escape of an ASCII letter or
 * `_` that could spell one. Anything else (most frames) cannot, and is parsed without a reviver,
 * which costs several times the plain `JSON.parse`.
 */
const MAYBE_UNSAFE = /__proto__|constructor|prototype|\\u00[5-7]/;
const UNSAFE_KEY = /^(__proto__|constructor|prototype)$/;

/** `JSON.parse` without the keys that could pollute prototypes when the result is copied. */
export function parseJsonSafe(text: string): unknown {
  return MAYBE_UNSAFE.test(text)
    ? JSON.parse(text, (key, value: unknown) => (UNSAFE_KEY.test(key) ? undefined : value))
    : JSON.parse(text);
}

/** The value as a message (an object with a non-empty string `type`), or why it is not one. */
export function asMessage(value: unknown): Message | string {
  if (typeof value != 'object' || value === null || Array.isArray(value))
    return 'the frame is not a JSON object';
  const { type } = value as { type?: unknown };
  return typeof type == 'string' && type !== ''
    ? (value as Message)
    : 'the frame has no string "type"';
}

/**
 * Parses one socket frame into a message, or returns why it was refused (a string, never quoting
 * the content): binary frames, frames over `maxSize` characters, text that is not JSON, JSON that
 * is not a typed object.
 * @example
 * parseFrame('{"type":"pong"}', 1024); // { type: 'pong' }
 * parseFrame('nope', 1024);            // 'the frame is not valid JSON'
 */
export function parseFrame(data: unknown, maxSize: number): Message | string {
  if (typeof data != 'string') return 'a binary frame was received; only JSON text is accepted';
  if (data.length > maxSize)
    return `a frame of ${data.length} characters exceeds maxMessageSize (${maxSize})`;
  try {
    return asMessage(parseJsonSafe(data));
  } catch {
    return 'the frame is not valid JSON';
  }
}
