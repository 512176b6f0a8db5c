// Building the elements' DOM events. Each event's detail type lives beside the element that
// fires it, with its entry in the global event maps (ws-connection.ts, noc-alert-feed.ts...).

/** Builds a CustomEvent; kit events bubble and cross shadow roots unless said otherwise. */
export function kitEvent<T>(type: string, detail: T, bubbles = true): CustomEvent<T> {
  return new CustomEvent<T>(type, { detail, bubbles, composed: bubbles });
}
