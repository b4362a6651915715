import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import {
  agentAuthor,
  fixedNow,
  makeDetail,
  makeMessage,
  makeSla,
  makeThread,
  makeTicket,
} from './fixtures';
import {
  createTicketsPanel,
  type TicketsPanel,
  TicketsPanelProvider,
  type TicketsSetup,
} from './harness';
import { TicketDetailView } from './ticket-detail-view';

afterEach(cleanup);

function renderDetail(setup: TicketsSetup = {}, id = 'tkt_42'): TicketsPanel {
  const context = createTicketsPanel(setup);
  render(
    <TicketsPanelProvider value={context}>
      <TicketDetailView id={id} />
    </TicketsPanelProvider>,
  );
  return context;
}

const resolved = makeTicket({
  status: 'resolved',
  resolution: { reason: 'declined', duplicate_of: null },
  resolved_at: fixedNow.toISOString(),
});

describe('TicketDetailView', () => {
  it('shows the ticket, its SLA and one timeline of messages and history', async () => {
    renderDetail();
    expect(screen.getByText('Chargement de la demande…')).toBeInTheDocument();
    const article = await screen.findByRole('article', { name: /Demande n° 42/ });
    expect(within(article).getByRole('heading', { level: 3 })).toHaveTextContent(
      'Demande n° 42La facture de novembre ne s’affiche pas',
    );
    expect(article).toHaveTextContent('Pris en charge');
    expect(screen.getByRole('region', { name: 'Délais' })).toHaveTextContent(
      'RésolutionReste 5 h 45 min',
    );
    const history = within(
      screen.getByRole('region', { name: 'Échanges et historique' }),
    ).getAllByRole('listitem');
    const lines = history.map((item) => item.textContent ?? '');
    expect(lines[0]).toContain('Description');
    expect(lines.some((line) => line.includes('Statut : Déclaré → Pris en charge'))).toBe(true);
    expect(lines.some((line) => line.includes('Objet modifié : « Factures »'))).toBe(true);
    // The agent's Markdown is rendered, links open safely.
    expect(screen.getAllByText('Factures', { selector: 'strong' })).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'la FAQ' })).toHaveAttribute(
      'rel',
      'noopener noreferrer nofollow',
    );
    expect(screen.getByRole('button', { name: /Télécharger capture\.png/ })).toBeInTheDocument();
  });

  it('renders hostile agent content as inert text', async () => {
    const thread = makeThread();
    thread.messages.push(
      makeMessage({
        id: 'msg_x',
        author: agentAuthor,
        body: '<img src=x onerror=alert(1)> [clic](javascript:alert(1))',
      }),
    );
    renderDetail({ threads: { tkt_42: thread } });
    expect(await screen.findByText(/<img src=x onerror=alert\(1\)>/)).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
    expect(screen.queryByRole('link', { name: 'clic' })).toBeNull();
  });

  it('sends a reply that shows at once, with an idempotency key, and announces it', async () => {
    const user = userEvent.setup();
    const { client } = renderDetail({ delayMs: 10 });
    const box = await screen.findByLabelText('Votre message');
    await user.type(box, 'Toujours **bloqué**');
    await user.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(box).toHaveValue('');
    expect(screen.getByText('Envoi en cours…')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText('Envoi en cours…')).toBeNull());
    expect(screen.getByText('bloqué', { selector: 'strong' })).toBeInTheDocument();
    expect(await screen.findByText('Réponse envoyée.')).toBeInTheDocument();
    const call = client.calls.find((entry) => entry.method === 'reply');
    expect(call?.args[1]).toEqual({ body: 'Toujours **bloqué**', attachments: [] });
    expect(call?.args[2]).toMatchObject({ idempotencyKey: expect.any(String) });
  });

  it('keeps a failed reply in the thread with a way to send it again', async () => {
    const user = userEvent.setup();
    renderDetail({ failReply: true });
    await user.type(await screen.findByLabelText('Votre message'), 'Bonjour');
    await user.click(screen.getByRole('button', { name: 'Envoyer' }));
    expect(await screen.findByText('Non envoyé.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Renvoyer' })).toBeInTheDocument();
  });

  it('attaches files with the picker and sends them with the reply', async () => {
    const user = userEvent.setup();
    const { client } = renderDetail({ delayMs: 10 });
    await screen.findByLabelText('Votre message');
    await user.upload(
      screen.getByLabelText('Joindre des fichiers'),
      new File(['log'], 'journal.txt', { type: 'text/plain' }),
    );
    expect(await screen.findByRole('button', { name: 'Retirer journal.txt' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    await user.type(screen.getByLabelText('Votre message'), 'Voici le journal');
    await user.click(screen.getByRole('button', { name: 'Envoyer' }));
    await waitFor(() =>
      expect(client.calls.find((entry) => entry.method === 'reply')?.args[1]).toEqual({
        body: 'Voici le journal',
        attachments: ['att_journal.txt'],
      }),
    );
  });

  it('closes after a confirmation, with an optional comment', async () => {
    const user = userEvent.setup();
    const { client } = renderDetail();
    await user.click(await screen.findByRole('button', { name: 'Fermer la demande…' }));
    expect(screen.getByText(/Fermer définitivement cette demande/)).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('button', { name: 'Fermer la demande…' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Fermer la demande…' }));
    await user.type(screen.getByLabelText('Commentaire (facultatif)'), 'Plus besoin');
    await user.click(screen.getByRole('button', { name: 'Confirmer la fermeture' }));
    expect(await screen.findByText('Demande fermée.')).toBeInTheDocument();
    expect(client.calls.find((entry) => entry.method === 'close')?.args).toEqual([
      'tkt_42',
      { comment: 'Plus besoin' },
    ]);
    expect(screen.getByRole('article')).toHaveTextContent('Fermé');
    expect(screen.queryByLabelText('Votre message')).toBeNull();
  });

  it('shows the reason of a resolution and reopens within the window', async () => {
    const user = userEvent.setup();
    renderDetail({ details: { tkt_42: makeDetail(resolved) } });
    expect(await screen.findByText('Motif : Refusé')).toBeInTheDocument();
    expect(
      screen.getByText(/Vous pouvez rouvrir cette demande jusqu’au 29 nov\. 2026/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Rouvrir la demande' }));
    expect(await screen.findByText('Demande rouverte.')).toBeInTheDocument();
    expect(screen.getByRole('article')).toHaveTextContent('Pris en charge');
    expect(screen.queryByRole('button', { name: 'Rouvrir la demande' })).toBeNull();
  });

  it('rates once with a comment, then shows the rating given', async () => {
    const user = userEvent.setup();
    const { client } = renderDetail({ details: { tkt_42: makeDetail(resolved) } });
    const good = await screen.findByRole('button', { name: /Satisfait/ });
    expect(screen.queryByRole('button', { name: 'Envoyer mon avis' })).toBeNull();
    await user.click(good);
    expect(good).toHaveAttribute('aria-pressed', 'true');
    await user.type(screen.getByLabelText('Un commentaire ? (facultatif)'), 'Merci');
    await user.click(screen.getByRole('button', { name: 'Envoyer mon avis' }));
    expect(await screen.findByText('Votre avis : Satisfait')).toBeInTheDocument();
    expect(screen.getByText('Merci', { selector: 'blockquote' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Pas satisfait/ })).toBeNull();
    expect(client.calls.filter((entry) => entry.method === 'rate')).toEqual([
      { method: 'rate', args: ['tkt_42', { score: 'good', comment: 'Merci' }] },
    ]);
  });

  it('shows the rating of a closed, rated ticket and nothing to do', async () => {
    const closed = makeTicket({
      status: 'closed',
      resolution: { reason: 'fixed', duplicate_of: null },
      rating: { score: 'bad', comment: null, rated_at: fixedNow.toISOString() },
    });
    renderDetail({ details: { tkt_42: makeDetail(closed, { allowed_actions: [] }) } });
    expect(await screen.findByText('Votre avis : Pas satisfait')).toBeInTheDocument();
    expect(screen.getByText('Motif : Corrigé')).toBeInTheDocument();
    expect(screen.queryByLabelText('Votre message')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Fermer la demande…' })).toBeNull();
  });

  it('says where a merged ticket continues and links to it', async () => {
    const user = userEvent.setup();
    const merged = makeTicket({
      merged_into: 'tkt_7',
      status: 'closed',
      resolution: { reason: 'duplicate', duplicate_of: 'tkt_7' },
    });
    const thread = makeThread();
    thread.events.push({
      id: 'evt_m',
      ticket_id: 'tkt_42',
      at: fixedNow.toISOString(),
      actor: agentAuthor,
      kind: 'merged',
      into: 'tkt_7',
      into_number: 7,
    });
    const { panel } = renderDetail({
      details: { tkt_42: makeDetail(merged, { allowed_actions: [] }) },
      threads: { tkt_42: thread },
    });
    expect(await screen.findByText(/fusionnée avec la demande n° 7/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Ouvrir la demande n° 7' }));
    expect(panel.view.value).toEqual({ name: 'ticket', id: 'tkt_7' });
  });

  it('shows a paused SLA while waiting on the customer, and a breached one', async () => {
    const waiting = makeTicket({ status: 'waiting_on_customer' });
    renderDetail({
      details: {
        tkt_42: makeDetail(waiting, { sla: makeSla({ clock: 'paused', remaining_minutes: 200 }) }),
      },
    });
    const sla = await screen.findByRole('region', { name: 'Délais' });
    expect(sla).toHaveTextContent('En pause · Reste 3 h 20 min');
    expect(sla).toHaveTextContent('Le délai est suspendu tant que nous attendons votre réponse.');
    cleanup();
    const late = makeTicket({ status: 'escalated' });
    renderDetail({
      details: {
        tkt_42: makeDetail(late, {
          sla: makeSla({
            breached: true,
            remaining_minutes: -130,
            breached_at: fixedNow.toISOString(),
          }),
        }),
      },
    });
    expect(await screen.findByRole('region', { name: 'Délais' })).toHaveTextContent(
      'Délai dépassé de 2 h 10 min',
    );
  });

  it('shows an error with a retry, and goes back to the list', async () => {
    const user = userEvent.setup();
    const { client, panel } = renderDetail({ failTicket: true });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Impossible de charger cette demande.');
    const healthy = createTicketsPanel().client;
    client.getTicket = healthy.getTicket;
    client.getThread = healthy.getThread;
    await user.click(within(alert).getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('article', { name: /Demande n° 42/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Retour à la liste' }));
    expect(panel.view.value).toEqual({ name: 'tickets' });
  });
});
