import { defineConfig } from 'vite';

// Core ships as plain ESM, one file per public entry; zod and ky stay external so the
// host's bundler dedupes them. src/zod.ts is an entry of its own so that dist/zod.js, listed in
// package.json `sideEffects`, is where its jitless call lands.
export default defineConfig({
  build: {
    target: 'es2022',
    minify: false,
    sourcemap: true,
    lib: {
      entry: {
        index: 'src/index.ts',
        'i18n/en': 'src/i18n/en.ts',
        'i18n/es': 'src/i18n/es.ts',
        openapi: 'src/contract/openapi.ts',
        zod: 'src/zod.ts',
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^zod/, /^ky/],
    },
  },
});
