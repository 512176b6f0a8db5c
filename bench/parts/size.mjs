// Part 1, size: min+gzip and brotli of the core entry, each element entry and the self-contained
// kit, beside reconnecting-websocket, partysocket and a bare Lit element, all bundled by esbuild
// with one configuration (dist/ws-widgets.js is measured as the build wrote it, and rebuilt here).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { bundle, ROOT } from '../lib/bundle.mjs';
import { kb } from '../lib/stats.mjs';

const LIT = ['lit', 'lit/*', '@lit/*'];

/** Byte counts of one minified text: raw, gzip -9, brotli -q 11. */
export function measure(text) {
  const buffer = Buffer.from(text);
  return {
    min: buffer.length,
    gzip: gzipSync(buffer, { level: 9 }).length,
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const show = (s) => `${kb(s.gzip)} gz · ${kb(s.brotli)} br · ${kb(s.min)} min`;

/** Element entries that exist now: components/<tag>/define.ts. */
function elementEntries() {
  const dir = join(ROOT, 'components');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((tag) => tag.includes('-') && existsSync(join(dir, tag, 'define.ts')))
    .map((tag) => ({ tag, entry: `components/${tag}/define.ts` }));
}

export async function runSize() {
  const sized = async (name, options) => measure((await bundle(`size-${name}`, options)).text);
  // Split as a page's bundler ships it: the entry every page loads, and the chunks it imports
  // only when asked (the tab share, for share="tabs"), measured apart.
  const coreBundle = await bundle('size-core', { entry: 'src/socket.ts', splitting: true });
  const core = measure(coreBundle.text);
  const lazy = coreBundle.lazy.map(measure);
  const rws = await sized('reconnecting-websocket', {
    contents: "export { default } from 'reconnecting-websocket';",
  });
  const partyWs = await sized('partysocket-ws', {
    contents: "export { default } from 'partysocket/ws';",
  });
  const party = await sized('partysocket', { contents: "export * from 'partysocket';" });
  const bareLit = await sized('bare-lit', { entry: 'bench/fixtures/bare-lit.js' });

  const rows = [];
  const vs = (measureName, s, baseName, base, target, limit) => ({
    part: '1 size',
    measure: measureName,
    value: show(s),
    baseline: `${baseName} ${kb(base.gzip)} gz`,
    ratio: s.gzip / base.gzip,
    ...(limit !== undefined ? { target, ok: s.gzip <= limit } : {}),
  });
  const biggest = coreBundle.contributions
    .slice(0, 5)
    .map((c) => `${c.path.replace(/^src\//, '')} ${kb(c.bytes)}`)
    .join(', ');
  // Issue 14's budget: no larger than the 6.43 KB of 2026-11-23, new features included.
  const coreBudget = ['≤ 6.43 KB gz', 6.43 * 1024];
  const lazyNote = lazy.length
    ? `; loaded on demand: ${lazy.map((l) => `${kb(l.gzip)} gz`).join(', ')} (share="tabs")`
    : '';
  rows.push({
    ...vs('core (ws-widgets/socket)', core, 'reconnecting-websocket', rws, ...coreBudget),
    note: `largest modules, minified: ${biggest}${lazyNote}`,
  });
  rows.push(vs('core (ws-widgets/socket)', core, 'partysocket/ws', partyWs, ...coreBudget));
  rows.push(vs('core (ws-widgets/socket)', core, 'partysocket (whole)', party));

  // An entry that does not build yet (work in progress) gives an error row, not a failed part.
  const attempt = async (measureName, make) => {
    try {
      rows.push(await make());
    } catch (error) {
      rows.push({
        part: '1 size',
        measure: measureName,
        value: 'error',
        ok: false,
        note: firstLine(error),
      });
    }
  };
  for (const { tag, entry } of elementEntries()) {
    await attempt(`<${tag}> entry with Lit`, async () => {
      const withLit = await sized(tag, { entry });
      const own = await sized(`${tag}-own`, { entry, external: LIT });
      const row = vs(`<${tag}> entry with Lit`, withLit, 'bare Lit element', bareLit);
      return { ...row, note: `own code without Lit: ${kb(own.gzip)} gz` };
    });
  }

  // Issue 14's budget: no larger than the 24.35 KB of 2026-11-23.
  const kitTarget = 24.35 * 1024;
  if (existsSync(join(ROOT, 'components/define-all.ts'))) {
    await attempt('kit, all five + Lit (esbuild here)', async () => {
      const kit = await sized('kit', { entry: 'components/define-all.ts' });
      return vs(
        'kit, all five + Lit (esbuild here)',
        kit,
        'bare Lit element',
        bareLit,
        '≤ 24.35 KB gz',
        kitTarget,
      );
    });
  }
  const distFile = join(ROOT, 'dist/ws-widgets.js');
  if (existsSync(distFile)) {
    const dist = measure(readFileSync(distFile, 'utf8'));
    rows.push(
      vs(
        'dist/ws-widgets.js as built',
        dist,
        'bare Lit element',
        bareLit,
        '≤ 24.35 KB gz',
        kitTarget,
      ),
    );
  } else {
    rows.push({
      part: '1 size',
      measure: 'dist/ws-widgets.js as built',
      value: 'missing',
      target: '≤ 24.35 KB gz',
      ok: false,
      note: 'run `npm run build` first',
    });
  }
  return rows;
}

const firstLine = (error) =>
  String(error?.message ?? error)
    .split('\n')
    .slice(0, 2)
    .join(' ');
