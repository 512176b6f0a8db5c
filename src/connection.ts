// One raw socket and its handshake: opens it (the token in the URL for `auth: 'query'`), sends
// the `auth` frame and waits for `auth_success` (`auth: 'message'`), waits for the ready message,
// parses every frame and writes while open. It knows nothing of statuses, retries or timers: it
// tells its owner what happened, one hook per kind of news.
import { AUTH_REFUSALS } from './close-codes.js';
import { parseFrame } from './parse.js';
import { detachTransport, OPEN, openTransport } from './transport.js';
import type { AuthMode, Message, WebSocketFactory, WebSocketLike } from './types.js';
import { withParams } from './url.js';

export interface ConnectionHooks {
  /** Any sign of life: the socket opened (no frame), or a frame arrived (parsed, or its refusal). */
  heard(frame?: Message | string): void;
  /** Authenticated (at open, or on `auth_success`): heartbeats may start. */
  authenticated(): void;
  /** Open, authenticated and the ready message received; once per socket. */
  ready(): void;
  /** Every parsed message, after the handshake has seen it (refusals included). */
  message(message: Message): void;
  /** A frame that is not a message (why, never quoting it); the socket stays open. */
  invalid(reason: string): void;
  /** `authentication_error` or `auth_failed`: the server refused the credentials. */
  refused(text: string): void;
  /** The socket closed by itself (not through `close()`). */
  closed(code: number, reason: string): void;
}

export interface HandshakeOptions {
  auth: AuthMode;
  readyMessage: string | undefined;
  maxMessageSize: number;
}

export class Connection {
  #ws: WebSocketLike | null = null;
  #authed = true;
  #ready = true;
  #settled = false;
  readonly #WebSocket: WebSocketFactory;
  readonly #options: HandshakeOptions;
  readonly #hooks: ConnectionHooks;

  constructor(WebSocketClass: WebSocketFactory, options: HandshakeOptions, hooks: ConnectionHooks) {
    this.#WebSocket = WebSocketClass;
    this.#options = options;
    this.#hooks = hooks;
  }

  /** A socket exists (opening or open). */
  get active(): boolean {
    return this.#ws !== null;
  }

  /** The socket is open (not necessarily authenticated). */
  get open(): boolean {
    return this.#ws?.readyState === OPEN;
  }

  /** Opens a socket to `url`; throws as the WebSocket constructor does (a bad URL, say). */
  connect(url: string, token: string | undefined): void {
    const { auth, readyMessage } = this.#options;
    this.#authed = auth !== 'message';
    this.#ready = readyMessage === undefined;
    this.#settled = false;
    const ws = openTransport(this.#WebSocket, auth === 'query' ? withParams(url, { token }) : url);
    // Handlers fall silent once this socket is no longer the current one.
    ws.onopen = () => ws === this.#ws && this.#onOpen(token);
    ws.onmessage = (event) => ws === this.#ws && this.#onFrame(event.data);
    ws.onclose = (event) => {
      if (ws !== this.#ws) return;
      this.#ws = null;
      this.#hooks.closed(event.code, event.reason);
    };
    this.#ws = ws;
  }

  /** Writes a frame if the socket is open; true when it went out. */
  write(text: string): boolean {
    if (this.#ws?.readyState !== OPEN) return false;
    this.#ws.send(text);
    return true;
  }

  /** Detaches the socket, closing it with `code` if given, without waiting for its close event. */
  close(code?: number, reason?: string): void {
    const ws = this.#ws;
    this.#ws = null;
    if (ws !== null) detachTransport(ws, code, reason);
  }

  #onOpen(token: string | undefined): void {
    const hooks = this.#hooks;
    hooks.heard();
    if (this.#authed) hooks.authenticated();
    else this.write(JSON.stringify({ type: 'auth', token: token ?? '' }));
    this.#settle();
  }

  #onFrame(data: unknown): void {
    const hooks = this.#hooks;
    const message = parseFrame(data, this.#options.maxMessageSize);
    hooks.heard(message);
    if (typeof message == 'string') return hooks.invalid(message);
    if (AUTH_REFUSALS.has(message.type)) {
      const text = typeof message['message'] === 'string' ? `: ${message['message']}` : '';
      hooks.refused(`the server refused the credentials (${message.type})${text}`);
    } else if (!this.#settled) {
      if (message.type === 'auth_success' && !this.#authed) {
        this.#authed = true;
        hooks.authenticated();
      }
      if (message.type === this.#options.readyMessage) this.#ready = true;
      this.#settle();
    }
    hooks.message(message);
  }

  /** Ready once authenticated and the ready message has arrived, on an open socket. */
  #settle(): void {
    if (this.#settled || !this.#authed || !this.#ready || !this.open) return;
    this.#settled = true;
    this.#hooks.ready();
  }
}
