// <gcode-panel>: the G-Code dashboard's day card, server-rendered first, then kept live.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ErrorDetail, Message } from '../../src/types.js';
import { kitEvent } from '../internal/events.js';
import { initialScript } from '../internal/initial-script.js';
import { field } from '../internal/read.js';
import { SocketController } from '../internal/socket-controller.js';
import {
  readAnnotation,
  readContent,
  readGcode,
  readInitialState,
  type Annotation,
  type GcodeData,
  type GeneratedContent,
} from './gcode-data.js';
import { styles } from './gcode-panel.styles.js';

type Listener<E> = ((event: E) => unknown) | { handleEvent(event: E): unknown } | null;

/** `gcode-updated`: the day's G-Code figures changed. */
export type GcodeUpdatedDetail = GcodeData;

// Lists keep the newest entries only; the panel is a summary, not an archive.
const LIST_CAP = 50;
const LIVE = new Set(['connected', 'polling']);

const upsert = <T extends { id: string }>(list: T[], item: T): T[] =>
  [item, ...list.filter((x) => x.id !== item.id)].slice(0, LIST_CAP);

/**
 * @summary The G-Code dashboard card: the day's score, intensity and themes from `gcode_updated`,
 * annotations from `annotation_added`, generated content from `content_generated`. A child
 * `<script type="application/json">` gives the initial state, so a server-rendered page shows
 * data before the socket opens; `stale` is set while the connection is not live.
 *
 *
 * @event {CustomEvent<GcodeUpdatedDetail>} gcode-updated - New G-Code figures arrived.
 * @event {CustomEvent<ErrorDetail>} error - The initial JSON could not be read (`kind: "parse"`). Does not bubble.
 *
 * @csspart header - Date and liveness line.
 * @csspart date - The date of the figures.
 * @csspart stale - The "not live" notice.
 * @csspart figures - Score, intensity and themes.
 * @csspart score - The score line; `score-value` the number, `meter` the gauge.
 * @csspart score-value - The score number.
 * @csspart meter - The `<meter>` gauge.
 * @csspart intensity - The intensity line (`data-intensity` low, medium, high).
 * @csspart themes - The theme list; `theme` each theme.
 * @csspart theme - One theme.
 * @csspart annotations - The annotations section; `annotation` each note.
 * @csspart annotation - One annotation.
 * @csspart content - The generated content section; `content-item` each item.
 * @csspart content-item - One generated item.
 *
 * @cssproperty --gcode-panel-background - Card background.
 * @cssproperty --gcode-panel-color - Text colour.
 * @cssproperty --gcode-panel-muted-color - Secondary text.
 * @cssproperty --gcode-panel-border-color - Borders.
 * @cssproperty --gcode-panel-accent-color - Score colour.
 * @cssproperty --gcode-panel-chip-background - Theme chip background.
 * @cssproperty --gcode-panel-low-color - Intensity colour (also -medium-, -high-color).
 * @cssproperty --gcode-panel-stale-background - Background of the stale notice.
 * @cssproperty --gcode-panel-stale-opacity - Opacity of stale figures (default 1; lower values cost text contrast).
 * @cssproperty --gcode-panel-padding - Card padding.
 * @cssproperty --gcode-panel-radius - Corner radius.
 * @cssproperty --gcode-panel-font - Font shorthand.
 *
 * @example
 * <gcode-panel for="dash" channel="user_42">
 *   <script type="application/json">{"gcode": {"date": "2024-05-01", "g_code_score": 72, "intensity": "medium", "themes": ["focus"]}}</script>
 * </gcode-panel>
 */
export class GcodePanel extends LitElement {
  static override styles = styles;

