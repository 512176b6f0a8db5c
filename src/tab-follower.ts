// A follower tab of a shared socket (`share: 'tabs'`): mirrors the leader it hears (status,
// latency, messages, errors), hands it this tab's frames and keeps each until the leader confirms
// it, and on each new connection of a leader sends this tab's subscriptions, then its frames in
// order. It ignores a deposed leader (an older term) that has not noticed yet.
import type { RelayNote, ShareHost, Term } from './tab-relay.js';

export class TabFollower {
  /** The term of the leader followed ('' before any) and its connection count. */
  #term: Term = '';
  #conn = 0;
  /** The leader's connection our subscriptions and frames were sent to (-1: none yet). */
  #synced = -1;
  #connected = false;
  /** Frames handed to the leader and not yet confirmed, in order. */
  readonly #unconfirmed = new Map<number, string>();
  #nextId = 0;
  /** `Date.now()` of the leader's last note; the share steals the lock when it is too old. */
  lastHeard = 0;
  readonly #id: string;
  readonly #host: ShareHost;
  readonly #post: (note: RelayNote) => void;

  constructor(id: string, host: ShareHost, post: (note: RelayNote) => void) {
    this.#id = id;
    this.#host = host;
    this.#post = post;
  }

  /** Starts following afresh: whoever leads will say so. */
  reset(): void {
    this.#term = '';
    this.#connected = false;
    this.lastHeard = Date.now();
  }

  /** The frames the leader never confirmed, handed over (this tab is about to lead). */
  takeUnconfirmed(): string[] {
    const texts = [...this.#unconfirmed.values()];
    this.#unconfirmed.clear();
    return texts;
  }

  /** Hands a frame to the connected leader; false when it must wait in the outbox. */
  forward(text: string): boolean {
    if (!this.#ready) return false;
    this.#handOver(this.#nextId++, text);
    return true;
  }

  /** A subscription added while connected goes out now. */
  subscribed(text: string): void {
    if (this.#ready) this.#post({ k: 'subs', ...this.#from, texts: [text], initial: false });
  }

  note(note: RelayNote): void {
    if (note.k === 'join' || note.k === 'retry' || note.k === 'subs' || note.k === 'send') return;
    if (note.k === 'ack') {
      if (note.to === this.#id) this.#unconfirmed.delete(note.id);
      return;
    }
    if (note.term < this.#term) return; // a deposed leader that has not noticed yet
    if (note.k === 'state') {
      if (note.term !== this.#term) this.#synced = -1;
      this.#term = note.term;
      this.#conn = note.conn;
      this.lastHeard = Date.now();
      this.#connected = note.status === 'connected';
      // A leader goes `disconnected` only when it hands over: the next one says how things are.
      if (note.status === 'disconnected') return;
      const { status, attempt, latency, retryAt } = note;
      this.#host.mirror({ status, attempt, latency, retryAt }, note.detail);
      if (this.#connected && this.#synced !== note.conn) this.#sync();
    } else if (note.term === this.#term) {
      // Any note of the leader is a sign of life (a throttled tab's heartbeat may come late).
      this.lastHeard = Date.now();
      if (note.k === 'msg') this.#host.deliver(note.message);
      else if (note.k === 'error') this.#host.report(note.detail);
      else this.#connected = false; // bye: the next leader says hello
    }
  }

  /** The leader is connected and has this tab's subscriptions for this connection. */
  get #ready(): boolean {
    return this.#connected && this.#synced === this.#conn;
  }

  get #from(): { from: string; term: Term; conn: number } {
    return { from: this.#id, term: this.#term, conn: this.#conn };
  }

  /** A new connection of the leader: our subscriptions once, then our frames in order. */
  #sync(): void {
    this.#synced = this.#conn;
    this.#post({ k: 'subs', ...this.#from, texts: this.#host.subscriptionTexts(), initial: true });
    for (const [id, text] of this.#unconfirmed) this.#post({ k: 'send', ...this.#from, id, text });
    for (const text of this.#host.drain()) this.#handOver(this.#nextId++, text);
  }

  #handOver(id: number, text: string): void {
    this.#unconfirmed.set(id, text);
    this.#post({ k: 'send', ...this.#from, id, text });
  }
}
