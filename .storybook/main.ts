// Storybook configuration: the web-components + Vite framework, stories from stories/, Docs pages
// (addon-docs, tables from custom-elements.json), no telemetry.
import type { StorybookConfig } from '@storybook/web-components-vite';
import { fileURLToPath } from 'node:url';
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

const IGNORED = [
  '**/coverage/**',
  '**/dist/**',
  '**/storybook-static/**',
  '**/.test-results/**',
  '**/bench/**',
  '**/django/**',
];

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: {
    name: '@storybook/web-components-vite',
    options: {
      builder: { viteConfigPath: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) },
    },
  },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (vite) => ({
    ...vite,
    plugins: [...(vite.plugins ?? []), keepDefines],
    // Other tools rewrite these folders while Storybook runs; each change would reload the preview.
    server: { ...vite.server, watch: { ignored: IGNORED } },
    // Storybook's own preview and Docs renderer chunks are about 1 MB: nothing to split here.
    build: { ...vite.build, chunkSizeWarningLimit: 1200 },
  }),
};

export default config;
