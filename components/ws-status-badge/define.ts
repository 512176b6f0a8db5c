// Registers <ws-status-badge> (skipped when it is already registered).
import { define } from '../internal/define.js';
import { WsStatusBadge } from './ws-status-badge.js';

define('ws-status-badge', WsStatusBadge);

export { WsStatusBadge };
