// The in-page reference server for stories: one per story (kept across re-renders when a control
// changes), stopped when the story is left, and reachable by fetch for the polling fallback.
import { StandInServer, type StandInOptions } from '../../server/protocol/browser-stand-in.js';

const byStory = new Map<string, StandInServer>();
const byId = new Map<number, StandInServer>();
const HOST = /^stand-in-(\d+)\.invalid$/;
let realFetch: typeof fetch | undefined;

/** The stand-in of the story `context.id` (named `name` when a story needs two); made on first use. */
export function standIn(
  context: { id: string },
  options: StandInOptions = {},
  name = 'main',
): StandInServer {
  const key = `${context.id}:${name}`;
  let server = byStory.get(key);
  if (!server) {
    server = new StandInServer(options);
    byStory.set(key, server);
    byId.set(server.id, server);
  }
  return server;
}

/**
 * Stops the stand-ins of story `storyId` (the preview calls it when that story is torn down;
 * other stories on the same Docs page keep theirs), or every stand-in when no id is given.
 */
export function stopStandIns(storyId?: string): void {
  for (const [key, server] of byStory) {
    if (storyId !== undefined && !key.startsWith(`${storyId}:`)) continue;
    server.stop();
    byStory.delete(key);
    byId.delete(server.id);
  }
}

/**
 * The polling URL of `path` on `server`. The first call routes `fetch` for the reserved
 * `.invalid` stand-in hosts to their stand-in; every other request goes to the network as before.
 */
export function pollingUrl(server: StandInServer, path: string): string {
  if (!realFetch) {
    const original = globalThis.fetch.bind(globalThis);
    realFetch = original;
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      const match = HOST.exec(url.hostname);
      if (!match) return original(input, init);
      const target = byId.get(Number(match[1]));
      return target ? target.fetch(url, init) : Promise.reject(new TypeError('Failed to fetch'));
    };
  }
  return server.pollUrl(path);
}
