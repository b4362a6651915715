import type { ConfigResponse } from '@aide/core';
import type { Meta, StoryObj } from '@storybook/preact-vite';
import { expect, userEvent, within } from 'storybook/test';
import { type StoryClientOptions, storyClient } from '../../test/fakes';
import { StoryFrame, StoryPanel } from '../shell/story-frame';
import { DocsView } from './docs-view';

const docs: ConfigResponse['docs'] = [
  {
    id: 'd1',
    title: 'Créer et envoyer une facture',
    url: 'https://docs.example.com/factures/creer',
    kind: 'doc',
    tags: ['facture'],
    routes: ['/factures/*'],
  },
  {
    id: 'd2',
    title: 'Relancer un client en retard de paiement',
    url: 'https://docs.example.com/factures/relance',
    kind: 'doc',
    tags: ['facture', 'relance'],
    routes: ['/factures/*'],
  },
  {
    id: 'd3',
    title: 'Vidéo : premiers pas avec Acme',
    url: 'https://videos.example.com/premiers-pas',
    kind: 'video',
    tags: ['démarrage'],
    routes: [],
  },
  {
    id: 'd4',
    title: 'Gérer les droits des utilisateurs',
    url: 'https://docs.example.com/utilisateurs/droits',
    kind: 'doc',
    tags: ['sécurité'],
    routes: ['/parametres/*'],
  },
];

interface DocsStoryArgs extends StoryClientOptions {
  route: string;
  theme: 'light' | 'dark';
  server: boolean;
}

function DocsStory(args: DocsStoryArgs) {
  return (
    <StoryFrame theme={args.theme}>
      <StoryPanel
        key={JSON.stringify(args)}
        input={{
          client: args.server ? storyClient(args) : null,
          options: {
            route: args.route,
            docs: [
              {
                title: 'Guide de l’éditeur (lien de l’hôte)',
                url: 'https://vendor.example.com/guide',
              },
            ],
          },
        }}
      >
        <div class="panel" role="dialog" aria-label="Aide">
          <div class="panel-body">
            <DocsView />
          </div>
        </div>
      </StoryPanel>
    </StoryFrame>
  );
}

const meta = {
  title: 'Panel/Documentation',
  component: DocsStory,
  args: { route: '/factures/2026-042', theme: 'light', server: true, docs },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    session: { control: 'inline-radio', options: ['ready', 'loading', 'error'] },
  },
} satisfies Meta<typeof DocsStory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const RouteMatch: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const forPage = await canvas.findByRole('region', { name: 'Pour cette page' });
    await expect(within(forPage).getAllByRole('link')).toHaveLength(2);
  },
};

export const NoRouteMatch: Story = { args: { route: '/tableau-de-bord' } };

export const Searching: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('searchbox'), 'relance');
    await expect(await canvas.findByRole('link', { name: /Relancer un client/ })).toBeVisible();
  },
};

export const NoResults: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(canvas.getByRole('searchbox'), 'zzz');
    await expect(await canvas.findByText('Aucun résultat trouvé')).toBeVisible();
  },
};

export const Loading: Story = { args: { session: 'loading' } };

export const LoadError: Story = { args: { session: 'error' } };

export const HostLinksOnly: Story = { args: { server: false } };

export const Dark: Story = { args: { theme: 'dark' } };
