import type { Preview } from '@storybook/preact-vite';
import { configure } from 'storybook/test';

// Play functions' findBy*/waitFor give up after 1 s by default; CI runs every test project at
// once on two cores, where a lazily loaded view can take several times longer to show. They
// return as soon as their condition holds, so a passing story is no slower for it.
configure({ asyncUtilTimeout: 10_000 });

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    // Every story is checked by axe; a violation fails the story's test.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i } },
  },
};

export default preview;
