// Registers all five elements (each skipped when already registered). The connection goes
// first, so widgets inside it find their context provider when they upgrade.
import './ws-connection/define.js';
import './ws-status-badge/define.js';
import './ws-toast/define.js';
import './noc-alert-feed/define.js';
import './gcode-panel/define.js';

export * from './index.js';
