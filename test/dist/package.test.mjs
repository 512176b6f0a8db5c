// The shape of the built package: every exports-map target is built and packed, `sideEffects`
// names exactly the registering modules, and the two bundles are self-contained and minified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rollup/parseAst';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const read = (file) => readFileSync(join(root, file), 'utf8');

/** Every exports-map target, e.g. ['./dist/src/index.js', './dist/src/index.d.ts', ...]. */
function exportTargets() {
  return Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
}

function walk(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    return entry.isDirectory() ? walk(path) : [path];
  });
}

const globToRegExp = (glob) =>
  new RegExp(`^${glob.replace(/^\.\//, '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

test('every exports-map target exists after the build', () => {
  const missing = exportTargets().filter((target) => !existsSync(join(root, target)));
  assert.deepEqual(missing, []);
});

let packedFiles;
/** The paths `npm pack` would ship (computed once). */
function packed() {
  if (!packedFiles) {
    const [report] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }));
    packedFiles = new Set(report.files.map((file) => file.path));
  }
  return packedFiles;
}

test('npm pack ships every exports-map target, the manifest and the TypeScript sources', () => {
  const files = packed();
  const unpacked = exportTargets().map((target) => target.replace(/^\.\//, '')).filter((path) => !files.has(path));
  assert.deepEqual(unpacked, []);
  for (const path of ['custom-elements.json', 'dist/ws-widgets.iife.js', 'dist/ws-widgets.js.map', 'src/index.ts', 'frameworks/react/index.ts']) {
    assert.ok(files.has(path), `${path} is packed`);
  }
  assert.deepEqual([...files].filter((path) => /^(test|server|stories|django|node_modules)\//.test(path)), []);
});

test('package.json names the licence, repository, homepage and issue tracker; LICENSE (MIT) is packed', () => {
  assert.equal(pkg.license, 'MIT');
  assert.match(pkg.repository?.url ?? '', /^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
  assert.match(pkg.homepage ?? '', /^https:\/\//);
  assert.match(pkg.bugs?.url ?? '', /^https:\/\/.+\/issues$/);
  assert.match(read('LICENSE'), /^MIT License\n/);
  assert.ok(packed().has('LICENSE'), 'LICENSE is packed');
});

test('React and Vue are optional peer dependencies; the hooks import nothing else', () => {
  assert.deepEqual(Object.keys(pkg.peerDependencies ?? {}).sort(), ['react', 'vue']);
  for (const name of ['react', 'vue']) assert.equal(pkg.peerDependenciesMeta?.[name]?.optional, true, name);
  for (const [entry, framework] of [['dist/frameworks/react', 'react'], ['dist/frameworks/vue', 'vue']]) {
    const bare = walk(entry)
      .filter((path) => path.endsWith('.js'))
      .flatMap((path) => [...read(path).matchAll(/^import .* from '([^.][^']*)';$/gm)].map((m) => m[1]));
    assert.deepEqual([...new Set(bare)], [framework], `${entry} imports only ${framework} besides the core`);
  }
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
const slug = (heading) =>
  heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

test('README.md links work on the npm page: absolute, or an anchor of one of its headings', () => {
  // The npm page shows README.md without the repository around it: a relative link there is dead.
  const readme = read('README.md').replace(/^```[\s\S]*?^```/gm, '');
  const links = [...readme.matchAll(/!?\[(?:[^[\]]|\[[^\]]*\])*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(links.length > 20, `found ${links.length} links`);
  assert.deepEqual(links.filter((link) => !/^(https?:\/\/|mailto:|#)/.test(link)), [], 'relative links');
  const anchors = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1])));
  assert.deepEqual(links.filter((link) => link.startsWith('#') && !anchors.has(link.slice(1))), [], 'anchors');
  // Links into this repository name files that exist, so they do not rot.
  const repo = pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  const raw = repo.replace('https://github.com/', 'https://raw.githubusercontent.com/') + '/main/';
  const inRepo = links
    .map((link) => link.split('#')[0])
    .map((link) => (link.startsWith(raw) ? link.slice(raw.length) : /^(?:blob|tree)\/main\/(.*)$/.exec(link.startsWith(`${repo}/`) ? link.slice(repo.length + 1) : '')?.[1]))
    .filter(Boolean);
  assert.ok(inRepo.length > 10, `found ${inRepo.length} links into the repository`);
  assert.deepEqual(inRepo.filter((path) => !existsSync(join(root, path))), [], 'links to missing files');
});

test('each entry resolves in Node through the exports map', () => {
  const cases = {
    'ws-widgets': 'dist/src/index.js',
    'ws-widgets/socket': 'dist/src/socket.js',
    'ws-widgets/elements': 'dist/components/index.js',
    'ws-widgets/define': 'dist/components/define-all.js',
    'ws-widgets/noc-alert-feed': 'dist/components/noc-alert-feed/define.js',
    // Node (server rendering) gets the unbundled modules: the bundle's Lit needs a DOM to load.
    'ws-widgets/bundle': 'dist/components/bundle.js',
    'ws-widgets/custom-elements.json': 'custom-elements.json',
  };
  for (const [specifier, file] of Object.entries(cases)) {
    assert.equal(relative(root, fileURLToPath(import.meta.resolve(specifier))), file, specifier);
  }
});

test('sideEffects names exactly the modules that register elements, built and shipped TypeScript', () => {
  const patterns = pkg.sideEffects.map(globToRegExp);
  // components/ is in "files": a bundler that compiles the TypeScript sources reads them too.
  assert.ok(pkg.files.includes('components/'));
  const js = [
    ...walk('dist').filter((path) => path.endsWith('.js')),
    ...walk('components').filter((path) => path.endsWith('.ts') && !path.endsWith('.d.ts')),
  ];
  const declared = js.filter((path) => patterns.some((re) => re.test(path))).sort();
  // A module registers when a top-level statement calls define()/customElements.define() or
  // imports a registering module for its effect.
  const registers = (path) =>
    /^(?:customElements\.)?define\(/m.test(read(path)) ||
    /^import ['"][^'"]*(?:define(?:-all)?|bundle)\.js['"];/m.test(read(path)) ||
    /^dist\/ws-widgets(\.iife)?\.js$/.test(path);
  const registering = js.filter(registers).sort();
  assert.ok(registering.includes('dist/components/ws-toast/define.js'));
  assert.ok(registering.includes('components/ws-toast/define.ts'));
  assert.ok(registering.includes('components/bundle.ts'));
  assert.deepEqual(declared, registering);
});

for (const [file, format] of [
  ['dist/ws-widgets.js', 'module'],
  ['dist/ws-widgets.iife.js', 'script'],
]) {
  test(`${file} is self-contained, production Lit, minified, with a source map`, () => {
    const code = read(file);
    const ast = parseAst(code);
    const imports = [];
    const visit = (node) => {
      if (!node || typeof node.type !== 'string') return;
      if (node.type === 'ImportDeclaration' || node.type === 'ImportExpression' || node.source) imports.push(node.type);
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) value.forEach(visit);
        else if (value && typeof value === 'object') visit(value);
      }
    };
    visit(ast);
    assert.deepEqual(imports, [], 'no import or re-export');
    if (format === 'script') {
      assert.ok(!ast.body.some((node) => /^Export/.test(node.type)), 'a classic script exports nothing');
      assert.match(code, /^(?:\/\*[\s\S]*?\*\/\s*)*var WsWidgets=/, 'assigns the WsWidgets global');
    }
    // Lit's development build carries these; its production build does not.
    assert.ok(!/Lit is in dev mode|litIssuedWarnings/.test(code), 'no Lit development build');
    // Minified: comments other than licences are gone and code is not indented (templates keep theirs).
    assert.ok(!/@summary|@example|@param/.test(code), 'no JSDoc left');
    assert.ok(!/\n\s{2,}(?:(?:const|let|return)\s|if \(|this\.)/.test(code), 'no indented code');
    assert.match(code, new RegExp(`//# sourceMappingURL=${file.slice('dist/'.length)}\\.map\\s*$`));
    const map = JSON.parse(read(`${file}.map`));
    assert.ok(map.sources.some((source) => source.endsWith('components/ws-connection/ws-connection.ts')), 'maps to the TS sources');
    assert.ok(map.sourcesContent?.every((content) => typeof content === 'string'), 'carries the sources');
  });
}

