// Browser-side handle on a reference server hosted by the test runner (server/wtr-plugin.mjs):
// start one per suite, push frames and faults at it, and await what it has seen.
import { executeServerCommand } from '@web/test-runner-commands';

/** Options of the reference server (server/protocol/options.js). */
export interface ServerOptions {
  /** What the server requires; with 'none' a token is ignored. Default 'none'. */
  /** 'query' and 'cookie' are deprecated names of 'connect'. */
  auth?: 'none' | 'connect' | 'message' | 'query' | 'cookie';
  /** Default ['good-token']. */
  validTokens?: string[];
  /** Close code after `authentication_error` / `auth_failed`. Default 4001. */
  authCloseCode?: 4001 | 4401;
  /** Default 'ws_token'. */
  cookieName?: string;
  /** Origins allowed to connect (null = any, the default); others are closed with 4403. */
  allowedOrigins?: string[] | null;
  /** Idle time before the server closes with 4408. Default 300000. */
  heartbeatTimeoutMs?: number;
  /** `heartbeat_interval` announced in `connection_established`, in seconds. Default 30. */
  heartbeatIntervalS?: number;
  /** Open sockets per user (token, or 'anonymous'); beyond it 4429. null = no cap (the default). */
  maxConnectionsPerUser?: number | null;
  /** How `acknowledge_alert` is answered: ack to every subscriber, nothing, or `error` ack_failed. */
  ackMode?: 'normal' | 'ignore' | 'error';
  /** Larger text frames are answered with `error` code too_large. Default 65536. */
  maxFrameBytes?: number;
  /** Frames of each NOC client kept for `subscribe_client` with `since` (default 1000). */
  historySize?: number;
  /** `GET /api/token`: a fresh valid token ('issue', the default), one the sockets refuse ('stale'), or 401. */
  tokenEndpoint?: 'issue' | 'stale' | 'refuse';
}

export interface StartOptions extends ServerOptions {
  /** A simulated live site (off by default). */
  simulate?: {
    rate?: number;
    alertsPerSecond?: number;
    gcodePerSecond?: number;
    clientId?: string;
    channel?: string;
  };
}

export type Severity = 'critical' | 'major' | 'minor' | 'warning' | 'info';

export interface Alert {
  id: string;
  client_id: string;
  severity: Severity;
  title: string;
  message: string;
  source: string;
  created_at: string;
}

/** A frame the server received, in arrival order. */
export interface Received {
  path: string;
  /** The server's number for the socket (1, 2, ... per server). */
  connection: number;
  frame: Record<string, unknown>;
}

export interface Connections {
  /** Sockets open now (accepted and not refused). */
  open: number;
  /** Upgrades accepted so far, refused ones included. */
  accepted: number;
  log: { path: string; connection: number; token?: string; origin?: string; hasCookie: boolean }[];
}

export interface SendOptions {
  /** Only sockets on this endpoint (and its poll log); every socket when omitted. */
  path?: string;
  /** `frame` is a string sent verbatim (e.g. broken JSON). */
  raw?: boolean;
  /** Send as a binary frame. */
  binary?: boolean;
}

interface Reply<T> {
  result?: T;
  error?: string;
  id?: string;
  port?: number;
}

async function command<T>(payload: Record<string, unknown>): Promise<T> {
  let reply: Reply<T> | undefined;
  try {
    reply = await executeServerCommand<Reply<T>, Record<string, unknown>>('ws-server', payload);
  } catch (error) {
    throw new Error(
      `reference server: ${String(payload.op)} failed: ${(error as Error).message ?? String(error)}`,
    );
  }
  if (!reply)
    throw new Error(
      `reference server: no reply to ${String(payload.op)} (is wsServerPlugin() in the config?)`,
    );
  if (reply.error) throw new Error(`reference server: ${reply.error}`);
  return reply.result as T;
}

export class TestServer {
  constructor(
    readonly id: string,
    readonly port: number,
  ) {}

