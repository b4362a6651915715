import { defaultClientConditions, defineConfig } from 'vite';

// Two builds from one config (Vite cannot emit a code-split ES build and a one-file IIFE in one
// run): `vite build` gives dist/esm (launcher entry + lazily imported panel chunk),
// `AIDE_BUILD=iife vite build` gives dist/iife/aide.js for a plain <script> tag.
const iife = process.env.AIDE_BUILD === 'iife';

export default defineConfig({
  resolve: { conditions: ['@aide/source', ...defaultClientConditions] },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    target: 'es2022',
    outDir: iife ? 'dist/iife' : 'dist/esm',
    emptyOutDir: true,
    sourcemap: true,
    minify: true,
    lib: iife
      ? { entry: 'src/iife.ts', formats: ['iife'], name: 'Aide', fileName: () => 'aide.js' }
      : { entry: { index: 'src/index.ts' }, formats: ['es'] },
    rolldownOptions: {
      // Vite's lib mode keeps whitespace in ES output (for consumers' tree-shaking); the widget
      // bundles its own Preact and is served as is from a CDN, so minify it fully: the size
      // budgets measure what a host page actually downloads.
      output: iife ? { minify: true } : { chunkFileNames: '[name]-[hash].js', minify: true },
    },
  },
});
