// The one table `npm run bench` prints: each figure, its baseline from the same run, the ratio,
// the target, and MISS where the target is not met. Also renders it as Markdown for the docs.
import { fmt } from './stats.mjs';

/**
 * @typedef {object} Row
 * @property {string} part        e.g. '1 size'
 * @property {string} measure     what was measured
 * @property {string} value       the figure, formatted with its unit
 * @property {string} [baseline]  the baseline's name and figure from the same run
 * @property {number} [ratio]     value / baseline
 * @property {string} [target]    e.g. '≤ 3 KB'
 * @property {boolean} [ok]       whether the target is met (undefined: no target)
 * @property {string} [note]
 */

const HEAD = ['part', 'measure', 'ws-widgets', 'baseline (same run)', 'ratio', 'target', ''];

/** @param {Row} r */
const cells = (r) => [
  r.part,
  r.measure,
  r.value,
  r.baseline ?? '',
  r.ratio === undefined ? '' : fmt(r.ratio, 2),
  r.target ?? '',
  r.ok === undefined ? '' : r.ok ? 'ok' : 'MISS',
];

/** @param {Row[]} rows */
export function textTable(rows) {
  const all = [HEAD, ...rows.map(cells)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  const out = [line(HEAD), widths.map((w) => '-'.repeat(w)).join('  ')];
  let part = '';
  for (const r of rows) {
    if (part && r.part !== part) out.push('');
    part = r.part;
    out.push(line(cells(r)));
  }
  return out.join('\n');
}

/** @param {Row[]} rows */
export function markdownTable(rows) {
  const esc = (v) => escapeMarkdown(v).replaceAll('|', '\\|');
  const out = [`| ${HEAD.map(esc).join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const c = cells(r);
    c[6] = c[6] === 'MISS' ? '**MISS**' : c[6];
    out.push(`| ${c.map(esc).join(' | ')} |`);
  }
  return out.join('\n');
}

/** Tag names such as `<ws-toast>` would vanish into HTML when Markdown is rendered. */
export const escapeMarkdown = (text) => text.replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Rows' notes, for under the table. @param {Row[]} rows */
export function notes(rows) {
  return rows.filter((r) => r.note).map((r) => `- ${r.part} ${r.measure}: ${r.note}`);
}
