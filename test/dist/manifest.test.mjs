// custom-elements.json (from `cem analyze --litelement`): every element of the contract is listed
// with its attributes, events, parts and CSS custom properties, as tools (Storybook, IDEs) read it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const manifest = JSON.parse(readFileSync(`${root}/${pkg.customElements}`, 'utf8'));

const declarations = new Map();
for (const module of manifest.modules ?? []) {
  for (const declaration of module.declarations ?? []) {
    if (declaration.customElement && declaration.tagName) declarations.set(declaration.tagName, { ...declaration, module });
  }
}

// What the contract (docs/contract.md) names for each element; the manifest may list more.
const CONTRACT = {
  'ws-connection': {
    className: 'WsConnection',
    attributes: [
      'url', 'token', 'auth', 'reconnect-interval', 'max-reconnect-delay', 'max-reconnect-attempts', 'jitter',
      'heartbeat', 'heartbeat-interval', 'heartbeat-timeout', 'ready-message', 'queue-size', 'polling-url',
      'polling-interval', 'manual', 'exclusive', 'status',
      'share', 'leader', // release 0.2, One socket across tabs
    ],
    events: ['connectionStatus', 'error', 'message'],
    // Documented beyond the contract: the event `for` widgets listen for on the document, and
    // connectionStatus under the name Vue derives from `onConnectionStatus`; with share="tabs",
    // leaderChange.
    moreEvents: ['ws-connection-ready', 'connection-status', 'leaderChange'],
    // A provider with no look of its own: the contract asks parts and CSS properties of widgets.
    widget: false,
  },
  'ws-status-badge': { className: 'WsStatusBadge', attributes: ['for', 'status'], events: [] },
  'ws-toast': { className: 'WsToast', attributes: ['for'], events: [], moreEvents: ['toast-dismiss'] },
  'noc-alert-feed': {
    className: 'NocAlertFeed',
    attributes: ['for', 'client-id', 'max-items'],
    events: ['alert-new', 'alert-acknowledged', 'alert-recovery'], // the last in release 0.2
    // Documented beyond the contract: unreadable initial JSON, as <gcode-panel> reports it.
    moreEvents: ['error'],
    parts: ['alert'],
  },
  'gcode-panel': {
    className: 'GcodePanel',
    attributes: ['for', 'channel'],
    events: ['gcode-updated'],
    moreEvents: ['error'],
  },
};

test('package.json points at the manifest and it is schema 1.x or 2.x', () => {
  assert.equal(pkg.customElements, 'custom-elements.json');
  assert.match(manifest.schemaVersion, /^[12]\./);
});

test('the manifest lists exactly the five elements', () => {
  assert.deepEqual([...declarations.keys()].sort(), Object.keys(CONTRACT).sort());
});

test('every custom-element-definition names one of the five tags and its class', () => {
  // A `customElements.define(tag, ctor)` with variables must not become an element named `tag`.
  const definitions = (manifest.modules ?? []).flatMap((module) =>
    (module.exports ?? []).filter((entry) => entry.kind === 'custom-element-definition').map((entry) => [entry.name, entry.declaration.name]),
  );
  assert.deepEqual(
    definitions.sort(),
    Object.entries(CONTRACT)
      .map(([tag, { className }]) => [tag, className])
      .sort(),
  );
});

for (const [tag, expected] of Object.entries(CONTRACT)) {
  test(`<${tag}>: class, summary, attributes, events, parts and CSS properties`, () => {
    const declaration = declarations.get(tag);
    assert.ok(declaration, `${tag} is in the manifest`);
    assert.equal(declaration.name, expected.className);
    assert.ok(declaration.summary || declaration.description, 'a @summary or description');
    const attributes = (declaration.attributes ?? []).map((a) => a.name);
    assert.deepEqual(expected.attributes.filter((name) => !attributes.includes(name)), [], 'missing attributes');
    for (const attribute of declaration.attributes ?? []) {
      if (expected.attributes.includes(attribute.name)) assert.ok(attribute.fieldName, `${attribute.name} maps to a property`);
    }
    const events = (declaration.events ?? []).map((e) => e.name);
    assert.deepEqual(expected.events.filter((name) => !events.includes(name)), [], 'missing events');
    // Only real event names: no constant's name (CONNECTION_READY) or empty name from a dispatch
    // the analyzer could not read.
    assert.deepEqual(events.sort(), [...expected.events, ...(expected.moreEvents ?? [])].sort(), 'exactly the real events');
    for (const event of declaration.events ?? []) {
      if (expected.events.includes(event.name)) assert.ok(event.type?.text, `${event.name} has a detail type`);
    }
    assert.equal(declaration.tagName, tag);
    const definition = manifest.modules
      .flatMap((module) => (module.exports ?? []).map((entry) => ({ ...entry, path: module.path })))
      .find((entry) => entry.kind === 'custom-element-definition' && entry.name === tag);
    assert.equal(definition?.declaration.name, expected.className, 'a custom-element-definition export');
    if (expected.widget === false) return;
    const parts = (declaration.cssParts ?? []).map((p) => p.name);
    assert.ok(parts.length > 0, 'at least one @csspart');
    assert.deepEqual((expected.parts ?? []).filter((name) => !parts.includes(name)), [], 'missing parts');
    const properties = (declaration.cssProperties ?? []).map((p) => p.name);
    assert.ok(properties.length > 0, 'at least one @cssproperty');
    for (const name of properties) assert.match(name, new RegExp(`^--${tag}-`), 'custom properties are named --<tag>-<thing>');
  });
}
