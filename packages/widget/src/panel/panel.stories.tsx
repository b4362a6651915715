import type { Meta, StoryObj } from '@storybook/preact-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { type StoryClientOptions, storyClient } from '../test/fakes';
import { Panel } from './panel';
import { StoryFrame, StoryPanel } from './shell/story-frame';

interface PanelStoryArgs {
  session: NonNullable<StoryClientOptions['session']>;
  theme: 'light' | 'dark';
  locale: 'fr' | 'en' | 'es';
  admin: boolean;
  width: number;
  onClose: () => void;
}

const docs = [
  {
    id: 'd1',
    title: 'Créer une facture',
    url: 'https://docs.example.com/factures',
    kind: 'doc' as const,
    tags: ['facture'],
    routes: ['/factures/*'],
  },
  {
    id: 'd2',
    title: 'Vidéo : premiers pas',
    url: 'https://videos.example.com/premiers-pas',
    kind: 'video' as const,
    tags: [],
    routes: [],
  },
];

function PanelStory(args: PanelStoryArgs) {
  return (
    <StoryFrame theme={args.theme} width={args.width}>
      <StoryPanel
        key={`${args.locale}-${args.admin}-${args.session}`}
        input={{
          client: storyClient({ admin: args.admin, docs, session: args.session }),
          options: {
            locale: args.locale,
            route: '/factures/42',
            server: 'https://support.example.com',
          },
        }}
      >
        <Panel onClose={args.onClose} />
      </StoryPanel>
    </StoryFrame>
  );
}

const meta = {
  title: 'Panel/Panel',
  component: PanelStory,
  args: { session: 'ready', theme: 'light', locale: 'fr', admin: true, width: 420, onClose: fn() },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    session: { control: 'inline-radio', options: ['ready', 'loading', 'error'] },
    locale: { control: 'inline-radio', options: ['fr', 'en', 'es'] },
    width: { control: { type: 'range', min: 320, max: 640, step: 20 } },
  },
} satisfies Meta<typeof PanelStory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const Loading: Story = { args: { session: 'loading' } };

export const LoadError: Story = { args: { session: 'error' } };

export const MemberOnNewRequest: Story = {
  args: { admin: false },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('tab', { name: 'Nouvelle demande' }));
    await expect(
      await canvas.findByRole('heading', {
        name: 'Seuls les administrateurs peuvent ouvrir une demande',
      }),
    ).toBeVisible();
  },
};

export const AdminOnNewRequest: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('tab', { name: 'Nouvelle demande' }));
    await expect(
      await canvas.findByRole('heading', { name: 'De quoi avez-vous besoin ?' }),
    ).toBeVisible();
  },
};

export const Dark: Story = { args: { theme: 'dark' } };

export const English: Story = { args: { locale: 'en' } };

export const Phone: Story = { args: { width: 360 } };

export const ClosesOnEscape: Story = {
  play: async ({ args, canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByRole('dialog', { name: 'Aide' }), '{Escape}');
    await expect(args.onClose).toHaveBeenCalledOnce();
  },
};
