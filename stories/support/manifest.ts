// Reads custom-elements.json for Storybook: fills in tag names, keeps the public API for the Docs
// pages and the controls, and finds an element's full declaration for the args binding.
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

/** Inputs a page reads but does not set: documented "Read-only.", `readonly`, or callbacks. */
const isOutput = (d: ElementDeclaration, item: ManifestItem) =>
  Boolean(item.readonly) ||
  readOnly(item) ||
  Boolean(item.type?.text?.includes('=>')) ||
  (item.fieldName !== undefined && readOnly(fieldOf(d, item)));

/** The element's summary, then its public methods as Markdown (the Docs page's description). */
function describeElement(d: ElementDeclaration, methods: ManifestItem[]): string {
  const text = d.description || d.summary || '';
  if (methods.length === 0) return text;
  const lines = methods.map((m) => {
    const params = (m.parameters ?? []).map((p) => p.name).join(', ');
    const returns = m.return?.type?.text;
    const what = (m.description ?? m.summary ?? '').replace(/\s+/g, ' ');
    return `- \`${m.name}(${params})\`${returns ? ` → \`${returns}\`` : ''}: ${what}`;
  });
  return `${text}\n\n**Methods**\n\n${lines.join('\n')}`;
}

/**
 * The manifest as Storybook should see it, for the Docs pages' ArgTypes tables and the controls:
 * every public attribute, property (attribute-backed fields once, as their attribute), event,
 * slot, CSS part and custom property; the summary plus the methods as the description.
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
          description: describeElement(d, api.methods),
          members: api.properties,
          attributes: api.attributes,
          events: api.events,
        };
      }),
    })),
  };
}

/**
 * Whether `name` on `tag` is output only (reflected status, read-only field, callback): the
 * Docs table lists it, but it gets no control.
 */
export function isOutputOf(tag: string, name: string): boolean {
  const d = declarationOf(tag);
  if (!d) return false;
  const item =
    d.attributes?.find((a) => a.name === name) ??
    d.members?.find((m) => m.name === name && m.kind === 'field');
  return item !== undefined && isOutput(d, item);
}

/** The full declaration of `tag`, from the manifest given to forStorybook(). */
export function declarationOf(tag: string): ElementDeclaration | undefined {
  for (const module of full?.modules ?? []) {
    for (const d of module.declarations ?? []) if (d.tagName === tag) return d;
  }
  return undefined;
}
