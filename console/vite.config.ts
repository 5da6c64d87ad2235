/**
 * Builds the console (this folder) into dist/console/ of the package, served by the server at
 * /_holdfast/ui/ (src/server/console-assets.ts). scripts/build.mjs runs it as `vite build console`.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/_holdfast/ui/',
  // Preact's JSX runtime, without a plugin (Vite compiles TSX itself).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    target: 'es2022',
    // The AWS SDK alone is about 300 kB minified; the page loads once per session from localhost.
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: false,
    // No report of slow plugins on a loaded machine: the build's output is the files, not advice.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  logLevel: 'warn',
});
