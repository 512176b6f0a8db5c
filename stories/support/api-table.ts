// The API reference of an element, rendered from custom-elements.json: attributes, properties,
// methods, events, slots, CSS parts and custom properties. Nothing here is typed in by hand.
import { html, nothing, type TemplateResult } from 'lit';
import { declarationOf, publicApi, type ManifestItem } from './manifest.js';

interface Column {
  title: string;
  cell: (item: ManifestItem) => string;
}

const code = (text: string | undefined) => (text ? html`<code>${text}</code>` : nothing);
/** Text with its `backticked` spans as code (rendered as text nodes, never parsed as HTML). */
const prose = (text: string) =>
  text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part));
const typeOf = (item: ManifestItem) => item.type?.text ?? '';
const describe = (item: ManifestItem) =>
  (item.description ?? item.summary ?? '').replace(/\s+/g, ' ');

function table(
  caption: string,
  items: ManifestItem[] | undefined,
  columns: Column[],
): TemplateResult | typeof nothing {
  if (!items || items.length === 0) return nothing;
  return html`<table class="api-table">
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        ${columns.map((c) => html`<th scope="col">${c.title}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${items.map(
        (item) =>
          html`<tr>
            ${columns.map((c, i) =>
              i === 0
                ? html`<th scope="row">${code(c.cell(item))}</th>`
                : html`<td>
                    ${i < columns.length - 1 ? code(c.cell(item)) : prose(c.cell(item))}
                  </td>`,
            )}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

const name: Column = { title: 'Name', cell: (i) => i.name };
const type: Column = { title: 'Type', cell: typeOf };
const description: Column = { title: 'Description', cell: describe };

/** The whole reference of `tag`, or a notice when the manifest does not describe it. */
export function apiReference(tag: string): TemplateResult {
  const d = declarationOf(tag);
  if (!d)
    return html`<p role="alert">
      custom-elements.json does not describe &lt;${tag}&gt;: run <code>npm run analyze</code>.
    </p>`;
  const api = publicApi(d);
  const methods = api.methods.map((m) => ({
    ...m,
    name: `${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`,
    type: m.return?.type,
  }));
  return html`<article class="api-reference">
    <h1><code>&lt;${tag}&gt;</code></h1>
    <p>${prose(d.summary ?? d.description ?? '')}</p>
    ${table('Attributes', api.attributes, [
      name,
      { title: 'Property', cell: (i) => i.fieldName ?? '' },
      type,
      { title: 'Default', cell: (i) => i.default ?? '' },
      description,
    ])}
    ${table('Properties (no attribute)', api.properties, [name, type, description])}
    ${table('Methods', methods, [name, { title: 'Returns', cell: typeOf }, description])}
    ${table('Events', api.events, [name, { title: 'Detail', cell: typeOf }, description])}
    ${table('Slots', api.slots, [{ title: 'Name', cell: (i) => i.name || '(default)' }, description])}
    ${table('CSS parts', api.cssParts, [name, description])}
    ${table('CSS custom properties', api.cssProperties, [name, { title: 'Default', cell: (i) => i.default ?? '' }, description])}
  </article>`;
}
