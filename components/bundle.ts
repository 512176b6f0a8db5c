// Entry of the self-contained bundles (dist/ws-widgets.js and, as `window.WsWidgets`,
// dist/ws-widgets.iife.js): registers the five elements and exports them with the core service.
import './define-all.js';

export * from './index.js';
export { ReconnectingSocket, acquireSocket, resolveSocketUrl } from '../src/index.js';
export type * from '../src/types.js';
