// Styles of <noc-alert-feed>: a list of alert cards (or, compact, one line each); severity by a
// text label of one width and a colour stripe; the operator's toolbar; expanded groups.
import { css } from 'lit';

export const styles = css`
  :host {
    --_bg: var(--noc-alert-feed-background, #ffffff);
    --_item-bg: var(--noc-alert-feed-item-background, #ffffff);
    --_fg: var(--noc-alert-feed-color, #1f2328);
    --_muted: var(--noc-alert-feed-muted-color, #57606a);
    --_border: var(--noc-alert-feed-border-color, #d0d7de);
    --_critical: var(--noc-alert-feed-critical-color, #b42318);
    --_major: var(--noc-alert-feed-major-color, #c2410c);
    --_minor: var(--noc-alert-feed-minor-color, #8250df);
    --_warning: var(--noc-alert-feed-warning-color, #8a5a00);
    --_info: var(--noc-alert-feed-info-color, #0969da);
    --_ok: var(--noc-alert-feed-acknowledged-color, #1a7f37);
    --_error: var(--noc-alert-feed-error-color, #cf222e);
    display: block;
    background: var(--_bg);
    color: var(--_fg);
    font: var(--noc-alert-feed-font, 0.9rem/1.45 system-ui, sans-serif);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--noc-alert-feed-background, #0d1117);
      --_item-bg: var(--noc-alert-feed-item-background, #161b22);
      --_fg: var(--noc-alert-feed-color, #e6edf3);
      --_muted: var(--noc-alert-feed-muted-color, #9da7b3);
      --_border: var(--noc-alert-feed-border-color, #30363d);
      --_critical: var(--noc-alert-feed-critical-color, #ff7b72);
      --_major: var(--noc-alert-feed-major-color, #ffa657);
      --_minor: var(--noc-alert-feed-minor-color, #d2a8ff);
      --_warning: var(--noc-alert-feed-warning-color, #e3b341);
      --_info: var(--noc-alert-feed-info-color, #79c0ff);
      --_ok: var(--noc-alert-feed-acknowledged-color, #3fb950);
      --_error: var(--noc-alert-feed-error-color, #ff7b72);
    }
  }
  [part='header'] {
    display: flex;
    justify-content: space-between;
    gap: 1rem;
    padding-block: 0.25rem 0.5rem;
    color: var(--_muted);
  }
  [part='count'] {
    font-weight: 600;
    color: var(--_fg);
  }
  [part='notice'] {
    margin: 0 0 0.5rem;
    padding: 0.3rem 0.6rem;
    border-inline-start: 3px solid var(--_info);
    color: var(--_fg);
  }
  /* Kept in the page while empty: a live region must exist before its text changes. */
  [part='notice']:empty {
    margin: 0;
    padding: 0;
    border: 0;
  }
  [part='list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    /* Block layout, not grid or flex: thousands of items stay cheap to lay out. */
    display: block;
    max-block-size: var(--noc-alert-feed-max-height, none);
    overflow: auto;
  }
  [part~='alert'],
  [part~='member'] {
    --_sev: var(--_info);
    display: grid;
    grid-template-columns: auto 1fr auto;
    align-items: start;
    gap: 0.25rem 0.75rem;
    padding: 0.6rem 0.75rem;
    background: var(--_item-bg);
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_sev);
    border-radius: var(--noc-alert-feed-radius, 6px);
    margin-block-end: var(--noc-alert-feed-gap, 0.5rem);
    /* Thousands of alerts: skip layout and paint of those off screen. */
    content-visibility: auto;
    contain-intrinsic-size: auto 5rem;
  }
  [data-severity='critical'] {
    --_sev: var(--_critical);
  }
  [data-severity='major'] {
    --_sev: var(--_major);
  }
  [data-severity='minor'] {
    --_sev: var(--_minor);
  }
  [data-severity='warning'] {
    --_sev: var(--_warning);
  }
  [data-state='acknowledged'] {
    opacity: var(--noc-alert-feed-acknowledged-opacity, 1);
  }
  [part='members'] {
    grid-column: 1 / -1;
    list-style: none;
    margin: 0.25rem 0 0;
    padding: 0;
  }
  [part~='member'] {
    margin-block-end: 0.25rem;
    contain-intrinsic-size: auto 4rem;
  }
  [part='more'] {
    color: var(--_muted);
    font-size: 0.8rem;
  }
  [part='actions'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: end;
    gap: 0.4rem;
  }
  [part='severity'] {
    /* One width for every label, so the titles beside them align in a column. */
    box-sizing: border-box;
    inline-size: var(--noc-alert-feed-severity-width, 6.5em);
    text-align: center;
    white-space: nowrap;
    color: var(--_sev);
    border: 1px solid currentColor;
    border-radius: 4px;
    padding: 0 0.35em;
    font-size: 0.75rem;
    font-weight: 700;
    letter-spacing: 0.03em;
    text-transform: uppercase;
  }
  [part='title'] {
    font-weight: 600;
    margin: 0;
    font-size: inherit;
  }
  [part='message'] {
    margin: 0;
    overflow-wrap: anywhere;
  }
  [part='meta'] {
    color: var(--_muted);
    font-size: 0.8rem;
  }
  [part='ack-status'],
  [part='ack-error'] {
    margin: 0;
  }
  [part='ack-status'] {
    color: var(--_ok);
    font-size: 0.8rem;
  }
  [part='ack-error'] {
    color: var(--_error);
    font-size: 0.8rem;
  }
  [part='ack-button'],
  [part='expand-button'],
  [part='controls'] :is(input, select) {
    font: inherit;
    font-size: 0.8rem;
    padding: 0.25rem 0.6rem;
    border: 1px solid var(--_border);
    border-radius: 4px;
    background: var(--_bg);
    color: var(--_fg);
    cursor: pointer;
  }
  [part='expand-button'][aria-expanded='true'] {
    background: var(--_item-bg);
    font-weight: 600;
  }
  [part='ack-button'][aria-disabled='true'] {
    cursor: default;
    color: var(--_muted);
  }
  [part='ack-button']:focus-visible,
  [part='expand-button']:focus-visible,
  [part='controls'] :focus-visible {
    outline: 2px solid var(--_info);
    outline-offset: 1px;
  }
  [part='controls'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    padding-block-end: 0.5rem;
    font-size: 0.85rem;
  }
  [part='controls'] :is(input, select) {
    padding-block: 0.15rem;
    cursor: auto;
  }
  [part='controls'] input[type='checkbox'] {
    accent-color: var(--_info);
  }
  /* Compact: one line per alert for wall screens; long text is cut with an ellipsis. */
  :host([density='compact']) :is([part~='alert'], [part~='member']) {
    align-items: center;
    padding: 0.1rem 0.5rem;
    margin-block-end: 2px;
    border-radius: 2px;
    contain-intrinsic-size: auto 1.6rem;
  }
  :host([density='compact']) :is([part~='alert'], [part~='member']) > div {
    display: flex;
    align-items: baseline;
    gap: 0.75rem;
    min-inline-size: 0;
    overflow: hidden;
    white-space: nowrap;
  }
  :host([density='compact']) :is([part='title'], [part='meta'], [part^='ack-']) {
    flex: none;
  }
  :host([density='compact']) :is([part='title'], [part='message'], [part='ack-error']) {
    overflow: hidden;
    text-overflow: ellipsis;
    min-inline-size: 0;
    flex-shrink: 1;
  }
  :host([density='compact']) [part='message'] {
    flex: 1 1 0;
    color: var(--_muted);
  }
  /* A long failure gives way before the title does. */
  :host([density='compact']) [part='ack-error'] {
    flex-shrink: 4;
  }
  :host([density='compact']) :is([part='ack-button'], [part='expand-button']) {
    padding-block: 0;
    font-size: 0.75rem;
  }
  [part='empty'] {
    color: var(--_muted);
    margin: 0;
  }
  .sr-only {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
