// The template of one row: an alert, or with `group-by` a group shown through its newest alert.
// Severity as text, title, message, source and relative time, the acknowledgement state and the
// Acknowledge button; a group adds its count, a disclosure and the list of its alerts. Buttons
// carry an alert id or a row index for the feed's delegated click listener.
import { html, nothing, type TemplateResult } from 'lit';
import { relativeTime } from '../internal/relative-time.js';
import { AlertState, type AlertEntry } from './alert-store.js';
import { groupState, type AlertGroup } from './alert-view.js';

const BUTTON_LABELS = {
  new: 'Acknowledge',
  pending: 'Acknowledging…',
  acknowledged: 'Acknowledged',
  failed: 'Retry',
} as const;

/** A `group-by` row: the group, its index among the rows, and how its alerts are listed. */
export interface GroupRow {
  group: AlertGroup;
  index: number;
  expanded: boolean;
  /** Alerts an expanded group lists, newest first. */
  limit: number;
}

/** "Acknowledgement failed for 2 of 12: A (id), B (id)": which alerts of a group failed. */
function failedNames({ entries }: AlertGroup): string {
  const failed = entries.filter((e) => e.state === AlertState.failed);
  const names = failed.slice(0, 3).map((e) => `${e.alert.title} (${e.alert.id})`);
  const more = failed.length > 3 ? ` and ${failed.length - 3} more` : '';
  return `Acknowledgement failed for ${failed.length} of ${entries.length}: ${names.join(', ')}${more}`;
}

/**
 * Renders `entry` as a row of the list (`part="alert"`), an alert of an expanded group
 * (`part="member"`), or with `row` the group it is the newest of; message fields are text only.
 */
export function alertTemplate(
  entry: AlertEntry,
  now: number,
  part = 'alert',
  row?: GroupRow,
): TemplateResult {
  const { alert } = entry;
  const group = row?.group;
  const state = group ? groupState(group) : entry.state;
  const count = group ? group.entries.length : 1;
  const label = BUTTON_LABELS[state];
  // aria-disabled, not disabled: focus stays on the button while the server answers.
  const busy = state === 'pending' || state === 'acknowledged';
  const severity = group ? group.worst : alert.severity;
  const button = html`<button
    part="ack-button"
    type="button"
    data-alert-id=${row ? nothing : alert.id}
    data-group=${row ? row.index : nothing}
    aria-disabled=${busy ? 'true' : 'false'}
    aria-label=${`${label}${count > 1 ? ` ${count} alerts` : ''}: ${alert.title}`}
  >
    ${label}
  </button>`;
  return html`<li
    part=${part}
    data-state=${state}
    data-severity=${severity}
    data-count=${group ? count : nothing}
    aria-busy=${state === 'pending' ? 'true' : 'false'}
  >
    <span part="severity">${severity}</span>
    <div>
      <p part="title">${alert.title}</p>
      ${alert.message ? html`<p part="message">${alert.message}</p>` : nothing}
      <span part="meta"
        >${alert.source ? `${alert.source} · ` : ''}<time
          datetime=${alert.created_at}
          title=${alert.created_at}
          >${relativeTime(alert.created_at, now)}</time
        ></span
      >
      ${
        state === 'acknowledged'
          ? html`<p part="ack-status">
              Acknowledged${entry.acknowledgedBy ? ` by ${entry.acknowledgedBy}` : ''}
            </p>`
          : nothing
      }
      ${
        state === 'failed'
          ? html`<p part="ack-error">
              ${group ? failedNames(group) : `Acknowledgement failed: ${entry.error}`}
            </p>`
          : nothing
      }
    </div>
    ${row && count > 1 ? groupParts(row, count, alert.title, now, button) : button}
  </li>`;
}

/** A group's buttons (its count as a disclosure, then Acknowledge) and, expanded, its alerts. */
function groupParts(
  row: GroupRow,
  count: number,
  title: string,
  now: number,
  button: TemplateResult,
): TemplateResult {
  const { group, index, expanded, limit } = row;
  return html`<span part="actions"
      ><button
        part="expand-button"
        type="button"
        data-expand=${index}
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-label=${`${count} alerts: ${title}`}
      >
        ${count} alerts</button
      >${button}</span
    >${
      expanded
        ? html`<ol part="members" aria-label=${`${count} alerts: ${title}`}>
            ${group.entries.slice(0, limit).map((e) => alertTemplate(e, now, 'member'))}
            ${count > limit ? html`<li part="more">${count - limit} older not shown</li>` : nothing}
          </ol>`
        : nothing
    }`;
}
