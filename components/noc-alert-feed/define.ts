// Registers <noc-alert-feed> (skipped when it is already registered).
import { define } from '../internal/define.js';
import { NocAlertFeed } from './noc-alert-feed.js';

define('noc-alert-feed', NocAlertFeed);

export { NocAlertFeed };
