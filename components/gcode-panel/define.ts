// Registers <gcode-panel> (skipped when it is already registered).
import { define } from '../internal/define.js';
import { GcodePanel } from './gcode-panel.js';

define('gcode-panel', GcodePanel);

export { GcodePanel };