  readonly #link = new SocketController(this, {
    // Sent on every connect, before what was queued offline.
    subscription: () => (this.channel ? { action: 'subscribe', channel: this.channel } : undefined),
    bound: () => this.#onStatus(),
    status: () => this.#onStatus(),
    // By type: the socket calls these directly, with no message event per frame.
    on: {
      gcode_updated: (message) => this.#onGcode(message),
      annotation_added: (message) => {
        const note = readAnnotation(field(message, 'data'));
        if (note) this.annotations = upsert(this.annotations, note);
      },
      content_generated: (message) => {
        const item = readContent(field(message, 'data'));
        if (item) this.content = upsert(this.content, item);
      },
    },
  });

  /** Id of the `<ws-connection>` to use; without it, the nearest enclosing one. */
  @property() for?: string | null;
  /** Channel to follow, `user_<id>`: sends `{action: "subscribe", channel}` (again after every reconnect). */
  @property() channel?: string | null;
  /** Set while the connection is not live (not connected or polling): the figures may be old. Read-only. */
  @property({ type: Boolean, reflect: true }) stale = true;

  @state() private gcode?: GcodeData;
  @state() private annotations: Annotation[] = [];
  @state() private content: GeneratedContent[] = [];
  /** Reads the child JSON once; bad JSON is an `error` event, never an exception. */
  readonly #initial = initialScript(this, 'gcode-panel', (json) => {
    const initial = readInitialState(json);
    this.gcode ??= initial.gcode;
    if (this.annotations.length === 0) this.annotations = initial.annotations.slice(0, LIST_CAP);
    if (this.content.length === 0) this.content = initial.content.slice(0, LIST_CAP);
  });

  /** The current figures, if any. */
  get data(): GcodeData | undefined {
    return this.gcode;
  }

  #onStatus(): void {
    const status = this.#link.socket?.status;
    this.stale = !status || !LIVE.has(status);
  }

  #onGcode(message: Message): void {
    const gcode = readGcode(field(message, 'data'));
    if (!gcode) return;
    this.gcode = gcode;
    this.dispatchEvent(kitEvent<GcodeUpdatedDetail>('gcode-updated', gcode));
  }

  override addEventListener(
    type: 'error',
    listener: Listener<CustomEvent<ErrorDetail>>,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: HTMLElement, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: Listener<never>,
    options?: boolean | AddEventListenerOptions,
  ): void {
    super.addEventListener(type, listener as EventListenerOrEventListenerObject, options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#initial.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#initial.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated) return;
    if (changed.has('channel')) this.#link.resubscribe();
  }

  #renderFigures(g: GcodeData) {
    return html`<div part="figures">
      <div part="score">
        <span id="score-label">G-Code score</span>
        <span part="score-value">${g.g_code_score}</span><span class="muted">/ 100</span>
      </div>
      <meter
        part="meter"
        min="0"
        max="100"
        low="34"
        high="67"
        optimum="100"
        .value=${g.g_code_score}
        aria-labelledby="score-label"
      ></meter>
      ${g.intensity ? html`<p part="intensity" data-intensity=${g.intensity}>Intensity: <strong>${g.intensity}</strong></p>` : nothing}
      ${
        g.themes.length
          ? html`<ul part="themes" aria-label="Themes">
              ${g.themes.map((t) => html`<li part="theme">${t}</li>`)}
            </ul>`
          : nothing
      }
    </div>`;
  }

  protected override render() {
    const g = this.gcode;
    return html`<div part="header">
        <span part="date">${g?.date ? `G-Code for ${g.date}` : 'G-Code'}</span>
        ${this.stale ? html`<span part="stale" role="status">Not live: figures may be out of date</span>` : nothing}
      </div>
      ${g ? this.#renderFigures(g) : html`<p class="muted">No G-Code figures yet.</p>`}
      <section part="annotations" aria-labelledby="annotations-heading">
        <h3 id="annotations-heading">Annotations</h3>
        ${
          this.annotations.length
            ? html`<ul>
                ${repeat(
                  this.annotations,
                  (a) => a.id,
                  (a) =>
                    html`<li part="annotation"><span class="muted">${a.date}</span> ${a.note}</li>`,
                )}
              </ul>`
            : html`<p class="muted">None yet.</p>`
        }
      </section>
      <section part="content" aria-labelledby="content-heading">
        <h3 id="content-heading">Generated content</h3>
        ${
          this.content.length
            ? html`<ul>
                ${repeat(
                  this.content,
                  (c) => c.id,
                  (c) =>
                    html`<li part="content-item">
                      ${c.platform}: <span class="muted">${c.status}</span>
                    </li>`,
                )}
              </ul>`
            : html`<p class="muted">None yet.</p>`
        }
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gcode-panel': GcodePanel;
  }
  interface GlobalEventHandlersEventMap {
    'gcode-updated': CustomEvent<GcodeUpdatedDetail>;
  }
}
