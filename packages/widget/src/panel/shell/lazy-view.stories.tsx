import type { Meta, StoryObj } from '@storybook/preact-vite';
import { expect, within } from 'storybook/test';
import { lazyView } from './lazy-view';
import { StoryFrame, StoryPanel } from './story-frame';

// What a user sees in a tab whose code is still on its way, or could not be fetched (offline,
// CDN down). The loaders below never settle or always fail, so each state stays on screen.

const loading = lazyView<object>(() => new Promise(() => undefined));
const unreachable = lazyView<object>(() =>
  Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
);

function LazyViewStory(props: { state: 'loading' | 'failed'; theme: 'light' | 'dark' }) {
  const View = props.state === 'loading' ? loading.View : unreachable.View;
  return (
    <StoryFrame theme={props.theme} width={420}>
      <StoryPanel input={{ client: null }}>
        <section class="panel view" aria-label="Nouvelle demande">
          <View />
        </section>
      </StoryPanel>
    </StoryFrame>
  );
}

const meta = {
  title: 'Panel/Shell/Lazy view',
  component: LazyViewStory,
  tags: ['autodocs'],
  args: { state: 'loading', theme: 'light' },
  argTypes: {
    state: { control: 'inline-radio', options: ['loading', 'failed'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
} satisfies Meta<typeof LazyViewStory>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Loading: Story = {
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status');
    await expect(status).toHaveAttribute('aria-busy', 'true');
    await expect(status).toHaveTextContent('Chargement…');
  },
};

export const ChunkUnreachable: Story = {
  args: { state: 'failed' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'Impossible de charger ce contenu.',
    );
    await expect(canvas.getByRole('button', { name: 'Réessayer' })).toBeVisible();
  },
};

export const ChunkUnreachableDark: Story = {
  args: { state: 'failed', theme: 'dark' },
};