test('every JSDoc @example import names an export of the entry it imports from', async () => {
  const ts = (await import('typescript')).default;
  const sources = [...walk('src'), ...walk('components'), ...walk('types')].filter((path) => /\.tsx?$/.test(path));
  const examples = [];
  for (const path of sources) {
    // Import lines inside JSDoc comments (` * import { a, type B } from 'ws-widgets/...';`).
    for (const [, names, specifier] of read(path).matchAll(/^\s*\*\s*import\s*\{([^}]*)\}\s*from\s*'(ws-widgets[^']*)'/gm)) {
      for (const name of names.split(',').map((n) => n.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]).filter(Boolean)) {
        examples.push({ path, specifier, name });
      }
    }
  }
  assert.ok(examples.some((e) => e.name === 'toast'), 'the toast() example is found');
  const typesOf = (specifier) => {
    const target = pkg.exports[specifier.replace(/^ws-widgets/, '.')];
    return target && join(root, target.types);
  };
  const files = [...new Set(examples.map((e) => typesOf(e.specifier)).filter(Boolean))];
  const program = ts.createProgram(files, { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true });
  const checker = program.getTypeChecker();
  const wrong = examples.filter(({ specifier, name }) => {
    const file = typesOf(specifier);
    const source = file && program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    return !symbol || !checker.getExportsOfModule(symbol).some((s) => s.name === name);
  });
  assert.deepEqual(wrong, []);
});
