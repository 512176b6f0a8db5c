// One socket for every tab (`share: 'tabs'`), loaded only when a socket asks for it: each tab's
// role. The leader (TabElection's lock holder) relays its socket over a BroadcastChannel
// (TabLeader); followers mirror it (TabFollower) and steal the lock when it falls silent. Page
// hide and freeze give the socket up; show and resume rejoin.
import { TabFollower } from './tab-follower.js';
import { lockManager, TabElection } from './tab-election.js';
import { TabLeader } from './tab-leader.js';
import { beatInterval, parseNote, silenceLimit, tabId } from './tab-relay.js';
import type { RelayNote, ShareHost } from './tab-relay.js';
import type { ConnectionStatusDetail, ErrorDetail, Message, ResolvedOptions } from './types.js';

export class TabShare {
  readonly id = tabId();
  readonly #host: ShareHost;
  readonly #name: string;
  #channel: BroadcastChannel | undefined;
  readonly #election: TabElection;
  readonly #follower: TabFollower;
  /** Set while this tab leads. */
  #leader: TabLeader | undefined;
  #following = false;
  #wanted = false;
  readonly #limit: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** A message or error of the leader this tab followed, delivered while leading: not relayed. */
  #passing: unknown;

  constructor(name: string, options: ResolvedOptions, host: ShareHost) {
    this.#host = host;
    this.#limit = silenceLimit(options.heartbeatTimeout, options.heartbeatInterval);
    this.#name = name;
    this.#follower = new TabFollower(this.id, host, this.#post);
    this.#election = new TabElection(lockManager()!, name, {
      granted: () => this.#lead(),
      stolen: () => this.#demote(),
    });
    watchLifecycle(
      () => this.#leave(),
      () => this.#wanted && this.#join(),
    );
  }

  get leader(): boolean {
    return this.#leader !== undefined;
  }

  /** connect(): join the election; follow until elected. */
  start(): void {
    this.#wanted = true;
    this.#join();
  }

  /** connect() in a follower while the leader's socket has failed: the leader starts afresh. */
  retry(): void {
    if (this.#following) this.#post({ k: 'retry', from: this.id });
  }

  /** disconnect(): give the socket up (another tab takes it) or stop following. */
  stop(): void {
    this.#wanted = false;
    this.#leave();
  }

  /** Follower: hands a frame to the connected leader; false when it must wait in the outbox. */
  forward(text: string): boolean {
    return this.#following && this.#follower.forward(text);
  }

  /** Follower: a subscription added while connected goes out now. */
  subscribed(text: string): void {
    if (this.#following) this.#follower.subscribed(text);
  }

  /** Leader: its socket is connected and has written `texts` (its own subscriptions). */
  connected(texts: string[]): void {
    this.#leader?.connected(texts);
  }

  /** Leader: a status change of its socket. */
  announced(detail: ConnectionStatusDetail): void {
    if (!this.#late()) this.#leader?.beat(detail);
  }

  delivered(message: Message): void {
    if (message !== this.#passing && !this.#late()) this.#leader?.delivered(message);
  }

  reported(detail: ErrorDetail): void {
    if (detail !== this.#passing && !this.#late()) this.#leader?.reported(detail);
  }

  #join(): void {
    if (this.#leader || this.#following) return;
    this.#following = true;
    this.#follower.reset();
    if (!this.#channel) {
      // Open only while in the election: an open channel may keep a page out of the bfcache.
      const channel = (this.#channel = new BroadcastChannel(this.#name));
      channel.onmessage = (e) => {
        const note = parseNote(e.data);
        if (note) this.#onNote(note);
      };
    }
    this.#election.join();
    this.#post({ k: 'join', from: this.id });
    this.#tick(() => this.#watch());
  }

  #leave(): void {
    if (this.#leader) this.#post({ k: 'bye', term: this.#leader.term });
    this.#resign();
    this.#following = false;
    this.#election.leave();
    this.#channel?.close();
    this.#channel = undefined;
  }

  #lead(): void {
    this.#following = false;
    const leader = (this.#leader = new TabLeader(this.id, this.#host, this.#post, this.#limit));
    // Frames the old leader never confirmed go out first, through our own socket.
    const unconfirmed = this.#follower.takeUnconfirmed();
    if (unconfirmed.length > 0) this.#host.requeue(unconfirmed);
    this.#host.leaderChanged(true);
    this.#tick(() => !this.#late() && leader.beat());
    this.#host.lead();
  }

  /** Stops leading: the socket closes without a status of its own. */
  #resign(): void {
    this.#tick();
    if (!this.#leader) return;
    this.#leader = undefined;
    this.#host.follow();
    this.#host.leaderChanged(false);
  }

  /** Leading no more (the lock was stolen, or this tab slept past the followers' patience). */
  #demote(): void {
    if (!this.#leader) return;
    this.#resign();
    this.#election.leave();
    if (this.#wanted) this.#join();
    else this.#leave();
  }

  /** Leader: asleep longer than followers wait, another tab may lead now: step down first. */
  #late(): boolean {
    if (!this.#leader?.late) return false;
    this.#demote();
    return true;
  }

  /** Follower: the leader has been silent past the limit: one follower steals the lock. */
  #watch(): void {
    if (!this.#following || Date.now() - this.#follower.lastHeard < this.#limit) return;
    this.#follower.lastHeard = Date.now(); // one attempt per silence: the thief announces itself
    void this.#election.steal();
  }

  #onNote(note: RelayNote): void {
    const leader = this.#leader;
    if (leader && note.k === 'state' && note.term > leader.term) this.#demote();
    else if (leader) {
      if ('from' in note && !this.#late()) leader.serve(note);
      else if (note.k === 'msg' || note.k === 'error') {
        // The lock can come before the last messages of the leader this tab followed: the
        // follower (it keeps that term) delivers them; not relayed, the other tabs had them.
        this.#passing = note.k === 'msg' ? note.message : note.detail;
        this.#follower.note(note);
        this.#passing = undefined;
      }
      return;
    }
    if (this.#following) this.#follower.note(note);
  }

  #post = (note: RelayNote): void => this.#channel?.postMessage(note);

  /** One repeating timer at a time: the leader's heartbeat or the follower's watch. */
  #tick(run?: () => void): void {
    clearInterval(this.#timer);
    this.#timer = run ? setInterval(run, beatInterval(this.#limit)) : undefined;
  }
}

/** Page hidden or frozen: `away`; shown from the back/forward cache or resumed: `back`. */
function watchLifecycle(away: () => void, back: () => void): void {
  if (typeof window == 'undefined' || typeof document == 'undefined') return;
  window.addEventListener('pagehide', away);
  window.addEventListener('pageshow', (e) => e.persisted && back());
  document.addEventListener('freeze', away);
  document.addEventListener('resume', back);
}
