// Registers <ws-toast> (skipped when it is already registered).
import { define } from '../internal/define.js';
import { WsToast } from './ws-toast.js';

define('ws-toast', WsToast);

export { WsToast };
