// Registers a custom element once: a CDN copy and an npm copy of the kit may share one page.

/**
 * Defines `tag` unless some copy of the kit (or anything else) already registered it.
 * Returns the constructor that ends up registered under `tag`.
 * @example
 * define('ws-connection', WsConnection);
 */
export function define(tag: string, ctor: CustomElementConstructor): CustomElementConstructor {
  // No DOM (Node, a server render): nothing to register. Lit's server build installs a registry
  // shim there, and importing an entry on the server must not fill it.
  if (typeof document === 'undefined') return ctor;
  const existing = customElements.get(tag);
  if (existing) return existing;
  customElements.define(tag, ctor);
  return ctor;
}
