// <noc-alert-feed>: the NOC dashboard's live alert list with acknowledgements.
import { LitElement, html, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ConnectionStatusDetail, Message } from '../../src/types.js';
import type { AnySocket } from '../internal/context.js';
import { kitEvent, type AlertAcknowledgedDetail, type AlertNewDetail } from '../internal/events.js';
import { field, id, text } from '../internal/read.js';
import { nextFrame } from '../internal/frame.js';
import { SocketController } from '../internal/socket-controller.js';
import { parseSeverityFilter, readAlert, type Severity } from './alert.js';
import { AlertStore, type AlertChunk, type AlertEntry } from './alert-store.js';
import { alertTemplate } from './alert-template.js';
import { chunk } from './chunk-directive.js';
import { styles } from './noc-alert-feed.styles.js';

export type { AlertEntry };

// Alerts added to the DOM per animation frame: a burst is spread over frames, never one long task.
const FRAME_BATCH = 100;
const CLOCK_MS = 30_000;
// Relative times of this many newest alerts follow the clock; older ones refresh when their chunk
// re-renders, so a clock tick never re-renders thousands of alerts.
const TICKING = 250;

/**
 * @summary The live alert list of a NOC dashboard: subscribes to a client's alerts, shows them
 * newest first with severity as text and colour, and acknowledges them through the server.
 *
 * @event {CustomEvent<AlertNewDetail>} alert-new - An alert that was not already in the feed arrived.
 * @event {CustomEvent<AlertAcknowledgedDetail>} alert-acknowledged - The server confirmed an acknowledgement (from any client).
 *
 * @csspart header - The line above the list.
 * @csspart count - The unacknowledged count.
 * @csspart list - The `<ol>` of alerts.
 * @csspart alert - One alert (`<li>`), with `data-state` (new, pending, acknowledged, failed) and `data-severity`.
 * @csspart severity - The severity label.
 * @csspart title - The alert title.
 * @csspart message - The alert message.
 * @csspart meta - Source and relative time.
 * @csspart ack-button - The Acknowledge button.
 * @csspart ack-status - "Acknowledged by …".
 * @csspart ack-error - The visible acknowledgement failure.
 * @csspart empty - The text shown when there are no alerts.
 *
 * @cssproperty --noc-alert-feed-background - Feed background.
 * @cssproperty --noc-alert-feed-item-background - Alert background.
 * @cssproperty --noc-alert-feed-color - Text colour.
 * @cssproperty --noc-alert-feed-muted-color - Secondary text colour.
 * @cssproperty --noc-alert-feed-border-color - Borders.
 * @cssproperty --noc-alert-feed-critical-color - Severity colour (also -major-, -minor-, -warning-, -info-color).
 * @cssproperty --noc-alert-feed-acknowledged-color - "Acknowledged" text.
 * @cssproperty --noc-alert-feed-error-color - Failure text.
 * @cssproperty --noc-alert-feed-acknowledged-opacity - Opacity of acknowledged alerts (default 1).
 * @cssproperty --noc-alert-feed-gap - Space between alerts.
 * @cssproperty --noc-alert-feed-max-height - Height after which the list scrolls.
 * @cssproperty --noc-alert-feed-radius - Corner radius.
 * @cssproperty --noc-alert-feed-font - Font shorthand.
 *
 * @example
 * <noc-alert-feed for="noc" client-id="acme" severity="critical,major"></noc-alert-feed>
 */
export class NocAlertFeed extends LitElement {
  static override styles = styles;

