// Safe readers for message fields: frames are untrusted, so every field is checked, never assumed.

/** The value as a plain record when it is a non-array object, else undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An own field of `record` (never one inherited from a prototype). */
export function field(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A string or finite number as text; anything else gives `fallback`. */
export function text(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback;
}

/** An identifier: a non-empty string or a finite number, as a string. */
export function id(value: unknown): string | undefined {
  const t = text(value);
  return t === '' ? undefined : t;
}
