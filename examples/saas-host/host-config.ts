import { fileURLToPath } from 'node:url';
import { defaultClientConditions, type InlineConfig } from 'vite';
import { talentiaBackend } from './backend/plugin';

/**
 * Vite config of the Talentia example, shared by `vite.config.ts` (stand-alone `pnpm dev`) and
 * the demo stack (which picks the ports).
 */
export function talentiaConfig(options: {
  aideServer: string;
  port?: number;
  /** Reload the page when a source changes (on by default; the e2e journeys turn it off). */
  hotReload?: boolean;
}): InlineConfig {
  const hotReload = options.hotReload ?? true;
  return {
    root: fileURLToPath(new URL('.', import.meta.url)),
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    // Run the workspace's widget from source (see the root vite.config.ts); a vendor's app gets
    // the same module from npm.
    resolve: { conditions: ['@aide/source', ...defaultClientConditions] },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    // The dependency scan reads the widget's .tsx too: it needs the same JSX runtime.
    optimizeDeps: {
      rolldownOptions: { transform: { jsx: { runtime: 'automatic', importSource: 'preact' } } },
    },
    plugins: [talentiaBackend({ aideServer: options.aideServer })],
    server: {
      host: '127.0.0.1',
      port: options.port ?? 5173,
      strictPort: true,
      ...(hotReload ? {} : { hmr: false, watch: { ignored: ['**/*'] } }),
    },
    appType: 'spa',
  };
}
