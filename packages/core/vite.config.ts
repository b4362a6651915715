import { defineConfig } from 'vite';

// Core ships as plain ESM, one file per public entry; zod and ky stay external so the
// host's bundler dedupes them.
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
      },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^zod/, /^ky/],
    },
  },
});
