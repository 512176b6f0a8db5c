// Turns a received frame into a message object, or says why it cannot be one.
import type { Message } from './types.js';

// Keys that could reach object prototypes if a consumer later copies the message with assignment.
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function reviver(key: string, value: unknown): unknown {
  return FORBIDDEN.has(key) ? undefined : value;
}

export type ParseResult = { message: Message } | { problem: string };

/** Parses one frame: text, JSON, an object with a string `type`, at most `maxSize` characters. */
export function parseFrame(data: unknown, maxSize: number): ParseResult {
  if (typeof data !== 'string') return { problem: 'binary frame received; only JSON text frames are accepted' };
  if (data.length > maxSize) return { problem: `frame of ${data.length} characters exceeds the limit of ${maxSize}` };
  let value: unknown;
  try {
    value = JSON.parse(data, reviver);
  } catch {
    return { problem: 'frame is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: 'frame is not a JSON object' };
  }
  if (typeof (value as { type?: unknown }).type !== 'string') return { problem: 'frame has no string "type"' };
  return { message: value as Message };
}
