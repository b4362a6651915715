import { builtinModules } from 'node:module';
import { defaultServerConditions, defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

// The server builds to runnable Node ESM: @aide/core is bundled from source, npm dependencies
// stay external and are installed beside it.
const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies).filter((name) => name !== '@aide/core'),
];

export default defineConfig({
  resolve: { conditions: ['@aide/source', ...defaultServerConditions] },
  ssr: { resolve: { conditions: ['@aide/source', ...defaultServerConditions] } },
  build: {
    target: 'node20',
    ssr: true,
    outDir: 'dist',
    sourcemap: true,
    rolldownOptions: {
      input: { main: 'src/main.ts', index: 'src/index.ts' },
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
