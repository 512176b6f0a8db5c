// Reads a <ws-status-badge> the way a user sees it.
import type { WsStatusBadge } from '../../../components/index.js';
import { shadow, textOf } from './dom.js';

export class BadgeHarness {
  constructor(readonly el: WsStatusBadge) {}
  /** The status text, e.g. "Reconnecting in 4 s (2/10)". */
  get label(): string {
    return textOf(shadow(this.el).querySelector('[part="label"]'));
  }
  /** The latency text ("23 ms"), or "" when not shown. */
  get latency(): string {
    return textOf(shadow(this.el).querySelector('[part="latency"]')).replace(/^·\s*/, '');
  }
  /** The dot's computed colour: the status colour. */
  get colour(): string {
    const dot = shadow(this.el).querySelector('[part="dot"]');
    return dot ? getComputedStyle(dot).backgroundColor : '';
  }
  get status(): string | null {
    return this.el.getAttribute('status');
  }
}
