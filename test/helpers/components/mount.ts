// Mounting elements for tests: built with createElement (so listeners can be attached before
// insertion), tracked, and removed by `unmountAll()` in afterEach.
import '../../../components/define-all.js';
import type { WsConnection } from '../../../components/index.js';
import type { ConnectionStatus } from '../../../src/types.js';
import { until } from '../events.js';

const mounted = new Set<Element>();

type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates `<tag attrs...>children</tag>` without inserting it. */
export function create<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children);
  return el;
}

/** Appends to the body (or `parent`) and remembers it for `unmountAll()`. */
export function mount<E extends Element>(el: E, parent: Element = document.body): E {
  parent.append(el);
  mounted.add(el);
  return el;
}

/** Removes everything `mount()` inserted; awaits the microtasks in which sockets are released. */
export async function unmountAll(): Promise<void> {
  for (const el of mounted) el.remove();
  mounted.clear();
  await Promise.resolve();
  await Promise.resolve();
}

/** Fast-retry defaults for test connections: short intervals, no jitter. */
export const FAST = { 'reconnect-interval': 50, 'max-reconnect-delay': 200, jitter: 0 } as const;

/** A `<ws-connection>` to `url` with the fast defaults (overridable). */
export function connection(url: string, attrs: Attrs = {}, ...children: Node[]): WsConnection {
  return create('ws-connection', { url, ...FAST, ...attrs }, ...children);
}

/** Resolves once the connection reports `status`. */
export function status(
  el: WsConnection,
  wanted: ConnectionStatus,
  timeoutMs = 5000,
): Promise<unknown> {
  return until(el, 'connectionStatus', () => el.status === wanted, timeoutMs);
}
