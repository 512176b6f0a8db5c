// Applies Storybook args to an element the way the manifest describes it: attributes as
// attributes, properties as properties, CSS custom properties as inline styles. A new attribute
// in custom-elements.json is therefore a working control without editing any story.
import type { Args } from '@storybook/web-components-vite';
import { ref } from 'lit/directives/ref.js';
import { declarationOf } from './manifest.js';

/** Sets every arg that the element's manifest entry names; args left undefined change nothing. */
export function applyArgs(el: Element, tag: string, args: Args): void {
  const d = declarationOf(tag);
  if (!d) return;
  for (const attribute of d.attributes ?? []) {
    const value: unknown = args[attribute.name];
    if (value === undefined) continue;
    if (typeof value === 'boolean') el.toggleAttribute(attribute.name, value);
    else if (value === null || value === '') el.removeAttribute(attribute.name);
    else el.setAttribute(attribute.name, String(value));
  }
  for (const member of d.members ?? []) {
    if (args[member.name] !== undefined) Reflect.set(el, member.name, args[member.name]);
  }
  if (el instanceof HTMLElement) {
    for (const property of d.cssProperties ?? []) {
      const value: unknown = args[property.name];
      if (typeof value === 'string' && value !== '') el.style.setProperty(property.name, value);
      else el.style.removeProperty(property.name);
    }
  }
}

/** `<noc-alert-feed ${bindArgs('noc-alert-feed', args)}>`: the element gets the story's args. */
export const bindArgs = (tag: string, args: Args) =>
  ref((el) => {
    if (el) applyArgs(el, tag, args);
  });
