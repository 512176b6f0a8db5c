// The initial state a widget reads from its child `<script type="application/json">` (server-side
// rendering): read once, also when the element upgrades before its children are parsed; bad JSON
// is an `error` event, never an exception. <gcode-panel> and <noc-alert-feed> use it.
import type { ErrorDetail } from '../../src/types.js';
import { kitEvent } from './events.js';

export interface InitialScript {
  /** Reads the script if it is there; else watches the children until it comes. */
  connect(): void;
  disconnect(): void;
}

/** `apply` takes the parsed JSON; what it throws is reported as bad initial state too. */
export function initialScript(
  host: HTMLElement,
  tag: string,
  apply: (json: unknown) => void,
): InitialScript {
  let read = false;
  let observer: MutationObserver | undefined;
  const readOnce = (): void => {
    if (read) return;
    const script = host.querySelector(':scope > script[type="application/json"]');
    if (!script) return;
    read = true;
    observer?.disconnect();
    try {
      apply(JSON.parse(script.textContent ?? ''));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const detail: ErrorDetail = {
        kind: 'parse',
        message: `<${tag}>: the initial state is not valid JSON (${reason})`,
      };
      // A microtask later: this runs on insertion, inside a framework's commit, where a handler
      // that sets state is refused (React: "update on a component that hasn't mounted yet").
      queueMicrotask(() => host.dispatchEvent(kitEvent('error', detail, false)));
    }
  };
  return {
    connect() {
      readOnce();
      // Upgraded before its children were parsed (a classic script in <head>): wait for the script.
      if (!read) {
        observer ??= new MutationObserver(readOnce);
        observer.observe(host, { childList: true });
      }
    },
    disconnect: () => observer?.disconnect(),
  };
}
