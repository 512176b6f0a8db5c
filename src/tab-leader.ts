// The leader tab's side of a shared socket (`share: 'tabs'`): says how its socket is (on every
// status change, and as a heartbeat), relays what it receives, writes the frames followers hand
// it (confirming each) and their subscriptions (each distinct one once per connection), and
// notices when it has slept past the followers' patience, when another tab may lead already.
import { newTerm, type RelayNote, type ShareHost, type StateNote, type Term } from './tab-relay.js';
import type { ConnectionStatusDetail, ErrorDetail, Message } from './types.js';

export class TabLeader {
  readonly term: Term;
  /** Counts this leader's connections: followers send their set once per connection. */
  #conn = 0;
  /** Subscription texts this connection already carries. */
  #burst = new Set<string>();
  /** When this leader last said anything on the channel: followers take any note as life. */
  #lastNote = Date.now();
  readonly #host: ShareHost;
  readonly #post: (note: RelayNote) => void;
  readonly #limit: number;

  constructor(id: string, host: ShareHost, post: (note: RelayNote) => void, limit: number) {
    this.term = newTerm(id);
    this.#host = host;
    this.#post = (note) => {
      this.#lastNote = Date.now();
      post(note);
    };
    this.#limit = limit;
  }

  /**
   * Silent (asleep, hung, throttled) longer than followers wait: one of them may have stolen the
   * lock. Asked before saying or writing anything, so a tab that wakes steps down first.
   */
  get late(): boolean {
    return Date.now() - this.#lastNote >= this.#limit;
  }

  /** Its socket is connected and has written `texts` (its own subscriptions). */
  connected(texts: string[]): void {
    this.#conn += 1;
    this.#burst = new Set(texts);
  }

  /** Its state, with `detail` when it announced a status. */
  beat(detail?: ConnectionStatusDetail): void {
    const note: StateNote = {
      k: 'state',
      term: this.term,
      conn: this.#conn,
      ...this.#host.state(),
    };
    if (detail) note.detail = detail;
    this.#post(note);
  }

  delivered(message: Message): void {
    this.#post({ k: 'msg', term: this.term, message });
  }

  reported(detail: ErrorDetail): void {
    // An overflow concerns the tab's own outbox only; followers see `server` in the message.
    if (detail.kind !== 'queue-overflow' && detail.kind !== 'server')
      this.#post({ k: 'error', term: this.term, detail });
  }

  /** Answers a follower. */
  serve(note: RelayNote): void {
    if (note.k === 'join') return this.beat();
    if (note.k === 'retry')
      return this.#host.state().status === 'failed' ? this.#host.lead() : undefined;
    if (note.k !== 'subs' && note.k !== 'send') return;
    const { status } = this.#host.state();
    // For another connection: the follower sends it again on the next.
    if (note.term !== this.term || note.conn !== this.#conn || status !== 'connected') return;
    if (note.k === 'send') {
      if (this.#host.write(note.text))
        this.#post({ k: 'ack', term: this.term, to: note.from, id: note.id });
      return;
    }
    for (const text of note.texts) {
      if (note.initial && this.#burst.has(text)) continue;
      if (note.initial) this.#burst.add(text);
      this.#host.write(text);
    }
  }
}
