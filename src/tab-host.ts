// What the tab share (`share: 'tabs'`, tab-share.ts) needs from the ReconnectingSocket it
// shares: to run or stop its own connection, to write, and to show what the leader relays.
import type { ConnectionStatusDetail, ErrorDetail, Message } from './types.js';

/** What the leader reports in its heartbeat. */
export interface LeaderState {
  status: ConnectionStatusDetail['status'];
  attempt: number;
  latency?: number;
  retryAt?: number;
}

/** The socket, as the tab share drives it. */
export interface ShareHost {
  /** This tab leads: run the socket's own connection. */
  lead(): void;
  /** This tab no longer leads: close the socket without a status of its own. */
  follow(): void;
  leaderChanged(leader: boolean): void;
  /** Leader: puts a frame on the wire if connected; true when it went out. */
  write(text: string): boolean;
  /** Leader: its own state, for the heartbeat. */
  state(): LeaderState;
  /** Follower: the leader's state; `detail` when the leader announced a status. */
  mirror(state: LeaderState, detail?: ConnectionStatusDetail): void;
  deliver(message: Message): void;
  report(detail: ErrorDetail): void;
  subscriptionTexts(): string[];
  /** Follower: takes the frames queued while no leader was connected. */
  drain(): string[];
  /** Puts frames back in front of the queue (handed to a leader that never confirmed them). */
  requeue(texts: string[]): void;
}
