// The context through which a <ws-connection> hands its socket to the widgets inside it.
import { createContext } from '@lit/context';
import type { ReconnectingSocket } from '../../src/index.js';

/** The socket a widget talks through; any message map, since widgets check what they read. */
export type AnySocket = ReconnectingSocket;

/**
 * Keyed by a registered symbol so that two copies of the kit on one page (CDN + npm) still
 * find each other's providers.
 */
export const socketContext = createContext<AnySocket | undefined>(Symbol.for('ws-widgets/socket'));

/** The document-level event a <ws-connection> fires whenever it holds a new socket. */
export const CONNECTION_READY = 'ws-connection-ready';

export interface ConnectionReadyDetail {
  socket: AnySocket;
}
