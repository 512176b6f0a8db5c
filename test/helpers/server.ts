// Browser-side handle on a reference server hosted by the test runner (server/wtr-plugin.mjs).
import { executeServerCommand } from '@web/test-runner-commands';

export interface ServerOptions {
  auth?: 'none' | 'query' | 'message' | 'cookie';
  validTokens?: string[];
  authCloseCode?: 4001 | 4401;
  cookieName?: string;
  allowedOrigins?: string[] | null;
  heartbeatTimeoutMs?: number;
  heartbeatIntervalS?: number;
  maxConnectionsPerUser?: number;
  ackMode?: 'normal' | 'ignore' | 'error';
}

export interface Received {
  path: string;
  connection: number;
  frame: Record<string, unknown>;
}

export interface Connections {
  open: number;
  accepted: number;
  log: { path: string; connection: number; token?: string; origin?: string; hasCookie: boolean }[];
}

interface Reply<T> {
  result?: T;
  error?: string;
  id?: string;
  port?: number;
}

async function command<T>(payload: Record<string, unknown>): Promise<T> {
  const reply = await executeServerCommand<Reply<T>, Record<string, unknown>>('ws-server', payload);
  if (!reply || reply.error) throw new Error(`reference server: ${reply?.error ?? 'no reply'}`);
  return reply.result as T;
}

export class TestServer {
  constructor(
    readonly id: string,
    readonly port: number,
  ) {}

  wsUrl(path: string): string {
    return `ws://127.0.0.1:${this.port}${path}`;
  }
  httpUrl(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }
  private op<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    return command<T>({ op, id: this.id, ...args });
  }
  /** Terminates every socket (on `path`) without a close frame. */
  dropAll(path?: string): Promise<void> {
    return this.op('dropAll', { path });
  }
  closeAll(code: number, reason?: string, path?: string): Promise<void> {
    return this.op('closeAll', { code, reason, path });
  }
  /** Stops sending and answering while keeping TCP open. */
  silence(on: boolean, path?: string): Promise<void> {
    return this.op('silence', { on, path });
  }
  /** Rejects new upgrades with HTTP 503 for `ms` (0 ends it). */
  refuse(ms: number): Promise<void> {
    return this.op('refuse', { ms });
  }
  /** Terminates all sockets, stops listening, listens again on the same port after `downMs`. */
  restart(downMs: number): Promise<void> {
    return this.op('restart', { downMs });
  }
  send(frame: unknown, opts: { path?: string; raw?: boolean; binary?: boolean } = {}): Promise<{ count: number }> {
    return this.op('send', { frame, ...opts });
  }
  alert(alert: Record<string, unknown> = {}): Promise<{ alert: Record<string, unknown>; count: number }> {
    return this.op('alert', { alert });
  }
  gcode(channel: string, frame: Record<string, unknown>): Promise<{ count: number }> {
    return this.op('gcode', { channel, frame });
  }
  received(path?: string): Promise<Received[]> {
    return this.op('received', { path });
  }
  connections(path?: string): Promise<Connections> {
    return this.op('connections', { path });
  }
  waitForReceived(type: string, opts: { path?: string; count?: number; timeoutMs?: number } = {}): Promise<void> {
    return this.op('waitForReceived', { type, ...opts });
  }
  waitForConnections(open: number, opts: { path?: string; timeoutMs?: number } = {}): Promise<void> {
    return this.op('waitForConnections', { open, ...opts });
  }
  setOptions(options: ServerOptions): Promise<void> {
    return this.op('setOptions', { options });
  }
  stop(): Promise<void> {
    return this.op('stop');
  }
}

/** Starts a fresh reference server for this suite on a port the OS picks. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const reply = await executeServerCommand<Reply<never>, Record<string, unknown>>('ws-server', { op: 'start', options });
  if (!reply?.id || !reply.port) throw new Error(`reference server did not start: ${reply?.error ?? 'no reply'}`);
  return new TestServer(reply.id, reply.port);
}
