// Reads custom-elements.json for Storybook: fills in tag names, keeps the public API only, and
// finds an element's declaration for the API tables and the generic args binding.
import { getCustomElements } from '@storybook/web-components-vite';

export interface ManifestItem {
  name: string;
  kind?: string;
  description?: string;
  summary?: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  fieldName?: string;
  attribute?: string;
  type?: { text?: string };
  parameters?: { name: string; type?: { text?: string } }[];
  return?: { type?: { text?: string } };
  default?: string;
}

export interface ElementDeclaration {
  kind: string;
  name: string;
  tagName?: string;
  customElement?: boolean;
  summary?: string;
  description?: string;
  members?: ManifestItem[];
  attributes?: ManifestItem[];
  events?: ManifestItem[];
  slots?: ManifestItem[];
  cssParts?: ManifestItem[];
  cssProperties?: ManifestItem[];
}

export interface Manifest {
  schemaVersion: string;
  modules: { kind: string; path: string; declarations?: ElementDeclaration[] }[];
}

/** `WsStatusBadge` → `ws-status-badge`: the kit names every tag after its class. */
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/** An event name the analyzer read from code rather than docs (a constant's name, or empty). */
const realEvent = (item: ManifestItem) =>
  typeof item.name === 'string' &&
  /^[a-z][\w-]*$/i.test(item.name) &&
  item.name !== item.name.toUpperCase();

/**
 * The manifest as Storybook should see it: every element has its tag name, private, static and
 * read-only members are gone, and an attribute-backed field appears once (as its attribute).
 */
export function forStorybook(manifest: Manifest): Manifest {
  return {
    ...manifest,
    modules: manifest.modules.map((module) => ({
      ...module,
      declarations: module.declarations?.map((d) => {
        if (!d.customElement) return d;
        const backed = new Set((d.attributes ?? []).map((a) => a.fieldName));
        return {
          ...d,
          tagName: d.tagName ?? kebab(d.name),
          // Storybook makes controls of the fields and skips methods; the API tables list both.
          members: (d.members ?? []).filter((m) =>
            m.kind === 'method'
              ? !m.privacy && !m.static && !/EventListener$/.test(m.name)
              : m.kind === 'field' &&
                !m.privacy &&
                !m.static &&
                !m.readonly &&
                !backed.has(m.name) &&
                !m.type?.text?.includes('=>'),
          ),
          // `status` is reflected output, not input.
          attributes: (d.attributes ?? []).filter((a) => a.name !== 'status'),
          events: (d.events ?? []).filter(realEvent),
        };
      }),
    })),
  };
}

/** The declaration of `tag` in the manifest Storybook was given. */
export function declarationOf(tag: string): ElementDeclaration | undefined {
  const manifest = getCustomElements() as Manifest | undefined;
  for (const module of manifest?.modules ?? []) {
    for (const d of module.declarations ?? []) if (d.tagName === tag) return d;
  }
  return undefined;
}
