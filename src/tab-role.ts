// The role (socket-role.ts) of a socket shared across tabs (`share: 'tabs'`), loaded on demand
// with the tab share: while this tab leads, the socket's own machine, whose statuses, messages
// and connections the share relays; while it follows (or waits to know who leads), the leader's
// state, mirrored and announced when it changes, and the leader's socket for frames and
// subscriptions. All that a follower does differently lives here, not in the socket.
import type { RoleHost, SocketRole } from './socket-role.js';
import { shareName } from './tab-election.js';
import type { LeaderState, ShareHost } from './tab-relay.js';
import { TabShare } from './tab-share.js';
import type { ConnectionStatusDetail, Message, ResolvedOptions } from './types.js';

/**
 * Starts sharing the socket of `url` with the tabs of this origin that use the same auth mode and
 * credential (`token`); the four make the share's key, hashed for names.
 */
export async function tabRole(
  url: string,
  token: string | undefined,
  options: ResolvedOptions,
  host: RoleHost,
): Promise<SocketRole> {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin ?? '';
  const key = JSON.stringify([origin, url, options.auth, token ?? '']);
  return new TabRole(await shareName(key), options, host);
}

class TabRole implements SocketRole {
  readonly #host: RoleHost;
  readonly #own: SocketRole;
  readonly #share: TabShare;
  /** While following: the leader's state. */
  #mirror: LeaderState = { status: 'disconnected', attempt: 0 };

  constructor(name: string, options: ResolvedOptions, host: RoleHost) {
    this.#host = host;
    const own = (this.#own = host.own);
    const outbox = host.outbox;
    const share: ShareHost = {
      lead: () => own.connect(),
      follow: () => own.disconnect(),
      leaderChanged: (leader) => host.emit('leaderChange', { leader }),
      write: (text) => own.send(text),
      state: () => own.state(),
      mirror: (state, detail) => this.#mirrorState(state, detail),
      deliver: (message) => host.deliver(message),
      report: (detail) => host.emit('error', detail),
      subscriptionTexts: () => host.subscriptions.texts(),
      drain: () => outbox.drain().map((frame) => frame.text),
      requeue: (texts) => {
        const rest = outbox.drain();
        for (const text of texts) outbox.push({ text, data: text });
        for (const frame of rest) outbox.push(frame);
      },
    };
    this.#share = new TabShare(name, options, share);
    host.target.addEventListener('error', (e) => this.#share.reported(e.detail));
  }

  get leader(): boolean {
    return this.#share.leader;
  }

  state(): LeaderState {
    return this.#following ? this.#mirror : this.#own.state();
  }

  connect(): void {
    if (!this.#following) return this.#own.connect();
    if (this.#mirror.status === 'disconnected')
      this.#mirrorState({ status: 'connecting', attempt: 0 });
    else if (this.#mirror.status === 'failed') this.#share.retry();
    this.#share.start();
  }

  disconnect(): void {
    this.#own.disconnect();
    this.#share.stop();
    this.#mirrorState({ status: 'disconnected', attempt: 0 });
  }

  isConnected(): boolean {
    return this.#following ? this.#mirror.status === 'connected' : this.#own.isConnected();
  }

  send(text: string): boolean {
    return this.#following ? this.#share.forward(text) : this.#own.send(text);
  }

  subscribe(text: string): void {
    if (this.#following) this.#share.subscribed(text);
    else this.#own.subscribe(text);
  }

  announce(detail: ConnectionStatusDetail): void {
    if (this.#following) return; // the leader's status is the one shown
    this.#own.announce(detail);
    this.#share.announced(detail);
  }

  connected(texts: string[]): void {
    this.#share.connected(texts);
  }

  delivered(message: Message): void {
    this.#share.delivered(message);
  }

  /** Following the leader (or waiting to know who leads). */
  get #following(): boolean {
    return !this.#share.leader;
  }

  /** A follower's status, from the leader; announced when it changes (or the leader announced). */
  #mirrorState(state: LeaderState, detail?: ConnectionStatusDetail): void {
    this.#mirror = state;
    const previous = this.#host.announced();
    if (!this.#following || (!detail && state.status === previous)) return;
    const base = detail ?? { status: state.status, attempt: state.attempt };
    this.#host.show({ ...base, previous }, state.status);
  }
}
