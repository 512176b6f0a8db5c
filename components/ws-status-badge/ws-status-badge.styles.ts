// Styles of <ws-status-badge>: a pill whose dot and border take the status colour; text stays neutral for contrast.
import { css } from 'lit';

export const styles = css`
  :host {
    --_bg: var(--ws-status-badge-background, #ffffff);
    --_fg: var(--ws-status-badge-color, #1f2328);
    --_muted: var(--ws-status-badge-muted-color, #57606a);
    --_connected: var(--ws-status-badge-connected-color, #1a7f37);
    --_connecting: var(--ws-status-badge-connecting-color, #9a6700);
    --_reconnecting: var(--ws-status-badge-reconnecting-color, #bc4c00);
    --_disconnected: var(--ws-status-badge-disconnected-color, #6e7781);
    --_failed: var(--ws-status-badge-failed-color, #cf222e);
    --_polling: var(--ws-status-badge-polling-color, #0969da);
    --_accent: var(--_disconnected);
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    padding: 0.2em 0.65em;
    border: 1px solid var(--_accent);
    border-radius: var(--ws-status-badge-radius, 999px);
    background: var(--_bg);
    color: var(--_fg);
    font: var(--ws-status-badge-font, 500 0.875rem/1.4 system-ui, sans-serif);
    white-space: nowrap;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--ws-status-badge-background, #161b22);
      --_fg: var(--ws-status-badge-color, #e6edf3);
      --_muted: var(--ws-status-badge-muted-color, #9da7b3);
      --_connected: var(--ws-status-badge-connected-color, #3fb950);
      --_connecting: var(--ws-status-badge-connecting-color, #d29922);
      --_reconnecting: var(--ws-status-badge-reconnecting-color, #f0883e);
      --_disconnected: var(--ws-status-badge-disconnected-color, #8b949e);
      --_failed: var(--ws-status-badge-failed-color, #f85149);
      --_polling: var(--ws-status-badge-polling-color, #58a6ff);
    }
  }
  :host([status='connected']) {
    --_accent: var(--_connected);
  }
  :host([status='connecting']) {
    --_accent: var(--_connecting);
  }
  :host([status='reconnecting']) {
    --_accent: var(--_reconnecting);
  }
  :host([status='failed']) {
    --_accent: var(--_failed);
  }
  :host([status='polling']) {
    --_accent: var(--_polling);
  }
  [part='dot'] {
    inline-size: 0.6em;
    block-size: 0.6em;
    border-radius: 50%;
    background: var(--_accent);
    flex: none;
  }
  :host([status='connecting']) [part='dot'],
  :host([status='reconnecting']) [part='dot'] {
    animation: pulse 1.2s ease-in-out infinite;
  }
  [part='latency'] {
    color: var(--_muted);
  }
  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    [part='dot'] {
      animation: none !important;
    }
  }
`;
