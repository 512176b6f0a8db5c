// Paces what the feed's live region (`part="announcer"`) says about new alerts: one summary per
// `announce-interval` ("12 new alerts: 3 critical, 9 major"), a critical alert at once. Browsers
// and screen readers merge rapid live-region changes unpredictably, so the feed paces them itself.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { NocAlert, Severity } from './alert.js';
import { SEVERITIES } from './alert-view.js';

/** A critical is announced at once, but criticals less than this apart are announced together. */
export const CRITICAL_GAP_MS = 1000;

/** The text for what arrived since the last announcement (`only`: the one alert, when just one). */
export function summaryText(counts: ReadonlyMap<Severity, number>, only?: NocAlert): string {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 1 && only)
    return `New ${only.severity} alert: ${only.title}${only.source ? `, ${only.source}` : ''}`;
  const parts = SEVERITIES.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`);
  return `${total} new alerts: ${parts.join(', ')}`;
}

/**
 * When the pending alerts are due (ms, on the clock of `lastAt`): one interval after the last
 * announcement, or for a critical, `CRITICAL_GAP_MS` after the last critical one if that is sooner.
 */
export function announceAt(p: {
  lastAt: number;
  lastCriticalAt: number;
  critical: boolean;
  interval: number;
}): number {
  const next = p.lastAt + Math.max(0, p.interval);
  return p.critical ? Math.min(next, p.lastCriticalAt + CRITICAL_GAP_MS) : next;
}

/** Collects new alerts and sets `text` when they are due; the host renders `text`. */
export class AlertAnnouncer implements ReactiveController {
  /** What the live region says now ("" until the first alert). */
  text = '';
  interval = 5000;
  #counts = new Map<Severity, number>();
  #only?: NocAlert;
  #critical = false;
  #lastAt = -Infinity;
  #lastCriticalAt = -Infinity;
  #timer?: ReturnType<typeof setTimeout>;
  #dueAt = Infinity;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** One more new alert to announce. */
  add(alert: NocAlert): void {
    this.#counts.set(alert.severity, (this.#counts.get(alert.severity) ?? 0) + 1);
    this.#only =
      this.#counts.size === 1 && this.#counts.get(alert.severity) === 1 ? alert : undefined;
    if (alert.severity === 'critical') this.#critical = true;
    this.#schedule();
  }

  /** Forgets what was not announced yet (the feed starts over). */
  reset(): void {
    this.#stop();
    this.#counts.clear();
    this.#only = undefined;
    this.#critical = false;
  }

  #schedule(): void {
    if (this.#counts.size === 0) return;
    const due = announceAt({
      lastAt: this.#lastAt,
      lastCriticalAt: this.#lastCriticalAt,
      critical: this.#critical,
      interval: this.interval,
    });
    const now = Date.now();
    if (due <= now) return this.#announce(now);
    if (this.#timer !== undefined && this.#dueAt <= due) return;
    this.#stop();
    this.#dueAt = due;
    this.#timer = setTimeout(() => this.#announce(Date.now()), due - now);
  }

  #announce(now: number): void {
    this.#stop();
    this.text = summaryText(this.#counts, this.#only);
    this.#lastAt = now;
    if (this.#critical) this.#lastCriticalAt = now;
    this.#counts.clear();
    this.#only = undefined;
    this.#critical = false;
    this.host.requestUpdate();
  }

  #stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#dueAt = Infinity;
  }

  hostConnected(): void {
    this.#schedule();
  }

  hostDisconnected(): void {
    this.#stop();
  }
}
