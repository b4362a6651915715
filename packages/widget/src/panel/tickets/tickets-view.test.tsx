import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSummaries } from './fixtures';
import {
  createTicketsPanel,
  type TicketsPanel,
  TicketsPanelProvider,
  type TicketsSetup,
} from './harness';
import { TicketsView } from './tickets-view';

afterEach(cleanup);

function renderList(setup: TicketsSetup = {}): TicketsPanel {
  const context = createTicketsPanel(setup);
  render(
    <TicketsPanelProvider value={context}>
      <TicketsView />
    </TicketsPanelProvider>,
  );
  return context;
}

function rows() {
  return within(screen.getByRole('list', { name: 'Demandes' })).getAllByRole('listitem');
}

describe('TicketsView', () => {
  it('shows a loading placeholder, then each ticket with number, status, subject and dates', async () => {
    renderList({ tickets: makeSummaries(3), delayMs: 20 });
    expect(screen.getByText('Chargement des demandes…').closest('[role="status"]')).toHaveAttribute(
      'aria-busy',
      'true',
    );
    const list = await screen.findByRole('list', { name: 'Demandes' });
    const first = within(list).getAllByRole('listitem')[0]!;
    expect(first).toHaveTextContent('n° 10000');
    expect(first).toHaveTextContent('Déclaré');
    expect(first).toHaveTextContent('La facture de novembre ne s’affiche pas');
    expect(first).toHaveTextContent('Créée le 22 nov. 2026');
    expect(first).toHaveTextContent('Activité il y a 45 minutes');
  });

  it('always shows the reason of a resolved or closed ticket', async () => {
    const user = userEvent.setup();
    renderList({ tickets: makeSummaries(7) });
    await screen.findByRole('list', { name: 'Demandes' });
    await user.selectOptions(screen.getByLabelText('Statut'), 'closed');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows()[0]).toHaveTextContent('Résolu · Corrigé');
    expect(rows()[1]).toHaveTextContent('Fermé · Corrigé');
  });

  it('filters by status and category, and searches by text after a pause in typing', async () => {
    const user = userEvent.setup();
    const { client } = renderList({ tickets: makeSummaries(12) });
    await screen.findByRole('list', { name: 'Demandes' });
    await user.selectOptions(screen.getByLabelText('Statut'), 'escalated');
    await waitFor(() =>
      expect(rows().every((row) => row.textContent?.includes('Escalade technique'))).toBe(true),
    );
    await user.selectOptions(screen.getByLabelText('Statut'), 'all');
    await user.selectOptions(screen.getByLabelText('Catégorie'), 'billing.question');
    await screen.findByText('Aucun résultat trouvé');
    await user.selectOptions(screen.getByLabelText('Catégorie'), '');
    await screen.findByRole('list', { name: 'Demandes' });
    await user.type(screen.getByLabelText('Rechercher (numéro, objet)'), 'TVA');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(rows().every((row) => row.textContent?.includes('TVA'))).toBe(true);
    // One request for the whole word, not one per key.
    expect(client.calls.filter((call) => JSON.stringify(call.args).includes('"q"'))).toHaveLength(
      1,
    );
  });

  it('says "Aucun résultat trouvé" when filters match nothing, and clears them', async () => {
    const user = userEvent.setup();
    renderList({ tickets: makeSummaries(5) });
    await screen.findByRole('list', { name: 'Demandes' });
    await user.type(screen.getByLabelText('Rechercher (numéro, objet)'), 'zzz');
    expect(await screen.findByText('Aucun résultat trouvé')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Effacer les filtres' }));
    await screen.findByRole('list', { name: 'Demandes' });
    expect(screen.getByLabelText('Rechercher (numéro, objet)')).toHaveValue('');
  });

  it('tells a user without tickets that there are none yet', async () => {
    renderList({ tickets: [] });
    expect(
      await screen.findByText('Vous n’avez aucune demande pour le moment.'),
    ).toBeInTheDocument();
  });

  it('shows an error with a retry that loads the list', async () => {
    const user = userEvent.setup();
    const { client } = renderList({ failList: true });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Impossible de charger vos demandes.');
    client.listTickets = createTicketsPanel().client.listTickets;
    await user.click(within(alert).getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('list', { name: 'Demandes' })).toBeInTheDocument();
  });

  it('offers mine / company only to users who may see the company’s tickets', async () => {
    const user = userEvent.setup();
    const { client } = renderList({ canSeeCompany: true });
    const company = await screen.findByRole('radio', { name: 'Toute l’entreprise' });
    await user.click(company);
    await waitFor(() => expect(client.calls.at(-1)?.args[0]).toMatchObject({ scope: 'company' }));
    cleanup();
    renderList({ canSeeCompany: false });
    await screen.findByRole('list', { name: 'Demandes' });
    expect(screen.queryByRole('radio', { name: 'Toute l’entreprise' })).toBeNull();
  });

  it('loads the next page on demand', async () => {
    const user = userEvent.setup();
    renderList({ tickets: makeSummaries(45), pageSize: 20 });
    await user.selectOptions(await screen.findByLabelText('Statut'), 'all');
    await waitFor(() => expect(rows()[0]).toHaveAttribute('aria-setsize', '20'));
    await user.click(screen.getByRole('button', { name: 'Afficher plus de demandes' }));
    await waitFor(() => expect(rows()[0]).toHaveAttribute('aria-setsize', '40'));
    await user.click(screen.getByRole('button', { name: 'Afficher plus de demandes' }));
    await waitFor(() => expect(rows()[0]).toHaveAttribute('aria-setsize', '45'));
    expect(screen.queryByRole('button', { name: 'Afficher plus de demandes' })).toBeNull();
  });

  it('keeps the DOM bounded with 10,000 tickets and moves through them with the keyboard', async () => {
    const user = userEvent.setup();
    const { panel } = renderList({ tickets: makeSummaries(10_000), pageSize: 10_000 });
    await user.selectOptions(await screen.findByLabelText('Statut'), 'all');
    await waitFor(() => expect(rows()[0]).toHaveAttribute('aria-setsize', '10000'));
    expect(rows().length).toBeLessThanOrEqual(20);

    const first = within(rows()[0]!).getByRole('button');
    first.focus();
    await user.keyboard('{End}');
    const last = document.activeElement as HTMLElement;
    expect(last.closest('li')).toHaveAttribute('aria-posinset', '10000');
    expect(last).toHaveTextContent('n° 1');
    expect(rows().length).toBeLessThanOrEqual(20);
    await user.keyboard('{ArrowUp}');
    expect((document.activeElement as HTMLElement).closest('li')).toHaveAttribute(
      'aria-posinset',
      '9999',
    );
    // One Tab stop for the whole list.
    expect(
      screen
        .getAllByRole('button')
        .filter((button) => button.tabIndex === 0 && button.closest('li')),
    ).toHaveLength(1);

    await user.keyboard('{Enter}');
    expect(panel.view.value).toEqual({ name: 'ticket', id: 'tkt_9999' });
  });

  it('renders the rows for the scrolled position', async () => {
    const user = userEvent.setup();
    renderList({ tickets: makeSummaries(1000), pageSize: 1000 });
    await user.selectOptions(await screen.findByLabelText('Statut'), 'all');
    await waitFor(() => expect(rows()[0]).toHaveAttribute('aria-setsize', '1000'));
    const scroller = screen.getByRole('list', { name: 'Demandes' }).parentElement!;
    scroller.scrollTop = 76 * 500;
    scroller.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(screen.getByText('n° 9500')).toBeInTheDocument());
    expect(screen.queryByText('n° 9990')).not.toBeInTheDocument();
    expect(rows().length).toBeLessThanOrEqual(22);
  });
});
