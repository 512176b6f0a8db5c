// The NOC alert shape (PROTOCOL.md, alert_new) and its checked reader.
import { asRecord, field, id, text } from '../internal/read.js';

export const Severity = {
  critical: 'critical',
  major: 'major',
  minor: 'minor',
  warning: 'warning',
  info: 'info',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

const severities: readonly string[] = Object.values(Severity);

/** One alert as the server sends it in `alert_new`. */
export interface NocAlert {
  id: string;
  client_id: string;
  severity: Severity;
  title: string;
  message: string;
  source: string;
  /** ISO 8601. */
  created_at: string;
}

/** Reads an alert from an untrusted value; undefined when it has no id. */
export function readAlert(value: unknown): NocAlert | undefined {
  const r = asRecord(value);
  const alertId = r && id(field(r, 'id'));
  if (!r || alertId === undefined) return undefined;
  const severity = text(field(r, 'severity'));
  return {
    id: alertId,
    client_id: text(field(r, 'client_id')),
    severity: (severities.includes(severity) ? severity : Severity.info) as Severity,
    title: text(field(r, 'title'), '(untitled alert)'),
    message: text(field(r, 'message')),
    source: text(field(r, 'source')),
    created_at: text(field(r, 'created_at')),
  };
}

/** Parses a severity filter such as "critical, major"; an empty set means "show all". */
export function parseSeverityFilter(value: string | undefined | null): Set<Severity> {
  const out = new Set<Severity>();
  for (const part of (value ?? '').split(/[\s,]+/)) {
    const s = part.trim().toLowerCase();
    if (severities.includes(s)) out.add(s as Severity);
  }
  return out;
}
