// Reads custom-elements.json for Storybook: fills in tag names, keeps the public inputs for the
// controls, and finds an element's full declaration for the API tables and the args binding.
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

const readOnly = (item: ManifestItem | undefined) =>
  Boolean(item?.description?.includes('Read-only.'));
const fieldOf = (d: ElementDeclaration, a: ManifestItem) =>
  d.members?.find((m) => m.name === a.fieldName);

let full: Manifest | undefined;

/** Every element declaration gets its tag name (older manifests may lack it). */
function withTagNames(manifest: Manifest): Manifest {
  return {
    ...manifest,
    modules: manifest.modules.map((module) => ({
      ...module,
      declarations: module.declarations?.map((d) =>
        d.customElement ? { ...d, tagName: d.tagName ?? kebab(d.name) } : d,
      ),
    })),
  };
}

/** What a page may use of an element: public, non-static members and the documented events. */
export function publicApi(d: ElementDeclaration) {
  const backed = new Set((d.attributes ?? []).map((a) => a.fieldName));
  const members = (d.members ?? []).filter((m) => !m.privacy && !m.static);
  return {
    attributes: d.attributes ?? [],
    /** Fields without an attribute. */
    properties: members.filter((m) => m.kind === 'field' && !backed.has(m.name)),
    methods: members.filter((m) => m.kind === 'method' && !/EventListener$/.test(m.name)),
    events: (d.events ?? []).filter(realEvent),
    slots: d.slots ?? [],
    cssParts: d.cssParts ?? [],
    cssProperties: d.cssProperties ?? [],
  };
}

/**
 * The manifest as Storybook should see it: one control per input. Attribute-backed fields appear
 * once (as their attribute); read-only, function-typed and private members are no controls.
 */
export function forStorybook(manifest: Manifest): Manifest {
  full = withTagNames(manifest);
  return {
    ...full,
    modules: full.modules.map((module) => ({
      ...module,
      declarations: module.declarations?.map((d) => {
        if (!d.customElement) return d;
        const api = publicApi(d);
        return {
          ...d,
          members: api.properties.filter(
            (m) => !m.readonly && !readOnly(m) && !m.type?.text?.includes('=>'),
          ),
          // Reflected output (`status`, `stale`: documented "Read-only.") is no control either.
          attributes: api.attributes.filter((a) => !readOnly(a) && !readOnly(fieldOf(d, a))),
          events: api.events,
        };
      }),
    })),
  };
}

/** The full declaration of `tag`, from the manifest given to forStorybook(). */
export function declarationOf(tag: string): ElementDeclaration | undefined {
  for (const module of full?.modules ?? []) {
    for (const d of module.declarations ?? []) if (d.tagName === tag) return d;
  }
  return undefined;
}
