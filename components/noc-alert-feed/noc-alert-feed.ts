// <noc-alert-feed>: the NOC dashboard's live alert list with acknowledgements.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Message } from '../../src/types.js';
import { kitEvent } from '../internal/events.js';
import { asRecord, field, id, text } from '../internal/read.js';
import { nextFrame } from '../internal/frame.js';
import { initialScript } from '../internal/initial-script.js';
import { SocketController } from '../internal/socket-controller.js';
import { parseSeverityFilter, readAlert, type NocAlert } from './alert.js';
import {
  AlertState,
  AlertStore,
  REMEMBERED,
  type AlertChunk,
  type AlertEntry,
} from './alert-store.js';
import { AlertAnnouncer } from './alert-announcer.js';
import {
  AlertStream,
  FrameAction,
  readAlertState,
  type AlertRecoveryDetail,
  type StateAlert,
} from './alert-stream.js';
import {
  groupAlerts,
  parseGroupBy,
  passes,
  sortRows,
  SortOrder,
  type AlertGroup,
  type ViewFilter,
} from './alert-view.js';
import { alertTemplate } from './alert-template.js';
import { chunk } from './chunk-directive.js';
import { controlsTemplate, type ControlValues } from './feed-controls.js';
import { styles } from './noc-alert-feed.styles.js';

export type { AlertEntry, AlertRecoveryDetail, SortOrder };

/** `alert-new`: an alert that was not already in the feed. */
export interface AlertNewDetail {
  alert: NocAlert;
}

/** `alert-acknowledged`: the server confirmed an acknowledgement (by this client or another). */
export interface AlertAcknowledgedDetail {
  alertId: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  /** The alert, when the feed still holds it. */
  alert?: NocAlert;
}

// Alerts added to the DOM per animation frame: a burst is spread over frames, never one long task.
// Grouped, a frame's cost is the regrouping of the list, whatever the batch: take more at once.
const FRAME_BATCH = 100;
const GROUPED_BATCH = 1000;
// Alerts an expanded group lists, newest first.
const MEMBERS_SHOWN = 50;
const CLOCK_MS = 30_000;
// Relative times of this many newest alerts follow the clock; older ones refresh when their chunk
// re-renders, so a clock tick never re-renders thousands of alerts.
const TICKING = 250;
// How long the "reloaded" notice stays after a rebuild from a snapshot.
const NOTICE_MS = 10_000;

/**
 * @summary The live alert list of a NOC dashboard: subscribes to a client's alerts, shows them
 * newest first with severity as text and colour, and acknowledges them through the server. For
 * floods: `group-by` folds alike alerts into one row, the live region announces one summary per
 * `announce-interval`, `density="compact"` fits a wall screen, and `controls` gives the operator
 * filters and an order.
 *
 * @event {CustomEvent<AlertNewDetail>} alert-new - An alert that was not already in the feed arrived.
 * @event {CustomEvent<AlertAcknowledgedDetail>} alert-acknowledged - The server confirmed an acknowledgement (from any client).
 * @event {CustomEvent<AlertRecoveryDetail>} alert-recovery - A subscription that carried `since` is answered: `recovered` true once the missed frames are replayed (`replayed` of them), false when the feed was rebuilt from a snapshot.
 * @event {CustomEvent<ErrorDetail>} error - The initial JSON could not be read (`kind: "parse"`). Does not bubble.
 *
 * @csspart header - The line above the list.
 * @csspart count - The unacknowledged count.
 * @csspart announcer - The polite live region: summaries of new alerts, paced by `announce-interval`.
 * @csspart notice - A short polite notice (`role="status"`) after the feed was rebuilt from the server's snapshot.
 * @csspart controls - The operator's toolbar (`controls`): severity, search, unacknowledged only, sort.
 * @csspart list - The `<ol>` of alerts.
 * @csspart alert - One row (`<li>`): an alert, or with `group-by` a group (`data-count`), with `data-state` (new, pending, acknowledged, failed) and `data-severity` (a group's worst).
 * @csspart actions - A group's buttons.
 * @csspart expand-button - Shows or hides a group's alerts (`aria-expanded`).
 * @csspart members - The `<ol>` of an expanded group's alerts.
 * @csspart member - One alert of an expanded group, with `data-state` and `data-severity`.
 * @csspart more - "N older not shown" at the end of a long group.
 * @csspart severity - The severity label.
 * @csspart title - The alert title.
 * @csspart message - The alert message.
 * @csspart meta - Source and relative time.
 * @csspart ack-button - The Acknowledge button.
 * @csspart ack-status - "Acknowledged by …".
 * @csspart ack-error - The visible acknowledgement failure (for a group: which of its alerts failed).
 * @csspart empty - The text shown when there are no alerts (or none passes the filters).
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
 * @cssproperty --noc-alert-feed-severity-width - Width of the severity labels (default 6.5em), one for all so titles align.
 *
 * @example
 * <noc-alert-feed for="noc" client-id="acme" severity="critical,major"></noc-alert-feed>
 * <noc-alert-feed for="noc" client-id="acme" group-by="source" density="compact" controls></noc-alert-feed>
 */
