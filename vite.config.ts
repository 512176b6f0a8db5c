// Vite dev server for the demo page (`npm start`, `npm run preview`); the library build is rollup's.
// The page speaks to the reference server through this server's proxy, so it only uses relative URLs.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * `/ws-widgets.js` in index.html is the kit: the TypeScript sources for `npm start`, the built
 * single-file bundle (dist/ws-widgets.js) for `npm run preview`.
 */
function widgetsEntry(useDist: boolean): Plugin {
  const target = useDist ? `${root}dist/ws-widgets.js` : `${root}demo/widgets.ts`;
  return {
    name: 'ws-widgets:demo-entry',
    resolveId: (id) => (id === '/ws-widgets.js' ? target : undefined),
  };
}

/** Sockets, polling and the control API go to the reference server started by scripts/start.mjs. */
function proxyTo(port: number): Record<string, ProxyOptions> {
  const target = `http://127.0.0.1:${port}`;
  return {
    '/ws/': { target, ws: true },
    '/api/poll/': { target },
    '/api/token': { target },
    '/control/': { target },
  };
}

/** The page must work under a strict policy: no inline script or style, sockets to its own origin. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
].join('; ');

export default defineConfig(() => {
  const port = Number(process.env.WS_WIDGETS_SERVER_PORT ?? 8765);
  const useDist = process.env.WS_WIDGETS_DIST === '1';
  return {
    root,
    clearScreen: false,
    plugins: [widgetsEntry(useDist)],
    // The kit's entry is virtual (see above), so the dependency scan cannot see through it: list
    // Lit up front, or the first visit triggers a re-optimisation and a full reload.
    optimizeDeps: {
      include: useDist
        ? []
        : ['lit', 'lit/decorators.js', 'lit/directives/repeat.js', '@lit/context'],
    },
    server: {
      host: '127.0.0.1',
      port: 5173,
      proxy: proxyTo(port),
      headers: { 'Content-Security-Policy': CSP },
    },
  };
});
