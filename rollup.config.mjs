// Rollup: the two self-contained bundles (ES module and classic script) made from tsc's output.
// Rollup over tsc rather than Vite: tsc already compiles the legacy decorators exactly as the type
// check sees them, so the bundles contain the same code as the unbundled modules, only joined.
import { existsSync, readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import minifyHTML from '@lit-labs/rollup-plugin-minify-html-literals';

/** Hands rollup tsc's source maps so the bundles' maps lead back to the TypeScript sources. */
function tscSourceMaps() {
  return {
    name: 'tsc-source-maps',
    load(id) {
      if (!id.includes('/dist/') || !id.endsWith('.js') || !existsSync(`${id}.map`)) return null;
      const code = readFileSync(id, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
      return { code, map: readFileSync(`${id}.map`, 'utf8') };
    },
  };
}

/**
 * One copy of tsc's `__decorate` helper instead of one per decorated module (five today): the
 * helper is cut from each module and imported from a virtual module holding the first copy,
 * word for word. Blank lines stand where it was, so tsc's source maps still line up.
 */
function oneDecorateHelper() {
  const ID = '\0tsc-decorate';
  const HELPER =
    /^var __decorate = \(this && this\.__decorate\) \|\| (function \(decorators[^\n]*\n[\s\S]*?\n\});\n/m;
  let helper;
  return {
    name: 'one-decorate-helper',
    resolveId: (id) => (id === ID ? ID : null),
    load: (id) => (id === ID ? `export const __decorate = ${helper};\n` : null),
    transform(code) {
      const match = HELPER.exec(code);
      if (!match) return null;
      helper ??= match[1];
      const lines = match[0].split('\n').length - 1;
      const replacement = `import { __decorate } from '${ID}';${'\n'.repeat(lines)}`;
      return { code: code.replace(HELPER, () => replacement), map: null };
    },
  };
}

const minify = (module) =>
  terser({
    module,
    ecma: 2022,
    // A second pass finds what the first one's inlining exposed (-0.08 KB gz on the kit).
    compress: { passes: 2 },
    // Keep the licence headers of Lit (BSD-3-Clause), drop every other comment.
    format: { comments: /@license|@preserve|^!/ },
  });

export default {
  input: 'dist/components/bundle.js',
  onwarn(warning, warn) {
    // tsc's decorator helper reads `this` at module level, where it is undefined in any ES module.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
  plugins: [
    tscSourceMaps(),
    oneDecorateHelper(),
    // Lit's own minifier for the markup and CSS inside html`` and css`` literals (terser leaves
    // template text alone); only our components, Lit's sources are already minified text.
    minifyHTML({ include: ['dist/components/**/*.js'], failOnError: true }),
    // `production` (and never `development`) so Lit's production build is bundled: no dev-mode warning.
    nodeResolve({ browser: true, exportConditions: ['production'] }),
  ],
  output: [
    // One file each: the lazily loaded `share: 'tabs'` module (src/tab-share.ts) is inlined.
    {
      file: 'dist/ws-widgets.js',
      format: 'es',
      inlineDynamicImports: true,
      sourcemap: true,
      plugins: [minify(true)],
    },
    {
      file: 'dist/ws-widgets.iife.js',
      format: 'iife',
      inlineDynamicImports: true,
      name: 'WsWidgets',
      // A second copy of the script (two template blocks, a CDN copy) keeps the first one's
      // namespace: its classes are the registered ones, and nothing is evaluated twice.
      intro:
        'if (globalThis.WsWidgets && globalThis.WsWidgets.WsConnection) return globalThis.WsWidgets;',
      sourcemap: true,
      plugins: [minify(false)],
    },
  ],
};
