// Reads and drives a <noc-alert-feed>.
import type { NocAlertFeed } from '../../../components/index.js';
import { shadow, textOf } from './dom.js';

export interface AlertView {
  el: HTMLElement;
  title: string;
  state: string;
  severity: string;
  severityText: string;
  time: string;
  ackStatus: string;
  ackError: string;
  button: HTMLButtonElement;
}

export class FeedHarness {
  constructor(readonly el: NocAlertFeed) {}

  get alertElements(): HTMLElement[] {
    return [...shadow(this.el).querySelectorAll<HTMLElement>('[part~="alert"]')];
  }
  get alerts(): AlertView[] {
    return this.alertElements.map((el) => ({
      el,
      title: el.querySelector('[part="title"]')?.textContent ?? '',
      state: el.dataset.state ?? '',
      severity: el.dataset.severity ?? '',
      severityText: textOf(el.querySelector('[part="severity"]')),
      time: textOf(el.querySelector('time')),
      ackStatus: textOf(el.querySelector('[part="ack-status"]')),
      ackError: textOf(el.querySelector('[part="ack-error"]')),
      button: el.querySelector('[part="ack-button"]') as HTMLButtonElement,
    }));
  }
  get titles(): string[] {
    return this.alerts.map((a) => a.title);
  }
  alert(title: string): AlertView {
    const found = this.alerts.find((a) => a.title === title);
    if (!found)
      throw new Error(`no alert "${title}" (have: ${this.titles.slice(0, 10).join(' | ')})`);
    return found;
  }
  /** The header's "N unacknowledged" text. */
  get countText(): string {
    return textOf(shadow(this.el).querySelector('[part="count"]'));
  }
}
