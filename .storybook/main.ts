// Storybook configuration: the web-components + Vite framework, stories from stories/, no telemetry.
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';

/**
 * package.json's `sideEffects` names the built define files only; Storybook bundles the sources,
 * so mark their define modules as side-effectful or the registrations are tree-shaken away.
 */
const keepDefines: Plugin = {
  name: 'ws-widgets:keep-defines',
  transform(code, id) {
    if (/[\\/]components[\\/](?:[^\\/]+[\\/])?define(?:-all)?\.ts$/.test(id))
      return { code, moduleSideEffects: true };
    return undefined;
  },
};

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (vite) => ({ ...vite, plugins: [...(vite.plugins ?? []), keepDefines] }),
};

export default config;
