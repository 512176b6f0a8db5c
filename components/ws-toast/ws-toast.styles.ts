// Styles of <ws-toast>: a fixed stack in a corner; variant shown by colour, glyph and (hidden) text.
import { css } from 'lit';

export const styles = css`
  :host {
    --_bg: var(--ws-toast-background, #ffffff);
    --_fg: var(--ws-toast-color, #1f2328);
    --_border: var(--ws-toast-border-color, #d0d7de);
    --_info: var(--ws-toast-info-color, #0969da);
    --_success: var(--ws-toast-success-color, #1a7f37);
    --_warning: var(--ws-toast-warning-color, #9a6700);
    --_error: var(--ws-toast-error-color, #cf222e);
    position: var(--ws-toast-position, fixed);
    inset-block-end: var(--ws-toast-inset-block, 1rem);
    inset-inline-end: var(--ws-toast-inset-inline, 1rem);
    z-index: var(--ws-toast-z-index, 1000);
    display: block;
    inline-size: var(--ws-toast-width, min(24rem, calc(100vw - 2rem)));
    font: var(--ws-toast-font, 0.9rem/1.4 system-ui, sans-serif);
    pointer-events: none;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--ws-toast-background, #161b22);
      --_fg: var(--ws-toast-color, #e6edf3);
      --_border: var(--ws-toast-border-color, #30363d);
      --_info: var(--ws-toast-info-color, #58a6ff);
      --_success: var(--ws-toast-success-color, #3fb950);
      --_warning: var(--ws-toast-warning-color, #d29922);
      --_error: var(--ws-toast-error-color, #f85149);
    }
  }
  [part~='region'] {
    display: flex;
    flex-direction: column;
    gap: 0.5rem;
  }
  [part~='region'] + [part~='region'] {
    margin-block-start: 0.5rem;
  }
  [part~='toast'] {
    --_accent: var(--_info);
    pointer-events: auto;
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    padding: 0.6rem 0.5rem 0.6rem 0.75rem;
    border: 1px solid var(--_border);
    border-inline-start: 4px solid var(--_accent);
    border-radius: var(--ws-toast-radius, 6px);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: var(--ws-toast-shadow, 0 4px 12px rgb(0 0 0 / 0.15));
  }
  [data-variant='success'] {
    --_accent: var(--_success);
  }
  [data-variant='warning'] {
    --_accent: var(--_warning);
  }
  [data-variant='error'] {
    --_accent: var(--_error);
  }
  [part~='icon'] {
    color: var(--_accent);
    font-weight: 700;
    flex: none;
  }
  [part~='message'] {
    flex: 1;
    overflow-wrap: anywhere;
  }
  [part~='count'] {
    font-weight: 600;
    margin-inline-start: 0.35em;
  }
  [part~='close'] {
    flex: none;
    border: 0;
    background: transparent;
    color: inherit;
    font: inherit;
    font-size: 1.1rem;
    line-height: 1;
    padding: 0.1rem 0.35rem;
    border-radius: 4px;
    cursor: pointer;
  }
  [part~='close']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
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
