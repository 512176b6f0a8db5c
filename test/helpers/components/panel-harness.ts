// Reads a <gcode-panel>.
import type { GcodePanel } from '../../../components/index.js';
import { shadow, textOf } from './dom.js';

export class PanelHarness {
  constructor(readonly el: GcodePanel) {}
  private part(name: string): Element | null {
    return shadow(this.el).querySelector(`[part~="${name}"]`);
  }
  get score(): string {
    return textOf(this.part('score-value'));
  }
  get meterValue(): number | undefined {
    return (this.part('meter') as HTMLMeterElement | null)?.value;
  }
  get intensity(): string {
    return textOf(this.part('intensity')?.querySelector('strong'));
  }
  get date(): string {
    return textOf(this.part('date'));
  }
  get themes(): string[] {
    return [...shadow(this.el).querySelectorAll('[part="theme"]')].map(textOf);
  }
  get annotations(): string[] {
    return [...shadow(this.el).querySelectorAll('[part="annotation"]')].map(textOf);
  }
  get content(): string[] {
    return [...shadow(this.el).querySelectorAll('[part="content-item"]')].map(textOf);
  }
  /** The visible "not live" notice, or "" when live. */
  get staleNotice(): string {
    return textOf(this.part('stale'));
  }
}
