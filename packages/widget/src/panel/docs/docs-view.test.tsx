import { screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { fakeClient, fakeConfig, fakeMe, renderInPanel } from '../../test/panel-harness';
import { DocsView } from './docs-view';

const config = fakeConfig({
  docs: [
    {
      id: 'd1',
      title: 'Créer une facture',
      url: 'https://docs.example.com/factures',
      kind: 'doc',
      tags: ['facturation'],
      routes: ['/factures/*'],
    },
    {
      id: 'd2',
      title: 'Vidéo : premiers pas',
      url: 'https://videos.example.com/debut',
      kind: 'video',
      tags: [],
      routes: [],
    },
    {
      id: 'd3',
      title: 'Gérer les équipes',
      url: 'https://docs.example.com/equipes',
      kind: 'doc',
      tags: ['droits'],
      routes: ['/equipes'],
    },
  ],
});

function renderDocs(route: string, configAnswer: () => Promise<unknown> = async () => config) {
  return renderInPanel(<DocsView />, {
    client: fakeClient({ me: async () => fakeMe(), config: configAnswer }),
    options: {
      route,
      docs: [
        {
          title: 'Guide de l’éditeur',
          url: 'https://vendor.example.com/guide',
          routes: ['/factures/*'],
        },
      ],
    },
  });
}

it('lists the links for the current route first, then the others', async () => {
  renderDocs('/factures/2026-042');
  const forPage = await screen.findByRole('region', { name: 'Pour cette page' });
  expect(
    within(forPage)
      .getAllByRole('link')
      .map((link) => link.textContent),
  ).toEqual([
    'ArticleGuide de l’éditeur (s’ouvre dans un nouvel onglet)',
    'ArticleCréer une facture (s’ouvre dans un nouvel onglet)',
  ]);
  const others = screen.getByRole('region', { name: 'Toute la documentation' });
  expect(within(others).getAllByRole('link')).toHaveLength(2);
});

it('opens links in a new tab without giving the page access to the widget', async () => {
  renderDocs('/');
  const link = await screen.findByRole('link', { name: /Vidéo : premiers pas/ });
  expect(link).toHaveAttribute('href', 'https://videos.example.com/debut');
  expect(link).toHaveAttribute('target', '_blank');
  expect(link).toHaveAttribute('rel', 'noopener noreferrer');
});

it('searches titles and tags, ignoring case and accents', async () => {
  const user = userEvent.setup();
  renderDocs('/');
  await screen.findByRole('link', { name: /Créer une facture/ });
  await user.type(
    screen.getByRole('searchbox', { name: 'Rechercher dans la documentation' }),
    'EQUIPES',
  );
  expect(screen.getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual([
    'https://docs.example.com/equipes',
  ]);
  expect(screen.getByText('1 résultat')).toBeInTheDocument();
  await user.clear(screen.getByRole('searchbox'));
  await user.type(screen.getByRole('searchbox'), 'droits');
  expect(screen.getAllByRole('link')).toHaveLength(1);
  await user.type(screen.getByRole('searchbox'), ' introuvable');
  expect(screen.getByText('Aucun résultat trouvé')).toBeVisible();
  expect(screen.queryByRole('link')).toBeNull();
});

it('keeps the host links when the server fails, and offers a retry', async () => {
  const user = userEvent.setup();
  let calls = 0;
  renderDocs('/factures/1', async () => {
    calls++;
    if (calls === 1) {
      throw new Error('offline');
    }
    return config;
  });
  expect(await screen.findByRole('alert')).toHaveTextContent('Une erreur est survenue.');
  expect(screen.getByRole('link', { name: /Guide de l’éditeur/ })).toBeVisible();
  await user.click(screen.getByRole('button', { name: 'Réessayer' }));
  expect(await screen.findByRole('link', { name: /Créer une facture/ })).toBeVisible();
  expect(screen.queryByRole('alert')).toBeNull();
});

it('refuses host links that are not web addresses', async () => {
  renderInPanel(<DocsView />, {
    client: null,
    options: {
      docs: [
        { title: 'Piège', url: 'javascript:alert(1)' },
        { title: 'Aide en ligne', url: 'https://help.example.com' },
      ],
    },
  });
  expect(await screen.findByRole('link', { name: /Aide en ligne/ })).toBeVisible();
  expect(screen.queryByRole('link', { name: /Piège/ })).toBeNull();
});
