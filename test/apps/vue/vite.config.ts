// Vue's development build, so that its warnings (an unresolved component, a failed prop) reach
// the console, where the harness (test/apps/run.mjs) fails on them. The five tags are custom
// elements, as README.md tells Vue users to configure.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const tags = ['ws-connection', 'ws-status-badge', 'ws-toast', 'noc-alert-feed', 'gcode-panel'];

export default defineConfig({
  base: './',
  plugins: [
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tags.includes(tag) } } }),
  ],
  build: { minify: false, outDir: 'dist', emptyOutDir: true },
});
