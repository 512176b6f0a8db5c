// The operator's toolbar of the feed (`controls`): severity threshold, text search over source and
// title, "unacknowledged only" and the order. Native form controls, so keyboard and screen reader
// users get what they know; every change goes to `set` as the feed property it changes.
import { html, nothing } from 'lit';
import { SEVERITIES, SortOrder } from './alert-view.js';
import type { Severity } from './alert.js';

export interface ControlValues {
  severity: string;
  search: string;
  unacknowledgedOnly: boolean;
  sort: SortOrder;
}

// "critical", "critical,major", …: each threshold shows that severity and the worse ones.
const THRESHOLDS: [string, string][] = [
  ['', 'All severities'],
  ...SEVERITIES.slice(0, -1).map((s, i): [string, string] => [
    SEVERITIES.slice(0, i + 1).join(','),
    i === 0 ? 'Critical only' : `${s[0]!.toUpperCase()}${s.slice(1)} and above`,
  ]),
];

/** Renders the toolbar for `filter` (the parsed severity filter) and the other `values`. */
export function controlsTemplate(
  label: string,
  filter: ReadonlySet<Severity>,
  values: Omit<ControlValues, 'severity'>,
  set: (change: Partial<ControlValues>) => void,
) {
  const current = SEVERITIES.filter((s) => filter.has(s)).join(',');
  const known = THRESHOLDS.some(([value]) => value === current);
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  return html`<div part="controls" role="group" aria-label=${`Filter and sort: ${label}`}>
    <label
      >Severity
      <select @change=${(e: Event) => set({ severity: value(e) })}>
        ${THRESHOLDS.map(([v, text]) => html`<option value=${v} .selected=${v === current}>${text}</option>`)}
        ${known ? nothing : html`<option value=${current} .selected=${true}>${current.replaceAll(',', ', ')}</option>`}
      </select></label
    >
    <label
      >Search
      <input
        type="search"
        placeholder="Source or title"
        .value=${values.search}
        @input=${(e: Event) => set({ search: value(e) })}
    /></label>
    <label
      ><input
        type="checkbox"
        .checked=${values.unacknowledgedOnly}
        @change=${(e: Event) => set({ unacknowledgedOnly: (e.target as HTMLInputElement).checked })}
      />
      Unacknowledged only</label
    >
    <label
      >Sort
      <select @change=${(e: Event) => set({ sort: value(e) as SortOrder })}>
        <option value=${SortOrder.time} .selected=${values.sort !== SortOrder.severity}>
          Newest first
        </option>
        <option value=${SortOrder.severity} .selected=${values.sort === SortOrder.severity}>
          Most severe first
        </option>
      </select></label
    >
  </div>`;
}