  readonly #link = new SocketController(this, {
    bound: (socket) => this.#subscribe(socket),
    status: (detail) => this.#onStatus(detail),
    message: (message) => this.#onMessage(message),
  });

  /** Id of the `<ws-connection>` to use; without it, the nearest enclosing one. */
  @property() for?: string | null;
  /** Client whose alerts to show: sends `subscribe_client` (again after every reconnect). */
  @property({ attribute: 'client-id' }) clientId?: string | null;
  /** Most alerts kept and shown, newest first (default 200). */
  @property({ attribute: 'max-items', type: Number }) maxItems = 200;
  /** Severities to show, e.g. "critical,major"; empty shows all. */
  @property() severity?: string | null;
  /** ms to wait for the server's answer to an acknowledgement before showing a failure (default 10000). */
  @property({ attribute: 'ack-timeout', type: Number }) ackTimeout = 10_000;
  /** Accessible name of the list (default "Alerts"). */
  @property() label = 'Alerts';

  @state() private now = Date.now();
  @state() private announcement = '';
  readonly #store = new AlertStore();
  #filter: ReadonlySet<Severity> = new Set();
  #cancelFrame?: () => void;
  #clock?: ReturnType<typeof setInterval>;
  readonly #ackTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** End marker of each rendered chunk's part, by chunk id (see chunk-directive.ts). */
  readonly #chunkEnds = new Map<number, Node>();

  /** The alerts held, newest first (read-only snapshot). */
  get alerts(): readonly AlertEntry[] {
    return this.#store.list;
  }

  /** Unacknowledged alerts received that pass the severity filter (also those beyond `max-items`). */
  get unacknowledgedCount(): number {
    return this.#store.unacknowledged(this.#filter);
  }

  /** Sends `acknowledge_alert` for an alert and shows it pending until the server answers. */
  acknowledge(alertId: string): void {
    const entry = this.#store.get(alertId);
    if (!entry || entry.state === 'pending' || entry.state === 'acknowledged') return;
    const socket = this.#link.socket;
    if (!socket) {
      this.#store.markPending(entry);
      this.#fail(entry.alert.id, 'not connected to a server');
      return;
    }
    this.#store.markPending(entry);
    socket.send({ type: 'acknowledge_alert', alert_id: entry.wireId });
    clearTimeout(this.#ackTimers.get(alertId));
    this.#ackTimers.set(
      alertId,
      setTimeout(
        () =>
          this.#fail(
            alertId,
            `no answer from the server within ${Math.round(this.ackTimeout / 1000)} s`,
          ),
        this.ackTimeout,
      ),
    );
    this.requestUpdate();
  }

  #subscribe(socket: AnySocket | undefined = this.#link.socket): void {
    if (this.clientId && socket?.isConnected())
      socket.send({ type: 'subscribe_client', client_id: this.clientId });
  }

  #onStatus(detail: ConnectionStatusDetail): void {
    if (detail.status === 'connected') this.#subscribe();
  }

  #onMessage(message: Message): void {
    if (message.type === 'alert_new') this.#onAlert(field(message, 'alert'));
    else if (message.type === 'alert_acknowledged') this.#onAcknowledged(message);
    else if (message.type === 'error') {
      const target = this.#store.matchError(
        id(field(message, 'alert_id')),
        text(field(message, 'message')),
        text(field(message, 'code')),
      );
      if (target) this.#fail(target, text(field(message, 'message'), 'the server refused it'));
    }
  }

  #onAlert(raw: unknown): void {
    const alert = readAlert(raw);
    if (!alert) return;
    // A shared socket may carry other clients' alerts (another feed's subscription, or polling).
    if (this.clientId && alert.client_id && alert.client_id !== this.clientId) return;
    const wireId = field(raw as Record<string, unknown>, 'id');
    if (!this.#store.offer(alert, typeof wireId === 'number' ? wireId : alert.id)) return;
    this.dispatchEvent(kitEvent<AlertNewDetail>('alert-new', { alert }));
    this.#cancelFrame ??= nextFrame(() => this.#flush());
  }

  /** Once per animation frame: queued alerts into the list, one render. */
  #flush(): void {
    this.#cancelFrame = undefined;
    for (const gone of this.#store.flush(FRAME_BATCH)) this.#stopTimer(gone.alert.id);
    this.#startClock();
    this.requestUpdate();
    if (this.#store.queued > 0) this.#cancelFrame = nextFrame(() => this.#flush());
  }

  #onAcknowledged(message: Message): void {
    const alertId = id(field(message, 'alert_id'));
    if (alertId === undefined) return;
    this.#stopTimer(alertId);
    const acknowledgedBy = text(field(message, 'acknowledged_by'));
    const acknowledgedAt = text(field(message, 'acknowledged_at'));
    const entry = this.#store.acknowledged(alertId, acknowledgedBy, acknowledgedAt);
    if (entry) this.announcement = `Acknowledged: ${entry.alert.title}`;
    this.requestUpdate();
    this.dispatchEvent(
      kitEvent<AlertAcknowledgedDetail>('alert-acknowledged', {
        alertId,
        acknowledgedBy,
        acknowledgedAt,
        alert: entry?.alert,
      }),
    );
  }

  #fail(alertId: string, reason: string): void {
    this.#stopTimer(alertId);
    const entry = this.#store.failed(alertId, reason);
    if (!entry) return;
    this.announcement = `Acknowledgement failed: ${entry.alert.title}`;
    this.requestUpdate();
  }

  #stopTimer(alertId: string): void {
    clearTimeout(this.#ackTimers.get(alertId));
    this.#ackTimers.delete(alertId);
  }

  /** Relative times go stale: refresh them while there is something to show. */
  #startClock(): void {
    if (this.#clock !== undefined || this.#store.list.length === 0) return;
    this.#clock = setInterval(() => (this.now = Date.now()), CLOCK_MS);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#startClock();
    if (this.#store.queued > 0) this.#cancelFrame ??= nextFrame(() => this.#flush());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#cancelFrame?.();
    this.#cancelFrame = undefined;
    clearInterval(this.#clock);
    this.#clock = undefined;
    for (const alertId of [...this.#ackTimers.keys()])
      this.#fail(alertId, 'the feed was removed from the page');
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('severity')) this.#filter = parseSeverityFilter(this.severity);
    if (changed.has('maxItems')) {
      this.#store.maxItems = Math.max(1, Number.isFinite(this.maxItems) ? this.maxItems : 200);
      for (const gone of this.#store.trim()) this.#stopTimer(gone.alert.id);
    }
    if (!this.hasUpdated) return;
    if (changed.has('for')) this.#link.retarget();
    if (changed.has('clientId')) {
      for (const alertId of [...this.#ackTimers.keys()]) this.#stopTimer(alertId);
      this.#store.clear();
      this.#subscribe();
    }
  }

  /** One listener for every Acknowledge button (delegated: no closure per alert per render). */
  readonly #onListClick = (event: Event): void => {
    const button = (event.target as Element | null)?.closest?.('[part="ack-button"]');
    const alertId = button instanceof HTMLElement ? button.dataset.alertId : undefined;
    if (alertId !== undefined) this.acknowledge(alertId);
  };

  /** One chunk's alerts; re-rendered only when its version, the filter or (for new ones) the clock changes. */
  #renderChunk(c: AlertChunk, ticking: boolean) {
    const now = ticking ? this.now : undefined;
    return chunk(
      [c.version, this.severity, now],
      () =>
        c.entries
          .filter((e) => this.#filter.size === 0 || this.#filter.has(e.alert.severity))
          .map((e) => alertTemplate(e, this.now)),
      (end) => this.#chunkEnds.set(c.id, end),
    );
  }

  protected override updated(): void {
    if (this.#chunkEnds.size <= this.#store.chunks.length) return;
    // `repeat` has removed the parts of chunks that left the list; take away the end markers
    // lit-html leaves behind (lit/lit#5298). A fixed lit-html leaves none: parentNode is null.
    const live = new Set(this.#store.chunks.map((c) => c.id));
    for (const [id, end] of this.#chunkEnds) {
      if (live.has(id)) continue;
      end.parentNode?.removeChild(end);
      this.#chunkEnds.delete(id);
    }
  }

  protected override render() {
    const chunks = this.#store.chunks;
    const anyVisible =
      this.#filter.size === 0
        ? chunks.length > 0
        : this.#store.list.some((e) => this.#filter.has(e.alert.severity));
    let seen = 0;
    return html`<div part="header">
        <span part="count" role="status">${this.unacknowledgedCount} unacknowledged</span>
        <span class="sr-only" aria-live="polite">${this.announcement}</span>
      </div>
      ${
        anyVisible
          ? html`<ol part="list" aria-label=${this.label} @click=${this.#onListClick}>
              ${repeat(
                chunks,
                (c) => c.id,
                (c) => {
                  const ticking = seen < TICKING;
                  seen += c.entries.length;
                  return this.#renderChunk(c, ticking);
                },
              )}
            </ol>`
          : html`<p part="empty">No alerts</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'noc-alert-feed': NocAlertFeed;
  }
}
