// React's development build, so that its warnings (state set before mount, bad props) reach the
// console, where the harness (test/apps/run.mjs) fails on them.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  plugins: [react()],
  build: { minify: false, outDir: 'dist', emptyOutDir: true },
});