export class NocAlertFeed extends LitElement {
  static override styles = styles;

  readonly #link = new SocketController(this, {
    // Sent on every connect, before what was queued offline (an acknowledgement needs it).
    // With `since`, the last seq seen, once there is one: the server replays what was missed.
    subscription: () => (this.clientId ? this.#stream.subscription(this.clientId) : undefined),
    // By type: the socket calls these directly, with no message event per frame.
    on: {
      alert_new: (message) => this.#inStream(message) && this.#onAlert(field(message, 'alert')),
      alert_acknowledged: (message) => this.#inStream(message) && this.#onAcknowledged(message),
      subscribed: (message) => this.#onSubscribed(message),
      alert_snapshot: (message) => this.#onSnapshot(message),
      error: (message) => this.#onError(message),
    },
  });

  /** Id of the `<ws-connection>` to use; without it, the nearest enclosing one. */
  @property() for?: string | null;
  /** Client whose alerts to show: sends `subscribe_client` (again after every reconnect). */
  @property({ attribute: 'client-id' }) clientId?: string | null;
  /** Most alerts (with `group-by`: groups) kept and shown, newest first (default 200). */
  @property({ attribute: 'max-items', type: Number }) maxItems = 200;
  /** Severities to show, e.g. "critical,major"; empty shows all. */
  @property() severity?: string | null;
  /** Space-separated alert fields (e.g. "source title"): alerts equal in all of them show as one row. */
  @property({ attribute: 'group-by' }) groupBy?: string | null;
  /** ms: new alerts are announced at most once per interval, as one summary; a critical one at once (default 5000). */
  @property({ attribute: 'announce-interval', type: Number }) announceInterval = 5000;
  /** `comfortable` or `compact` (one line per alert, for wall screens). */
  @property({ reflect: true }) density: 'comfortable' | 'compact' = 'comfortable';
  /** Shows the operator's toolbar: severity, search, unacknowledged only, sort. */
  @property({ type: Boolean }) controls = false;
  /** Shows only alerts whose source or title contains this text (any case). */
  @property() search = '';
  /** Shows only alerts not acknowledged yet. */
  @property({ attribute: 'unacknowledged-only', type: Boolean }) unacknowledgedOnly = false;
  /** `time` (newest first) or `severity` (worst first, then newest). */
  @property() sort: 'time' | 'severity' = 'time';
  /** ms to wait for the server's answer to an acknowledgement before showing a failure (default 10000). */
  @property({ attribute: 'ack-timeout', type: Number }) ackTimeout = 10_000;
  /** Accessible name of the list (default "Alerts"). */
  @property() label = 'Alerts';

  @state() private now = Date.now();
  @state() private announcement = '';
  @state() private notice = '';
  readonly #store = new AlertStore();
  readonly #stream = new AlertStream();
  #noticeTimer?: ReturnType<typeof setTimeout>;
  /** Reads the child `<script type="application/json">` `{seq, alerts}` once; bad JSON is an `error` event. */
  readonly #initial = initialScript(this, 'noc-alert-feed', (json) => {
    const { seq, alerts } = readAlertState(json);
    if (this.#stream.seq !== undefined) return; // the socket was quicker: its state is newer
    this.#rebuild(alerts);
    this.#stream.seq = seq;
  });
  readonly #announcer = new AlertAnnouncer(this);
  #filter: ViewFilter = { severities: new Set(), text: '', unacknowledged: false };
  #fields: (keyof NocAlert)[] = [];
  /** The rows of the last render with `group-by` (the buttons carry their index). */
  #groups: AlertGroup[] = [];
  /** Keys of the groups the operator expanded. */
  readonly #expanded = new Set<string>();
  #cancelFrame?: () => void;
  /** Acknowledgement outcomes not said yet: said together once a frame (a group's answers are one message). */
  #told: Record<'done' | 'failed', string[]> = { done: [], failed: [] };
  #cancelTell?: () => void;
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
    return this.#store.unacknowledged(this.#filter.severities);
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

  /** Both servers name the alert an `error` refuses (`alert_id`); an error without it is not ours. */
  #onError(message: Message): void {
    const target = id(field(message, 'alert_id'));
    if (target !== undefined && this.#store.isPending(target))
      this.#fail(target, text(field(message, 'message'), 'the server refused it'));
  }

  /** Frames of this feed's client (a shared socket may carry others'); one without client_id is. */
  #ours(message: Message): boolean {
    const alert = asRecord(field(message, 'alert'));
    const client =
      text(field(message, 'client_id')) || (alert ? text(field(alert, 'client_id')) : '');
    return !this.clientId || !client || client === this.clientId;
  }

  /**
   * A numbered frame's place in the stream: false when it is not to be applied (seen already, or
   * beyond a skip, which is asked about at once: the server replays from the last seq seen).
   */
  #inStream(message: Message): boolean {
    if (!this.#ours(message)) return true; // not ours: the handler's own client check drops it
    const socket = this.#link.socket;
    const action = this.#stream.frame(field(message, 'seq'), Boolean(socket?.isConnected()));
    if (action === FrameAction.ask && this.clientId) socket?.send(this.#stream.ask(this.clientId));
    if (action !== FrameAction.apply) return false;
    queueMicrotask(() => this.#recovered(this.#stream.completed())); // once the frame is applied
    return true;
  }

  #onSubscribed(message: Message): void {
    if (!this.clientId || field(message, 'client_id') !== this.clientId) return;
    this.#recovered(this.#stream.subscribed(field(message, 'seq'), field(message, 'recovered')));
  }

  /** `alert_snapshot`: the server's unacknowledged alerts replace what the feed shows. */
  #onSnapshot(message: Message): void {
    if (!this.clientId || field(message, 'client_id') !== this.clientId) return;
    const { seq, alerts } = readAlertState(message);
    this.#rebuild(alerts);
    const { rebuilt, recovery } = this.#stream.snapshot(seq);
    if (rebuilt) {
      this.notice = 'Reconnected: the alerts were reloaded from the server.';
      clearTimeout(this.#noticeTimer);
      this.#noticeTimer = setTimeout(() => (this.notice = ''), NOTICE_MS);
    }
    this.#recovered(recovery);
  }

  #recovered(detail: AlertRecoveryDetail | undefined): void {
    if (detail) this.dispatchEvent(kitEvent<AlertRecoveryDetail>('alert-recovery', detail));
  }

  /**
   * Replaces what the feed holds with `alerts` (newest first): a snapshot or the initial JSON.
   * State, not news: no `alert-new` events, no announcements.
   */
  #rebuild(alerts: readonly StateAlert[]): void {
    for (const alertId of [...this.#ackTimers.keys()]) this.#stopTimer(alertId);
    this.#store.clear();
    for (const { alert, wireId, acknowledgedBy, acknowledgedAt } of [...alerts].reverse()) {
      this.#store.offer(alert, wireId);
      if (acknowledgedBy) this.#store.acknowledged(alert.id, acknowledgedBy, acknowledgedAt ?? '');
    }
    this.#cancelFrame ??= nextFrame(() => this.#flush());
    this.requestUpdate();
  }

  #onAlert(raw: unknown): void {
    const alert = readAlert(raw);
    if (!alert) return;
    // A shared socket may carry other clients' alerts (another feed's subscription, or polling).
    if (this.clientId && alert.client_id && alert.client_id !== this.clientId) return;
    const wireId = field(raw as Record<string, unknown>, 'id');
    if (!this.#store.offer(alert, typeof wireId === 'number' ? wireId : alert.id)) return;
    if (passes(this.#filter, alert, AlertState.new)) this.#announcer.add(alert);
    this.dispatchEvent(kitEvent<AlertNewDetail>('alert-new', { alert }));
    this.#cancelFrame ??= nextFrame(() => this.#flush());
  }

  /** Once per animation frame: queued alerts into the list, one render. */
  #flush(): void {
    this.#cancelFrame = undefined;
    const batch = this.#fields.length ? GROUPED_BATCH : FRAME_BATCH;
    for (const gone of this.#store.flush(batch)) this.#stopTimer(gone.alert.id);
    this.#capGroups();
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
    if (entry) this.#tell('done', entry.alert.title);
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
    this.#tell('failed', entry.alert.title);
    this.requestUpdate();
  }

  #tell(kind: 'done' | 'failed', title: string): void {
    this.#told[kind].push(title);
    this.#cancelTell ??= nextFrame(() => {
      this.#cancelTell = undefined;
      const say = ({ length, 0: one }: string[], single: string, many: string) =>
        length > 1 ? `${length} ${many}` : length ? `${single}: ${one}` : '';
      const { done, failed } = this.#told;
      this.announcement = [
        say(done, 'Acknowledged', 'alerts acknowledged'),
        say(failed, 'Acknowledgement failed', 'acknowledgements failed'),
      ]
        .filter(Boolean)
        .join('. ');
      this.#told = { done: [], failed: [] };
    });
  }

  /** With `group-by`, `max-items` caps the groups: the alerts of older groups leave. */
  #capGroups(): void {
    if (!this.#fields.length) return;
    const groups = groupAlerts(this.#store.list, this.#fields);
    if (groups.length <= this.#cap) return;
    const gone = new Set(groups.slice(this.#cap).flatMap((g) => g.entries));
    for (const entry of this.#store.remove((e) => gone.has(e))) this.#stopTimer(entry.alert.id);
  }

  get #cap(): number {
    return Math.max(1, Number.isFinite(this.maxItems) ? this.maxItems : 200);
  }

  /** A group's Acknowledge: every alert of it that is neither acknowledged nor pending. */
  #acknowledgeGroup(group: AlertGroup): void {
    for (const { alert, state } of group.entries)
      if (state === AlertState.new || state === AlertState.failed) this.acknowledge(alert.id);
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
    // Before the controller binds the socket: the first subscribe_client then carries its seq.
    this.#initial.connect();
    super.connectedCallback();
    this.#startClock();
    if (this.#store.queued > 0) this.#cancelFrame ??= nextFrame(() => this.#flush());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#initial.disconnect();
    clearTimeout(this.#noticeTimer);
    this.notice = '';
    this.#cancelFrame?.();
    this.#cancelFrame = undefined;
    clearInterval(this.#clock);
    this.#clock = undefined;
    for (const alertId of [...this.#ackTimers.keys()])
      this.#fail(alertId, 'the feed was removed from the page');
    // Nobody hears a removed feed: no frame left waiting to speak.
    this.#cancelTell?.();
    this.#cancelTell = undefined;
    this.#told = { done: [], failed: [] };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#announcer.interval = this.announceInterval;
    const filterChanged = ['severity', 'search', 'unacknowledgedOnly', 'sort'].some((k) =>
      changed.has(k as keyof NocAlertFeed),
    );
    if (filterChanged)
      this.#filter = {
        severities: parseSeverityFilter(this.severity),
        text: (this.search ?? '').trim().toLowerCase(),
        unacknowledged: this.unacknowledgedOnly,
      };
    if (changed.has('groupBy')) this.#fields = parseGroupBy(this.groupBy);
    if (changed.has('maxItems') || changed.has('groupBy')) {
      this.#store.maxItems = this.#fields.length ? REMEMBERED : this.#cap;
      for (const gone of this.#store.trim()) this.#stopTimer(gone.alert.id);
      this.#capGroups();
    }
    if (!this.hasUpdated) return;
    if (changed.has('clientId')) {
      for (const alertId of [...this.#ackTimers.keys()]) this.#stopTimer(alertId);
      this.#store.clear();
      this.#stream.reset();
      this.#announcer.reset();
      this.#link.resubscribe();
    }
    if (filterChanged) {
      const list = this.#store.list;
      const shown = list.filter((e) => passes(this.#filter, e.alert, e.state)).length;
      const order = this.sort === SortOrder.severity ? ', most severe first' : '';
      this.announcement = `${shown} of ${list.length} alerts shown${order}`;
    }
  }

  /** The toolbar changed a view property. */
  readonly #setControl = (change: Partial<ControlValues>): void => {
    Object.assign(this, change);
  };

  /** One listener for every button of the list (delegated: no closure per alert per render). */
  readonly #onListClick = (event: Event): void => {
    const button = (event.target as Element | null)?.closest?.('button');
    if (!(button instanceof HTMLElement)) return;
    const { alertId, group, expand } = button.dataset;
    if (alertId !== undefined) this.acknowledge(alertId);
    const row = this.#groups[Number(group ?? expand)];
    if (row && group !== undefined) this.#acknowledgeGroup(row);
    if (row && expand !== undefined) {
      if (!this.#expanded.delete(row.key)) this.#expanded.add(row.key);
      this.requestUpdate();
    }
  };

  /** One chunk's alerts; re-rendered only when its version, the filter or (for new ones) the clock changes. */
  #renderChunk(c: AlertChunk, ticking: boolean) {
    const now = ticking ? this.now : undefined;
    return chunk(
      [c.version, this.#filter, now],
      () =>
        c.entries
          .filter((e) => passes(this.#filter, e.alert, e.state))
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

  /** The list's rows: chunks (newest first, the fast path), groups, or alerts sorted by severity. */
  #renderRows() {
    const filter = this.#filter;
    if (this.#fields.length) {
      const visible = this.#store.list.filter((e) => passes(filter, e.alert, e.state));
      const groups = sortRows(groupAlerts(visible, this.#fields), this.sort, (g) => g.worst);
      this.#groups = groups.slice(0, this.#cap);
      // Groups that left the view forget that they were open: keys do not pile up for days.
      const keys = new Set(this.#groups.map((g) => g.key));
      for (const key of this.#expanded) if (!keys.has(key)) this.#expanded.delete(key);
      return repeat(
        this.#groups,
        (g) => g.key,
        (group, index) =>
          alertTemplate(group.entries[0]!, this.now, 'alert', {
            group,
            index,
            expanded: this.#expanded.has(group.key),
            limit: MEMBERS_SHOWN,
          }),
      );
    }
    if (this.sort === SortOrder.severity) {
      const visible = this.#store.list.filter((e) => passes(filter, e.alert, e.state));
      return repeat(
        sortRows(visible, this.sort, (e) => e.alert.severity),
        (e) => e.alert.id,
        (e) => alertTemplate(e, this.now),
      );
    }
    let seen = 0;
    return repeat(
      this.#store.chunks,
      (c) => c.id,
      (c) => {
        const ticking = seen < TICKING;
        seen += c.entries.length;
        return this.#renderChunk(c, ticking);
      },
    );
  }

  protected override render() {
    const list = this.#store.list;
    const filtering =
      this.#filter.severities.size > 0 || this.#filter.text || this.unacknowledgedOnly;
    const anyVisible = filtering
      ? list.some((e) => passes(this.#filter, e.alert, e.state))
      : list.length > 0;
    if (!anyVisible) this.#groups = [];
    return html`<div part="header">
        <span part="count">${this.unacknowledgedCount} unacknowledged</span>
        <span class="sr-only" aria-live="polite">${this.announcement}</span>
        <span part="announcer" class="sr-only" aria-live="polite" aria-atomic="true"
          >${this.#announcer.text}</span
        >
      </div>
      <p part="notice" role="status">${this.notice || nothing}</p>
      ${
        this.controls
          ? controlsTemplate(this.label, this.#filter.severities, this, this.#setControl)
          : nothing
      }
      ${
        anyVisible
          ? html`<ol part="list" aria-label=${this.label} @click=${this.#onListClick}>
              ${this.#renderRows()}
            </ol>`
          : html`<p part="empty">${list.length ? 'No alerts match the filters' : 'No alerts'}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'noc-alert-feed': NocAlertFeed;
  }
  interface GlobalEventHandlersEventMap {
    'alert-new': CustomEvent<AlertNewDetail>;
    'alert-acknowledged': CustomEvent<AlertAcknowledgedDetail>;
    'alert-recovery': CustomEvent<AlertRecoveryDetail>;
  }
}
