// Registers <ws-connection> (skipped when it is already registered).
import { define } from '../internal/define.js';
import { WsConnection } from './ws-connection.js';

define('ws-connection', WsConnection);

export { WsConnection };
