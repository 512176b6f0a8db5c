// Liveness of one open socket: sends heartbeats in the chosen dialect, measures latency, and
// declares the connection dead when nothing at all has arrived for `timeout` ms.
import type { HeartbeatMode, Message } from './types.js';

export interface HeartbeatConfig {
  mode: HeartbeatMode;
  interval: number;
  timeout: number;
  send: (frame: object) => void;
  onDead: () => void;
  now?: () => number;
}

/** The frame each dialect sends. */
export function heartbeatFrame(mode: HeartbeatMode, now: () => number = Date.now): object | undefined {
  if (mode === 'ping') return { type: 'ping' };
  if (mode === 'heartbeat') return { type: 'heartbeat', timestamp: new Date(now()).toISOString() };
  if (mode === 'action-ping') return { action: 'ping' };
  return undefined;
}

export class Heartbeat {
  lastSeen = 0;
  latency: number | undefined;
  private pingSentAt: number | undefined;
  private beatTimer: ReturnType<typeof setInterval> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(private readonly config: HeartbeatConfig) {
    this.now = config.now ?? Date.now;
  }

  start(): void {
    this.stop();
    this.lastSeen = this.now();
    if (this.config.mode === 'none') return;
    this.beatTimer = setInterval(() => this.beat(), this.config.interval);
    this.arm(this.config.timeout);
  }

  stop(): void {
    clearInterval(this.beatTimer);
    clearTimeout(this.watchdog);
    this.beatTimer = undefined;
    this.watchdog = undefined;
    this.pingSentAt = undefined;
  }

  /** Any frame counts as life; pongs and acks also give the latency. */
  seen(message?: Message): void {
    const now = this.now();
    this.lastSeen = now;
    if (!message) return;
    if (message.type === 'heartbeat_ack' && typeof message.latency_ms === 'number') {
      this.latency = message.latency_ms;
    } else if (message.type === 'pong' && this.pingSentAt !== undefined) {
      this.latency = now - this.pingSentAt;
      this.pingSentAt = undefined;
    }
  }

  /** True when the wall clock says the peer has been silent too long (hidden tabs throttle timers). */
  isStale(): boolean {
    return this.config.mode !== 'none' && this.now() - this.lastSeen > this.config.timeout;
  }

  /** Sends one heartbeat now. */
  beat(): void {
    const frame = heartbeatFrame(this.config.mode, this.now);
    if (!frame) return;
    if (this.config.mode !== 'heartbeat') this.pingSentAt ??= this.now();
    this.config.send(frame);
  }

  // One timer aimed at the moment the silence would exceed the timeout, re-aimed when it fires early.
  private arm(ms: number): void {
    this.watchdog = setTimeout(() => {
      const silent = this.now() - this.lastSeen;
      if (silent >= this.config.timeout) {
        this.stop();
        this.config.onDead();
      } else {
        this.arm(this.config.timeout - silent);
      }
    }, ms);
  }
}
