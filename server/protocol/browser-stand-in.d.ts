// Types of the in-browser stand-in for the reference server (browser-stand-in.js).
import type { WebSocketFactory } from '../../src/types.js';

/** Options of the reference server's Hub (server/protocol/options.js), plus the stand-in's own. */
export interface StandInOptions {
  /** When credentials are checked; 'query' and 'cookie' are deprecated names of 'connect'. */
  auth?: 'none' | 'connect' | 'message' | 'query' | 'cookie';
  validTokens?: string[];
  authCloseCode?: 4001 | 4401;
  cookieName?: string;
  allowedOrigins?: string[] | null;
  heartbeatTimeoutMs?: number;
  heartbeatIntervalS?: number;
  maxConnectionsPerUser?: number;
  ackMode?: 'normal' | 'ignore' | 'error';
  maxFrameBytes?: number;
  historySize?: number;
  /** One-way delay of every frame and of the handshake, ms. Default 12. */
  latencyMs?: number;
  /** Start the simulated live site at once. */
  simulate?: SimulationSettings;
}

export interface SimulationSettings {
  rate?: number;
  alertsPerSecond?: number;
  gcodePerSecond?: number;
  clientId?: string;
  channel?: string;
}

export interface StandInAlert {
  id: string;
  client_id: string;
  severity: 'critical' | 'major' | 'minor' | 'warning' | 'info';
  title: string;
  message: string;
  source: string;
  created_at: string;
}

/** One socket as the server sees it. */
export interface StandInSession {
  readonly path: string;
  readonly id: number;
  readonly user: string;
  readonly clients: Set<string>;
  readonly channels: Set<string>;
}

/** The transport-free protocol logic the stand-in drives (server/protocol/hub.js). */
export interface StandInHub {
  readonly sessions: Set<StandInSession>;
  readonly received: { path: string; connection: number; frame: Record<string, unknown> }[];
  readonly options: Required<Omit<StandInOptions, 'latencyMs' | 'simulate'>>;
}

export declare class StandInServer {
  constructor(options?: StandInOptions);
  readonly id: number;
  readonly hub: StandInHub;
  /** Pass as `ReconnectingSocketOptions.WebSocket` (or to `<ws-connection>`). */
  readonly WebSocket: WebSocketFactory;
  latencyMs: number;
  url(path: string): string;
  pollUrl(path: string): string;
  sessions(path?: string): StandInSession[];
  dropAll(path?: string): void;
  closeAll(code?: number, reason?: string, path?: string): number;
  silence(on: boolean, path?: string): void;
  refuse(ms: number): void;
  restart(downMs?: number): void;
  revokeTokens(validTokens?: string[]): number;
  setOptions(partial: Omit<StandInOptions, 'latencyMs' | 'simulate'>): void;
  alert(fields?: Partial<StandInAlert>, how?: { live?: boolean }): StandInAlert;
  gcode(channel: string, frame: { type: string; data: Record<string, unknown> }): number;
  send(
    frame: object | string,
    options?: { path?: string; raw?: boolean; binary?: boolean },
  ): number;
  simulate(settings: SimulationSettings | undefined): void;
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  later(fn: () => void): void;
  stop(): void;
}
