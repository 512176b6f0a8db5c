// Builds every bundle the bench measures or loads with one esbuild configuration, so the kit and
// its baselines are minified the same way; outputs land in bench/.cache/ (git-ignored).
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CACHE = join(ROOT, 'bench', '.cache');

/**
 * Bundles `entry` (a path from the repository root, or `contents` given inline) into
 * bench/.cache/<name>.js and returns its path, minified text and per-file contributions.
 * @param {string} name
 * With `splitting`, dynamic imports become chunks of their own (as a page's bundler ships them):
 * `text` is then the entry alone and `lazy` the text of every other chunk.
 * @param {string} name
 * @param {{entry?: string, contents?: string, platform?: 'browser' | 'node', external?: string[], minify?: boolean, splitting?: boolean}} options
 */
export async function bundle(
  name,
  { entry, contents, platform = 'browser', external = [], minify = true, splitting = false },
) {
  const outfile = join(CACHE, `${name}.js`);
  mkdirSync(dirname(outfile), { recursive: true });
  const result = await build({
    ...(entry
      ? { entryPoints: [join(ROOT, entry)] }
      : { stdin: { contents, resolveDir: ROOT, sourcefile: `${name}.js`, loader: 'js' } }),
    bundle: true,
    format: 'esm',
    platform,
    target: 'es2022',
    minify,
    legalComments: 'none',
    // Lit's decorators are the legacy (experimentalDecorators) kind: esbuild reads that here.
    tsconfig: join(ROOT, 'tsconfig.json'),
    // Production builds of Lit, as a page would get them from a bundler.
    conditions: ['production'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external,
    ...(splitting ? { splitting: true, outdir: join(CACHE, `${name}-split`) } : {}),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const entryOutput = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint);
  const first = splitting
    ? result.outputFiles.find((f) => f.path.endsWith(entryOutput[0]))
    : result.outputFiles[0];
  const text = first.text;
  const lazy = result.outputFiles.filter((f) => f !== first).map((f) => f.text);
  writeFileSync(outfile, text);
  const inputs =
    (splitting ? entryOutput[1] : Object.values(result.metafile.outputs)[0])?.inputs ?? {};
  /** Minified bytes each source file contributes, largest first. */
  const contributions = Object.entries(inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { file: outfile, text, lazy, contributions };
}

/**
 * The kit as a page loads it: dist/ws-widgets.js when the build has run (what users ship),
 * otherwise components/define-all.ts bundled here. Returns the cache name and what it is.
 */
export async function kitBundle() {
  const dist = join(ROOT, 'dist', 'ws-widgets.js');
  if (existsSync(dist)) {
    mkdirSync(CACHE, { recursive: true });
    copyFileSync(dist, join(CACHE, 'kit-dist.js'));
    return { name: 'kit-dist', source: 'dist/ws-widgets.js' };
  }
  await bundle('kit-src', { entry: 'components/define-all.ts' });
  return { name: 'kit-src', source: 'components/define-all.ts bundled by the bench (no dist/)' };
}
