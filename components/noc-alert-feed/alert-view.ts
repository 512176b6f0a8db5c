// The operator's view of the feed as pure functions of its alert list: the filter (severity,
// text, unacknowledged only), the order (time or severity) and the groups of `group-by`. Groups
// are derived from the list on every render, so whatever rebuilds the list regroups it.
import { AlertState, type AlertEntry } from './alert-store.js';
import { Severity, type NocAlert } from './alert.js';

export const SortOrder = { time: 'time', severity: 'severity' } as const;
export type SortOrder = (typeof SortOrder)[keyof typeof SortOrder];

/** Severities from the worst down. */
export const SEVERITIES = Object.values(Severity);
/** 0 for critical … 4 for info. */
export const rank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export interface ViewFilter {
  /** Empty: every severity. */
  severities: ReadonlySet<Severity>;
  /** Lower case, trimmed; found in the source or title (in any case). Empty: everything. */
  text: string;
  unacknowledged: boolean;
}

/** Whether an alert in `state` passes `filter`. */
export function passes(filter: ViewFilter, alert: NocAlert, state: AlertState): boolean {
  const { text } = filter;
  return (
    (filter.severities.size === 0 || filter.severities.has(alert.severity)) &&
    !(filter.unacknowledged && state === AlertState.acknowledged) &&
    (!text || `${alert.source}\n${alert.title}`.toLowerCase().includes(text))
  );
}

/** Alerts that share the values of the `group-by` fields. */
export interface AlertGroup {
  key: string;
  /** Newest first: `entries[0]` gives the row its text and time. */
  entries: AlertEntry[];
  /** The worst severity among them. */
  worst: Severity;
}

const FIELDS: readonly string[] = [
  'id',
  'client_id',
  'severity',
  'title',
  'message',
  'source',
  'created_at',
];

/** The alert fields named in a `group-by` value ("source title"); unknown names are ignored. */
export function parseGroupBy(value: string | null | undefined): (keyof NocAlert)[] {
  const names = (value ?? '').split(/[\s,]+/).filter((f) => FIELDS.includes(f));
  return [...new Set(names)] as (keyof NocAlert)[];
}

/** Groups `entries` (newest first) by `fields`; groups come newest first, by their newest alert. */
export function groupAlerts(
  entries: readonly AlertEntry[],
  fields: readonly (keyof NocAlert)[],
): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const entry of entries) {
    const key = JSON.stringify(fields.map((f) => entry.alert[f]));
    const group = groups.get(key);
    if (!group) groups.set(key, { key, entries: [entry], worst: entry.alert.severity });
    else {
      group.entries.push(entry);
      if (rank(entry.alert.severity) < rank(group.worst)) group.worst = entry.alert.severity;
    }
  }
  return [...groups.values()];
}

/**
 * A group's state: pending while any acknowledgement is in flight, then failed if any failed,
 * acknowledged when all are, else new.
 */
export function groupState({ entries }: AlertGroup): AlertState {
  const has = (state: AlertState) => entries.some((e) => e.state === state);
  if (has(AlertState.pending)) return AlertState.pending;
  if (has(AlertState.failed)) return AlertState.failed;
  return entries.every((e) => e.state === AlertState.acknowledged)
    ? AlertState.acknowledged
    : AlertState.new;
}

/** `rows` in `order`: as they are (newest first) for time, worst first (then newest) for severity. */
export function sortRows<T>(rows: T[], order: SortOrder, severity: (row: T) => Severity): T[] {
  return order === SortOrder.severity
    ? rows.slice().sort((a, b) => rank(severity(a)) - rank(severity(b)))
    : rows;
}
