// The template of one `group-by` row: the newest alert's text and time, the worst severity, the
// count, one Acknowledge for all of its unacknowledged alerts, and a disclosure listing them.
// Buttons carry the row's index for the feed's delegated click listener.
import { html, nothing } from 'lit';
import { relativeTime } from '../internal/relative-time.js';
import { AlertState } from './alert-store.js';
import { alertTemplate, BUTTON_LABELS } from './alert-template.js';
import { groupState, type AlertGroup } from './alert-view.js';

/** Names of the alerts whose acknowledgement failed, a few of them. */
function failedNames(group: AlertGroup): string {
  const failed = group.entries.filter((e) => e.state === AlertState.failed);
  const names = failed.slice(0, 3).map((e) => `${e.alert.title} (${e.alert.id})`);
  const more = failed.length > 3 ? ` and ${failed.length - 3} more` : '';
  return `Acknowledgement failed for ${failed.length} of ${group.entries.length}: ${names.join(', ')}${more}`;
}

/** Renders row `index`; an expanded row lists its newest `limit` alerts. */
export function groupTemplate(
  group: AlertGroup,
  index: number,
  now: number,
  expanded: boolean,
  limit: number,
) {
  const { alert, acknowledgedBy } = group.entries[0]!;
  const count = group.entries.length;
  const state = groupState(group);
  const label = BUTTON_LABELS[state];
  const busy = state === AlertState.pending || state === AlertState.acknowledged;
  const many = count > 1 ? ` ${count} alerts` : '';
  return html`<li
    part="alert"
    data-state=${state}
    data-severity=${group.worst}
    data-count=${count}
    aria-busy=${state === AlertState.pending ? 'true' : 'false'}
  >
    <span part="severity">${group.worst}</span>
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
        state === AlertState.acknowledged
          ? html`<p part="ack-status">
              Acknowledged${acknowledgedBy ? ` by ${acknowledgedBy}` : ''}
            </p>`
          : nothing
      }
      ${state === AlertState.failed ? html`<p part="ack-error">${failedNames(group)}</p>` : nothing}
    </div>
    <span part="actions">
      ${
        count > 1
          ? html`<button
              part="expand-button"
              type="button"
              data-expand=${index}
              aria-expanded=${expanded ? 'true' : 'false'}
              aria-label=${`${count} alerts: ${alert.title}`}
            >
              ${count} alerts
            </button>`
          : nothing
      }
      <button
        part="ack-button"
        type="button"
        data-group=${index}
        aria-disabled=${busy ? 'true' : 'false'}
        aria-label=${`${label}${many}: ${alert.title}`}
      >
        ${label}
      </button>
    </span>
    ${
      expanded && count > 1
        ? html`<ol part="members" aria-label=${`${count} alerts: ${alert.title}`}>
            ${group.entries.slice(0, limit).map((e) => alertTemplate(e, now, 'member'))}
            ${count > limit ? html`<li part="more">${count - limit} older not shown</li>` : nothing}
          </ol>`
        : nothing
    }
  </li>`;
}
