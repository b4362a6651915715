import type { Meta, StoryObj } from '@storybook/preact-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import panelCss from '../styles/panel.css?inline';
import tokensCss from '../styles/tokens.css?inline';
import { Panel } from './panel';

const meta = {
  title: 'Panel/Panel',
  component: Panel,
  args: { title: 'Aide', closeLabel: 'Fermer', onClose: fn() },
  decorators: [
    (Story) => (
      <div>
        <style>{tokensCss.replace(':host', '.aide-story')}</style>
        <style>{panelCss}</style>
        <div class="aide-story">
          <Story />
        </div>
      </div>
    ),
  ],
} satisfies Meta<typeof Panel>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const ClosesOnEscape: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('dialog', { name: 'Aide' }), '{Escape}');
    await expect(args.onClose).toHaveBeenCalledOnce();
  },
};
