// Custom Elements Manifest analyzer (`cem analyze --litelement`): reads the elements' JSDoc
// (@summary, @event, @csspart, @cssproperty, @slot) and their Lit properties into custom-elements.json.

/**
 * The elements register through the kit's own `define(tag, Class)` (it skips taken tags), which
 * the analyzer does not know: read each top-level `define('tag', Class)` call of a define.ts,
 * give the class its tag name and the module its custom-element-definition export.
 */
function defineHelper() {
  const definitions = []; // { tag, className, modulePath }
  return {
    name: 'ws-widgets-define-helper',
    analyzePhase({ ts, node, moduleDoc }) {
      if (
        !ts.isCallExpression(node) ||
        !ts.isIdentifier(node.expression) ||
        node.expression.text !== 'define'
      )
        return;
      if (!ts.isExpressionStatement(node.parent) || !ts.isSourceFile(node.parent.parent)) return;
      const [tag, ctor] = node.arguments;
      if (!tag || !ctor || !ts.isStringLiteral(tag) || !ts.isIdentifier(ctor)) return;
      definitions.push({ tag: tag.text, className: ctor.text, modulePath: moduleDoc.path });
    },
    packageLinkPhase({ customElementsManifest }) {
      const modules = customElementsManifest.modules ?? [];
      for (const { tag, className, modulePath } of definitions) {
        const home = modules.find((m) =>
          (m.declarations ?? []).some((d) => d.customElement && d.name === className),
        );
        const declaration = home?.declarations.find((d) => d.name === className);
        if (!home || !declaration)
          throw new Error(`define('${tag}', ${className}): no custom element class ${className}`);
        declaration.tagName = tag;
        const definer = modules.find((m) => m.path === modulePath);
        definer.exports = [
          ...(definer.exports ?? []),
          {
            kind: 'custom-element-definition',
            name: tag,
            declaration: { name: className, module: home.path },
          },
        ];
      }
    },
  };
}

export default {
  globs: ['components/**/*.ts'],
  // The aggregate entries, styles and the bundle entry declare no elements of their own; the
  // define helper's `customElements.define(tag, ctor)` would be read as an element named `tag`.
  exclude: [
    'components/define-all.ts',
    'components/bundle.ts',
    'components/**/*.styles.ts',
    'components/internal/define.ts',
  ],
  outdir: '.',
  litelement: true,
  packagejson: true,
  plugins: [defineHelper()],
};
