// Styles of <gcode-panel>: a card with the score, intensity, themes and two short lists.
import { css } from 'lit';

export const styles = css`
  :host {
    --_bg: var(--gcode-panel-background, #ffffff);
    --_fg: var(--gcode-panel-color, #1f2328);
    --_muted: var(--gcode-panel-muted-color, #57606a);
    --_border: var(--gcode-panel-border-color, #d0d7de);
    --_accent: var(--gcode-panel-accent-color, #0969da);
    --_chip-bg: var(--gcode-panel-chip-background, #ddf4ff);
    --_low: var(--gcode-panel-low-color, #1a7f37);
    --_medium: var(--gcode-panel-medium-color, #8a5a00);
    --_high: var(--gcode-panel-high-color, #b42318);
    --_stale-bg: var(--gcode-panel-stale-background, #fff8c5);
    display: block;
    padding: var(--gcode-panel-padding, 1rem);
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--gcode-panel-radius, 8px);
    font: var(--gcode-panel-font, 0.9rem/1.45 system-ui, sans-serif);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_bg: var(--gcode-panel-background, #161b22);
      --_fg: var(--gcode-panel-color, #e6edf3);
      --_muted: var(--gcode-panel-muted-color, #9da7b3);
      --_border: var(--gcode-panel-border-color, #30363d);
      --_accent: var(--gcode-panel-accent-color, #58a6ff);
      --_chip-bg: var(--gcode-panel-chip-background, #0c2d6b);
      --_low: var(--gcode-panel-low-color, #3fb950);
      --_medium: var(--gcode-panel-medium-color, #e3b341);
      --_high: var(--gcode-panel-high-color, #ff7b72);
      --_stale-bg: var(--gcode-panel-stale-background, #3b2e00);
    }
  }
  :host([stale]) [part~='figures'] {
    /* 1 by default: any fading drops the muted text below WCAG contrast; the notice says it. */
    opacity: var(--gcode-panel-stale-opacity, 1);
  }
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5rem;
    color: var(--_muted);
  }
  [part='stale'] {
    background: var(--_stale-bg);
    color: var(--_fg);
    border-radius: 4px;
    padding: 0 0.4em;
  }
  [part~='figures'] {
    display: grid;
    gap: 0.5rem;
    margin-block: 0.75rem;
  }
  [part='score'] {
    display: flex;
    align-items: baseline;
    gap: 0.5rem;
  }
  [part='score-value'] {
    font-size: 2rem;
    font-weight: 700;
    color: var(--_accent);
  }
  [part='meter'] {
    inline-size: 100%;
  }
  [part='intensity'] {
    margin: 0;
  }
  [data-intensity='low'] strong {
    color: var(--_low);
  }
  [data-intensity='medium'] strong {
    color: var(--_medium);
  }
  [data-intensity='high'] strong {
    color: var(--_high);
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part='themes'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.35rem;
  }
  [part='theme'] {
    background: var(--_chip-bg);
    color: var(--_fg);
    border-radius: 999px;
    padding: 0 0.6em;
  }
  h3 {
    font-size: 0.95rem;
    margin: 0.75rem 0 0.25rem;
  }
  [part='annotation'],
  [part='content-item'] {
    padding-block: 0.2rem;
    border-block-end: 1px solid var(--_border);
  }
  .muted {
    color: var(--_muted);
  }
`;
