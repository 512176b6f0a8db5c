// Storybook's own Vite config: empty on purpose, so the demo's vite.config.ts (its proxy, CSP
// header and entry alias) stays out of Storybook. Storybook's settings live in main.ts.
import { defineConfig } from 'vite';

export default defineConfig({});
