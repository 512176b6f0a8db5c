// Turns a raw frame into a message, or says why it is not one. Keys that could reach an object's
// prototype (`__proto__`, `constructor`, `prototype`) are dropped while parsing, at any depth.
import type { Message } from './types.js';

const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type ParseResult = { ok: true; message: Message } | { ok: false; reason: string };

/** `JSON.parse` without the keys that could pollute prototypes when the result is copied. */
export function parseJsonSafe(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (UNSAFE_KEYS.has(key) ? undefined : value));
}

/** Checks that an already parsed value is a message: an object with a non-empty string `type`. */
export function asMessage(value: unknown): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'the frame is not a JSON object' };
  }
  const { type } = value as { type?: unknown };
  if (typeof type !== 'string' || type === '') {
    return { ok: false, reason: 'the frame has no string "type"' };
  }
  return { ok: true, message: value as Message };
}

/**
 * Parses one socket frame. Binary frames, frames over `maxSize` characters, text that is not
 * JSON, and JSON that is not a typed object are refused with a reason (never with the content).
 * @example
 * parseFrame('{"type":"pong"}', 1024); // { ok: true, message: { type: 'pong' } }
 */
export function parseFrame(data: unknown, maxSize: number): ParseResult {
  if (typeof data !== 'string')
    return { ok: false, reason: 'a binary frame was received; only JSON text is accepted' };
  if (data.length > maxSize) {
    return {
      ok: false,
      reason: `a frame of ${data.length} characters exceeds maxMessageSize (${maxSize})`,
    };
  }
  let value: unknown;
  try {
    value = parseJsonSafe(data);
  } catch {
    return { ok: false, reason: 'the frame is not valid JSON' };
  }
  return asMessage(value);
}
