// The template of one alert: severity as text, title, message, source and relative time, its
// acknowledgement state, and the Acknowledge button (handled by the feed's delegated listener).
import { html, nothing } from 'lit';
import { relativeTime } from '../internal/relative-time.js';
import type { AlertEntry } from './alert-store.js';

export const BUTTON_LABELS = {
  new: 'Acknowledge',
  pending: 'Acknowledging…',
  acknowledged: 'Acknowledged',
  failed: 'Retry',
} as const;

/**
 * Renders `entry` as a row of the list (`part="alert"`) or of an expanded group
 * (`part="member"`); every message field goes through a text binding.
 */
export function alertTemplate(entry: AlertEntry, now: number, part = 'alert') {
  const { alert, state } = entry;
  const label = BUTTON_LABELS[state];
  // aria-disabled, not disabled: focus stays on the button while the server answers.
  const busy = state === 'pending' || state === 'acknowledged';
  return html`<li
    part=${part}
    data-state=${state}
    data-severity=${alert.severity}
    aria-busy=${state === 'pending' ? 'true' : 'false'}
  >
    <span part="severity">${alert.severity}</span>
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
          ? html`<p part="ack-error">Acknowledgement failed: ${entry.error}</p>`
          : nothing
      }
    </div>
    <button
      part="ack-button"
      type="button"
      data-alert-id=${alert.id}
      aria-disabled=${busy ? 'true' : 'false'}
      aria-label=${`${label}: ${alert.title}`}
    >
      ${label}
    </button>
  </li>`;
}
