import type { StorybookConfig } from '@storybook/preact-vite';

const config: StorybookConfig = {
  framework: '@storybook/preact-vite',
  stories: ['../packages/widget/src/**/*.mdx', '../packages/widget/src/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  core: { disableTelemetry: true },
  viteFinal: (viteConfig) => {
    viteConfig.resolve ??= {};
    viteConfig.resolve.conditions = ['@aide/source', 'browser', 'module', 'import', 'default'];
    // Pre-bundle the runtime up front: discovered mid-run, it is optimized twice and a story can
    // get preact/hooks bound to another copy of preact ("reading '__H'").
    viteConfig.optimizeDeps ??= {};
    viteConfig.optimizeDeps.include = [
      ...(viteConfig.optimizeDeps.include ?? []),
      'preact',
      'preact/hooks',
      'preact/jsx-runtime',
      'preact/jsx-dev-runtime',
      '@preact/signals',
      'zod',
      'ky',
    ];
    // The dependency scanner must read our .tsx as Preact JSX too; otherwise it looks for
    // react/jsx-dev-runtime, gives up scanning, and discovers dependencies mid-run (Vite then
    // reloads and can leave two copies of Preact, hooks bound to the wrong one).
    viteConfig.optimizeDeps ??= {};
    viteConfig.optimizeDeps.rolldownOptions = {
      ...viteConfig.optimizeDeps.rolldownOptions,
      transform: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    };
    return viteConfig;
  },
};

export default config;
