// Storybook preview: a Docs page per element (autodocs) whose tables, like the controls, come from
// custom-elements.json, a light/dark scheme switch, and a fresh in-page stand-in server for each
// story (stopped when the story is left; a Docs page holds several stories at once).
import type { Decorator, Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ref } from 'lit/directives/ref.js';
import manifest from '../custom-elements.json';
import { controlsFromTypes } from '../stories/support/controls.js';
import { forStorybook, type Manifest } from '../stories/support/manifest.js';
import { forceScheme, type Scheme } from '../stories/support/scheme.js';
import { stopStandIns } from '../stories/support/stand-in.js';
import '../components/define-all.js';
import './preview.css';

setCustomElementsManifest(forStorybook(manifest as Manifest));

/** Per story: a Docs page renders several at once, each with its own scheme frame. */
const unwatch = new Map<string, () => void>();

/** The toolbar's scheme (or a story's `globals.scheme`): light, dark, or whatever the OS says. */
const withScheme: Decorator = (story, context) => {
  const scheme = context.globals.scheme as Scheme | 'system' | undefined;
  unwatch.get(context.id)?.();
  unwatch.delete(context.id);
  if (scheme !== 'light' && scheme !== 'dark') return story();
  return html`<div
    class="scheme-frame"
    data-scheme=${scheme}
    ${ref((el) => {
      if (el instanceof HTMLElement) unwatch.set(context.id, forceScheme(el, scheme));
    })}
  >
    ${story()}
  </div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  decorators: [withScheme],
  argTypesEnhancers: [controlsFromTypes],
  beforeEach: (context) => () => stopStandIns(context.id),
  initialGlobals: { scheme: 'system' },
  globalTypes: {
    scheme: {
      description: 'Colour scheme of the widgets',
      toolbar: {
        title: 'Scheme',
        icon: 'contrast',
        items: [
          { value: 'system', title: 'As the OS prefers' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  parameters: {
    controls: { expanded: true, sort: 'requiredFirst' },
    layout: 'padded',
  },
};

export default preview;