  /** `ws://127.0.0.1:<port><path>`; pass `location.hostname` as host to send the page's cookies. */
  wsUrl(path: string, host = '127.0.0.1'): string {
    return `ws://${host}:${this.port}${path}`;
  }
  httpUrl(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }
  private op<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    return command<T>({ op, id: this.id, ...args });
  }
  /** Terminates every socket (on `path`) abruptly: no close frame, the client sees 1006. */
  async dropAll(path?: string): Promise<void> {
    await this.op('dropAll', { path });
  }
  /** Closes every socket (on `path`) with `code` (1000, 1012, 1013 or 3000-4999) and `reason`. */
  async closeAll(code: number, reason?: string, path?: string): Promise<void> {
    await this.op('closeAll', { code, reason, path });
  }
  /** Stops sending and reading (so answers nothing, not even pings); TCP stays open. */
  async silence(on: boolean, path?: string): Promise<void> {
    await this.op('silence', { on, path });
  }
  /** Rejects new upgrades with HTTP 503 for `ms`; `refuse(0)` ends it. */
  async refuse(ms: number): Promise<void> {
    await this.op('refuse', { ms });
  }
  /** Terminates all sockets, stops listening, listens again on the same port after `downMs`. */
  async restart(downMs: number): Promise<void> {
    await this.op('restart', { downMs });
  }
  /** Sends to every open socket on `path` (all paths if omitted); resolves with how many. */
  async send(frame: object | string, opts: SendOptions = {}): Promise<number> {
    return (await this.op<{ count: number }>('send', { frame, ...opts })).count;
  }
  /**
   * NOC `alert_new` to the subscribers of `client_id` (default 'acme') and the poll log. With
   * `live: false` it is numbered and kept for replay but sent to nobody: a frame lost on the way.
   */
  alert(
    fields: Partial<Alert> = {},
    { live = true } = {},
  ): Promise<{ alert: Alert; count: number }> {
    return this.op('alert', { alert: fields, live });
  }
  /** Forgets the alerts, acknowledgements, streams and poll logs: the next test's feeds start empty. */
  async forget(): Promise<void> {
    await this.op('forget', {});
  }
  /** A burst of `count` alerts (fresh ids) sent in one synchronous loop; resolves with how many frames went out. */
  async alerts(count: number, fields: Partial<Omit<Alert, 'id'>> = {}): Promise<number> {
    return (await this.op<{ delivered: number }>('alerts', { count, alert: fields })).delivered;
  }
  /** A G-Code frame to the subscribers of `channel` (and the poll log); resolves with how many. */
  async gcode(channel: string, frame: Record<string, unknown>): Promise<number> {
    return (await this.op<{ count: number }>('gcode', { channel, frame })).count;
  }
  /** Every valid JSON frame the server received (on `path`), in order. */
  received(path?: string): Promise<Received[]> {
    return this.op('received', { path });
  }
  /** How many times the token endpoint (`GET /api/token`) was asked. */
  async tokenRequests(): Promise<number> {
    return (await this.op<{ count: number }>('tokenRequests')).count;
  }
  connections(path?: string): Promise<Connections> {
    return this.op('connections', { path });
  }
  /** Resolves (with the matching frames) once `count` frames of that type or action arrived. */
  waitForReceived(
    type: string,
    opts: { path?: string; count?: number; timeoutMs?: number } = {},
  ): Promise<Received[]> {
    return this.op('waitForReceived', { type, ...opts });
  }
  /** Resolves once exactly `open` sockets (on `path`) are open. */
  async waitForConnections(
    open: number,
    opts: { path?: string; timeoutMs?: number } = {},
  ): Promise<void> {
    await this.op('waitForConnections', { open, ...opts });
  }
  async setOptions(options: ServerOptions): Promise<void> {
    await this.op('setOptions', { options });
  }
  /** Replaces the valid tokens and closes sockets on revoked ones (authentication_error + close code). */
  async setTokens(validTokens: string[], closeInvalid = true): Promise<number> {
    return (await this.op<{ closed: number }>('tokens', { validTokens, closeInvalid })).closed;
  }
  async stop(): Promise<void> {
    await this.op('stop');
  }
}

/**
 * Starts a fresh reference server on a port the OS picks.
 * @example
 * let server: TestServer;
 * before(async () => (server = await startServer({ auth: 'connect' })));
 * after(() => server.stop());
 */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const reply = await executeServerCommand<Reply<never>, Record<string, unknown>>('ws-server', {
    op: 'start',
    options,
  });
  if (!reply?.id || !reply.port) {
    throw new Error(
      `reference server did not start: ${reply?.error ?? 'no reply (is wsServerPlugin() in the config?)'}`,
    );
  }
  return new TestServer(reply.id, reply.port);
}
