// <ws-status-badge>: the status of a connection as text and colour, with the reconnect
// countdown and the latency.
import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ConnectionStatus, ConnectionStatusDetail } from '../../src/types.js';
import { SocketController } from '../internal/socket-controller.js';
import type { AnySocket } from '../internal/context.js';
import { latencyText, statusText } from './status-text.js';
import { styles } from './ws-status-badge.styles.js';

/**
 * @summary Shows a connection's status as text and colour: `Connected · 23 ms`,
 * `Reconnecting in 4 s (2/10)`, `Connection failed`. A polite live region (`role="status"`).
 *
 * @csspart dot - The coloured status dot (decorative).
 * @csspart label - The status text.
 * @csspart latency - The latency text, when known and connected.
 *
 * @cssproperty --ws-status-badge-background - Background.
 * @cssproperty --ws-status-badge-color - Text colour.
 * @cssproperty --ws-status-badge-muted-color - Latency text colour.
 * @cssproperty --ws-status-badge-connected-color - Dot and border when connected.
 * @cssproperty --ws-status-badge-connecting-color - … when connecting.
 * @cssproperty --ws-status-badge-reconnecting-color - … when reconnecting.
 * @cssproperty --ws-status-badge-disconnected-color - … when disconnected.
 * @cssproperty --ws-status-badge-failed-color - … when failed.
 * @cssproperty --ws-status-badge-polling-color - … when polling.
 * @cssproperty --ws-status-badge-radius - Corner radius.
 * @cssproperty --ws-status-badge-font - Font shorthand.
 *
 * @example
 * <ws-status-badge for="noc"></ws-status-badge>
 */
export class WsStatusBadge extends LitElement {
  static override styles = styles;

  readonly #link = new SocketController(this, {
    bound: (socket) => this.#follow(socket),
    unbound: () => this.#stopCountdown(),
    status: (detail) => this.#onStatus(detail),
    on: { pong: () => this.#onBeat(), heartbeat_ack: () => this.#onBeat() },
  });

  /** Id of the `<ws-connection>` to show; without it, the nearest enclosing one. */
  @property() for?: string | null;
  /** The shown status, reflected for CSS. Read-only. */
  @property({ reflect: true }) status: ConnectionStatus = 'disconnected';

  @state() private latency?: number;
  @state() private now = Date.now();
  #tick?: ReturnType<typeof setTimeout>;

  #follow(socket: AnySocket): void {
    this.status = socket.status;
    this.latency = socket.latency;
    this.#scheduleTick();
  }

  #onStatus(detail: ConnectionStatusDetail): void {
    this.status = detail.status;
    this.now = Date.now();
    this.#scheduleTick();
  }

  /** A heartbeat was answered: the latency may have changed. */
  #onBeat(): void {
    this.latency = this.#link.socket?.latency;
  }

  /** While a retry waits, re-render at each whole second of the countdown; otherwise no timer. */
  #scheduleTick(): void {
    this.#stopCountdown();
    const at = this.status === 'reconnecting' ? this.#link.socket?.nextRetryAt : undefined;
    if (at === undefined) return;
    const remaining = at - Date.now();
    if (remaining <= 0) return;
    this.#tick = setTimeout(
      () => {
        this.#tick = undefined;
        this.now = Date.now();
        this.#scheduleTick();
      },
      (remaining % 1000 || 1000) + 5,
    );
  }

  #stopCountdown(): void {
    clearTimeout(this.#tick);
    this.#tick = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.hasAttribute('role')) this.setAttribute('role', 'status');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopCountdown();
  }

  protected override render() {
    const socket = this.#link.socket;
    const text = statusText({
      status: this.status,
      attempt: socket?.attempt ?? 0,
      maxAttempts: socket?.options.maxReconnectAttempts ?? Number.POSITIVE_INFINITY,
      nextRetryAt: socket?.nextRetryAt,
      now: this.now,
    });
    const latency = this.status === 'connected' ? latencyText(this.latency) : '';
    return html`<span part="dot" aria-hidden="true"></span><span part="label">${text}</span>${
        latency
          ? html`<span part="latency"><span aria-hidden="true">· </span>${latency}</span>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ws-status-badge': WsStatusBadge;
  }
}
