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
 * tsc's legacy decorators, smaller in the bundles and the same at run time. Each decorated module
 * carries tsc's `__decorate` helper and one call per `@property`/`@state` field, which in the
 * legacy form only does `Class.createProperty(name, options)` (Lit's `property()`; `state()` adds
 * `{state: true, attribute: false}`). Here each module's run of such calls becomes one
 * `__properties(Class, {name: options, ...})` making the same calls in the same order, and any
 * other decorator keeps the helper, of which the bundle holds one copy, word for word. The
 * sources keep their `@property` fields (STYLE.md); the unbundled dist/ modules are tsc's as is.
 * Each replacement keeps the line count, so tsc's source maps still line up.
 */
function decoratorsAsCalls() {
  const ID = '\0tsc-decorators';
  const HELPER =
    /^var __decorate = \(this && this\.__decorate\) \|\| (function \(decorators[^\n]*\n[\s\S]*?\n\});\n/m;
  // One field decorator, its options on one line: __decorate([\n    property({...})\n], C.prototype, "name", void 0);
  const FIELD =
    /__decorate\(\[\n\s*(property|state)\(([^\n]*)\)\n\], (\w+)\.prototype, "(\w+)", void 0\);\n/g;
  const RUN = new RegExp(`^(?:${FIELD.source})+`, 'gm');
  const padded = (text, original) =>
    text + '\n'.repeat(original.split('\n').length - text.split('\n').length);
  let helper;
  return {
    name: 'decorators-as-calls',
    resolveId: (id) => (id === ID ? ID : null),
    load: (id) =>
      id === ID
        ? `export const __decorate = ${helper};\n` +
          'export const __properties = (Class, fields) => {\n' +
          '  for (const name of Object.keys(fields)) Class.createProperty(name, fields[name]);\n' +
          '};\n'
        : null,
    transform(code) {
      const match = HELPER.exec(code);
      if (!match) return null;
      helper ??= match[1];
      const head = padded(`import { __decorate, __properties } from '${ID}';\n`, match[0]);
      const body = code.replace(HELPER, () => head);
      // Only Lit's own property() and state(), as this module imports them.
      const lit = /^import \{([^}]*)\} from 'lit\/decorators\.js';$/m.exec(code)?.[1] ?? '';
      const fromLit = (kind) => new RegExp(`(^|[\\s,])${kind}([\\s,]|$)`).test(lit);
      const calls = body.replace(RUN, (run) => {
        const fields = [...run.matchAll(FIELD)];
        const owner = fields[0][3];
        const odd = ([, kind, args, cls]) =>
          cls !== owner || !fromLit(kind) || (kind === 'state' && args);
        if (fields.some(odd)) return run;
        const entries = fields.map(([, kind, args, , name]) => {
          const options = kind === 'state' ? '{ state: true, attribute: false }' : args || 'void 0';
          return `${JSON.stringify(name)}: ${options}`;
        });
        return padded(`__properties(${owner}, { ${entries.join(', ')} });\n`, run);
      });
      return { code: calls, map: null };
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
    decoratorsAsCalls(),
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
