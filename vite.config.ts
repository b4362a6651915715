import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './examples/demo/src/chromium';

// Debian's Chromium, never a downloaded browser, with the flags every tool here uses. Vitest
// mutates `instances`: every browser project gets a fresh options object.
function browser() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({
      launchOptions: { executablePath: chromiumPath, args: [...chromiumArgs] },
    }),
    instances: [{ browser: 'chromium' as const }],
  };
}

// Every package resolves its workspace dependencies to their src/ (see each `exports` map).
const source = {
  resolve: { conditions: ['@aide/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@aide/source', ...defaultServerConditions] } },
};
const jsx = { runtime: 'automatic' as const, importSource: 'preact' };
// The dependency scanner must read .tsx as Preact JSX too: otherwise it looks for
// react/jsx-dev-runtime, gives up, and dependencies found mid-run make Vite reload the browser
// tests with a second copy of some modules (zod's config, Preact's hooks).
const preactJsx = { oxc: { jsx }, optimizeDeps: { rolldownOptions: { transform: { jsx } } } };

export default defineConfig({
  test: {
    projects: [
      {
        ...source,
        test: {
          name: 'core',
          environment: 'node',
          include: ['packages/core/src/**/*.test.ts'],
          // Every project runs at once on CI's two cores: room for a test slowed several times.
          testTimeout: 20_000,
        },
      },
      {
        ...source,
        test: {
          name: 'server',
          environment: 'node',
          include: ['packages/server/src/**/*.test.ts'],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        ...source,
        ...preactJsx,
        test: {
          name: 'widget',
          environment: 'happy-dom',
          include: ['packages/widget/src/**/*.test.{ts,tsx}'],
          exclude: ['**/*.browser.test.{ts,tsx}'],
          setupFiles: [
            'packages/widget/src/test/setup-dom.ts',
            'packages/widget/src/test/async-timeouts.ts',
          ],
          // Every project runs at once on CI's two cores: room for a test slowed several times.
          testTimeout: 20_000,
        },
      },
      {
        ...source,
        ...preactJsx,
        test: {
          name: 'browser',
          include: ['packages/*/src/**/*.browser.test.{ts,tsx}'],
          setupFiles: ['packages/widget/src/test/setup-dom.ts'],
          // expect.poll gives up after 1 s by default; Chromium on CI's busy cores needs more.
          expect: { poll: { timeout: 10_000 } },
          browser: browser(),
        },
      },
      {
        ...source,
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: { name: 'storybook', browser: browser() },
      },
      {
        // Reliability and security suite (examples/reliability): real server processes, a fault
        // proxy, Chromium. The same files run at a larger scale under `pnpm test:stress`.
        ...source,
        test: {
          name: 'reliability',
          environment: 'node',
          include: ['examples/reliability/suites/**/*.reliability.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          maxWorkers: 1,
          pool: 'forks',
        },
      },
      {
        // User journeys in Debian's Chromium (playwright-core) against the real demo stack that
        // examples/e2e/src/global-setup.ts starts on free ports: one file at a time, one fork.
        ...source,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['examples/e2e/**/*.e2e.test.ts'],
          globalSetup: ['examples/e2e/src/global-setup.ts'],
          setupFiles: ['examples/e2e/src/timing.ts'],
          testTimeout: 120_000,
          // expect.poll gives up after 1 s by default: too little for Chromium and the demo stack
          // on a CI machine running every project at once.
          expect: { poll: { timeout: 15_000 } },
          hookTimeout: 180_000,
          fileParallelism: false,
          maxWorkers: 1,
          pool: 'forks',
        },
      },
    ],
  },
});
