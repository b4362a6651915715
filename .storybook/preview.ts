import type { Preview } from '@storybook/preact-vite';

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    // Every story is checked by axe; a violation fails the story's test.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i } },
  },
};

export default preview;
