// The feed's place in its client's numbered stream (CONTRACT.md 0.2, gap-free alerts), without DOM
// or socket: the last `seq` seen, what a frame's `seq` means (apply it, a duplicate, or a skip to
// ask about again), and when a subscription that carried `since` has recovered.
import { asRecord, field, text } from '../internal/read.js';
import { readAlert, type NocAlert } from './alert.js';

/** `alert-recovery` detail: after each subscription that carried `since`. */
export interface AlertRecoveryDetail {
  /** False when the feed was rebuilt from a snapshot: the server no longer held what it missed. */
  recovered: boolean;
  /** Frames replayed (0 after a snapshot). */
  replayed: number;
}

export const FrameAction = { apply: 'apply', ignore: 'ignore', ask: 'ask' } as const;
export type FrameAction = (typeof FrameAction)[keyof typeof FrameAction];

/** An alert of a snapshot or of the initial JSON, with its acknowledgement when there is one. */
export interface StateAlert {
  alert: NocAlert;
  wireId: string | number;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}

/** `{seq, alerts}` of an `alert_snapshot` or of the initial JSON child; throws when not an object. */
export function readAlertState(value: unknown): { seq?: number; alerts: StateAlert[] } {
  const r = asRecord(value);
  if (!r) throw new TypeError('initial state must be a JSON object');
  const seq = field(r, 'seq');
  const list = field(r, 'alerts');
  const alerts: StateAlert[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    const alert = readAlert(item);
    if (!alert) continue;
    const raw = item as Record<string, unknown>;
    const wireId = field(raw, 'id');
    const by = text(field(raw, 'acknowledged_by'));
    alerts.push({
      alert,
      wireId: typeof wireId === 'number' ? wireId : alert.id,
      ...(by ? { acknowledgedBy: by, acknowledgedAt: text(field(raw, 'acknowledged_at')) } : {}),
    });
  }
  return { seq: isSeq(seq) ? seq : undefined, alerts };
}

export const isSeq = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;

export class AlertStream {
  /** The last `seq` seen of the feed's client; undefined before the first. */
  seq: number | undefined;
  /** A re-subscription asked after a skip has not been answered yet. */
  #asking = false;
  /** The subscription that carried `since`: what it is waiting for, and what it replayed. */
  #recovery: { target?: number; snapshot?: boolean; replayed: number } | undefined;

  /** The `subscribe_client` to send (on every connect): `since` once a `seq` is known. */
  subscription(clientId: string): Record<string, unknown> {
    this.#asking = false;
    this.#recovery = undefined;
    return this.seq === undefined
      ? { type: 'subscribe_client', client_id: clientId }
      : { type: 'subscribe_client', client_id: clientId, since: this.seq };
  }

  /** Forgets the stream (another client). */
  reset(): void {
    this.seq = undefined;
    this.#asking = false;
    this.#recovery = undefined;
  }

  /**
   * A live `alert_new` or `alert_acknowledged` of the feed's client. `canAsk`: the socket is
   * connected (a poller cannot ask; its cursor already keeps it gap-free).
   */
  frame(seq: unknown, canAsk: boolean): FrameAction {
    if (!isSeq(seq) || this.seq === undefined) {
      if (isSeq(seq)) this.seq = seq;
      return FrameAction.apply; // not numbered (an older server, an answer), or the first one
    }
    if (seq <= this.seq) return FrameAction.ignore; // already shown (replayed, or sent twice)
    if (seq > this.seq + 1 && !this.#asking) {
      if (canAsk) {
        this.#asking = true; // lost on the way: ask again from the last one seen
        return FrameAction.ask;
      }
    } else if (seq > this.seq + 1) return FrameAction.ignore; // the answer to the ask brings it
    this.seq = seq;
    if (this.#recovery && !this.#recovery.snapshot) this.#recovery.replayed += 1;
    return FrameAction.apply;
  }

  /** The `subscribe_client` asked after a skip, carrying `since`. */
  ask(clientId: string): Record<string, unknown> {
    this.#recovery = { replayed: 0 };
    return { type: 'subscribe_client', client_id: clientId, since: this.seq };
  }

  /**
   * `subscribed` for the feed's client; returns the recovery detail when it is complete already
   * (recovered, nothing to replay).
   */
  subscribed(seq: unknown, recovered: unknown): AlertRecoveryDetail | undefined {
    this.#asking = false;
    if (typeof recovered !== 'boolean') {
      this.#recovery = undefined; // no since: a snapshot follows
      return undefined;
    }
    this.#recovery = recovered
      ? { target: isSeq(seq) ? seq : this.seq, replayed: 0 }
      : { snapshot: true, replayed: 0 };
    return this.completed();
  }

  /** After a frame was applied: the recovery detail when the replay just reached its end. */
  completed(): AlertRecoveryDetail | undefined {
    const r = this.#recovery;
    if (!r || r.snapshot || (r.target !== undefined && (this.seq ?? 0) < r.target))
      return undefined;
    this.#recovery = undefined;
    return { recovered: true, replayed: r.replayed };
  }

  /**
   * An `alert_snapshot` of the feed's client: its `seq` becomes the last one seen. Returns whether
   * it rebuilt a feed that was already following the stream (the operator is told), and the
   * recovery detail when it answers a subscription that carried `since`.
   */
  snapshot(seq: unknown): { rebuilt: boolean; recovery?: AlertRecoveryDetail } {
    const rebuilt = this.seq !== undefined;
    if (isSeq(seq)) this.seq = seq;
    this.#asking = false;
    const answers = this.#recovery?.snapshot;
    this.#recovery = undefined;
    return answers ? { rebuilt, recovery: { recovered: false, replayed: 0 } } : { rebuilt };
  }
}
