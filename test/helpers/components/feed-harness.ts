// Reads and drives a <noc-alert-feed>.
import type { NocAlertFeed, WsConnection } from '../../../components/index.js';
import type { Message } from '../../../src/types.js';
import { nextEvent } from '../events.js';
import type { TestServer } from '../server.js';
import { shadow, textOf } from './dom.js';
import { connection, create, mount } from './mount.js';

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
  /** A group row's `data-count`; undefined for an alert row. */
  count?: number;
  /** A group row's expand button (none for a group of one). */
  expand: HTMLButtonElement | null;
  /** The alerts an expanded group lists. */
  members: AlertView[];
}

function view(el: HTMLElement): AlertView {
  return {
    el,
    title: el.querySelector('[part="title"]')?.textContent ?? '',
    state: el.dataset.state ?? '',
    severity: el.dataset.severity ?? '',
    severityText: textOf(el.querySelector('[part="severity"]')),
    time: textOf(el.querySelector('time')),
    ackStatus: textOf(el.querySelector('[part="ack-status"]')),
    ackError: textOf(el.querySelector('[part="ack-error"]')),
    button: el.querySelector('[part="ack-button"]') as HTMLButtonElement,
    count: el.dataset.count === undefined ? undefined : Number(el.dataset.count),
    expand: el.querySelector('[part="expand-button"]'),
    members: [...el.querySelectorAll<HTMLElement>('[part="member"]')].map(view),
  };
}

export class FeedHarness {
  constructor(readonly el: NocAlertFeed) {}

  get alertElements(): HTMLElement[] {
    return [...shadow(this.el).querySelectorAll<HTMLElement>('[part~="alert"]')];
  }
  get alerts(): AlertView[] {
    return this.alertElements.map(view);
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
  /** The live region that announces new alerts. */
  get announcer(): HTMLElement {
    return shadow(this.el).querySelector<HTMLElement>('[part="announcer"]')!;
  }
  /** The polite region that answers the operator (acknowledgements, filters). */
  get feedback(): string {
    return textOf(shadow(this.el).querySelector('[aria-live]:not([part])'));
  }
  /** A control of the toolbar by its label text ("Severity", "Search", "Sort", "Unacknowledged only"). */
  control<E extends HTMLElement = HTMLSelectElement>(label: string): E {
    const found = [...shadow(this.el).querySelectorAll('[part="controls"] label')].find((l) =>
      textOf(l).startsWith(label),
    );
    const control = found?.querySelector<E>('input, select');
    if (!control) throw new Error(`no control "${label}"`);
    return control;
  }
}

/**
 * A feed (client `acme` unless `attrs` say otherwise) inside its own connection to `server`'s NOC
 * dashboard, resolved once the server confirmed the subscription.
 */
export async function mountFeed(
  server: TestServer,
  attrs: Record<string, string | number | boolean> = {},
  connAttrs: Record<string, string | number | boolean> = {},
): Promise<{ conn: WsConnection; feed: NocAlertFeed; h: FeedHarness }> {
  const feed = create('noc-alert-feed', { 'client-id': 'acme', ...attrs });
  const conn = connection(server.wsUrl('/ws/noc/dashboard/'), connAttrs, feed);
  const subscribed = nextEvent<CustomEvent<Message>>(
    conn,
    'message',
    (e) => e.detail.type === 'subscribed',
  );
  mount(conn);
  await subscribed;
  return { conn, feed, h: new FeedHarness(feed) };
}
