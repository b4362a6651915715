import { AideError, type TicketDetail } from '@aide/core';
import { screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { beforeEach, expect, it, vi } from 'vitest';
import { fakeClient, fakeConfig, fakeMe, renderInPanel } from '../../test/panel-harness';
import { NewTicketView } from './new-ticket-view';

const server = 'https://support.test';

function client(methods: Record<string, unknown> = {}, admin = true) {
  return fakeClient({
    me: async () => fakeMe({ admin, administrators: ['Ada Lovelace', 'Grace Hopper'] }),
    config: async () => fakeConfig(),
    similarTickets: async () => ({ items: [] }),
    ...methods,
  });
}

function detail(number: number): TicketDetail {
  return { ticket: { id: `t${number}`, number } } as unknown as TicketDetail;
}

function renderView(methods: Record<string, unknown> = {}, admin = true) {
  return renderInPanel(<NewTicketView />, {
    client: client(methods, admin),
    options: { server, route: '/factures/42', context: { appVersion: '4.2.0' } },
    hostContext: () => ({ appVersion: '4.2.0', entities: [{ label: 'Candidat', value: '#42' }] }),
    storage: localStorage,
    view: { name: 'new' },
  });
}

async function loaded(panel: ReturnType<typeof renderView>['panel']) {
  await panel.session.load();
}

async function fillQuestion(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: 'Question' }));
  await user.type(screen.getByRole('textbox', { name: /^Objet/ }), 'Export impossible');
  await user.type(screen.getByRole('textbox', { name: /^Description/ }), 'Le bouton ne fait rien.');
  await user.click(screen.getByRole('checkbox', { name: /J'accepte/ }));
}

beforeEach(() => localStorage.clear());

it('tells a member that only administrators can open a ticket, and who they are', async () => {
  const { panel } = renderView({}, false);
  await loaded(panel);
  expect(
    await screen.findByRole('heading', {
      name: 'Seuls les administrateurs peuvent ouvrir une demande',
    }),
  ).toBeVisible();
  const admins = screen.getByRole('list');
  expect(
    within(admins)
      .getAllByRole('listitem')
      .map((item) => item.textContent),
  ).toEqual(['Ada Lovelace', 'Grace Hopper']);
  expect(screen.queryByRole('button', { name: /Question/ })).toBeNull();
});

it('offers the categories by group, then the chosen category form', async () => {
  const user = userEvent.setup();
  renderView();
  const security = await screen.findByRole('region', { name: 'Sécurité' });
  await user.click(within(security).getByRole('button', { name: /Suppression d'utilisateurs/ }));
  expect(screen.getByRole('form', { name: "Suppression d'utilisateurs" })).toBeVisible();
  const employees = screen.getByRole('group', { name: /Collaborateurs concernés/ });
  expect(within(employees).getByRole('group', { name: 'Employé 1' })).toBeVisible();
  await user.click(within(employees).getByRole('button', { name: 'Ajouter un employé' }));
  expect(within(employees).getByRole('group', { name: 'Employé 2' })).toBeVisible();
  await user.click(within(employees).getByRole('button', { name: 'Retirer l’employé 2' }));
  expect(within(employees).queryByRole('group', { name: 'Employé 2' })).toBeNull();
});

it('shows inline errors on blur and on submit, and moves focus to the first one', async () => {
  const user = userEvent.setup();
  const createTicket = vi.fn();
  renderView({ createTicket });
  await user.click(await screen.findByRole('button', { name: /Suppression d'utilisateurs/ }));
  const subject = screen.getByRole('textbox', { name: /^Objet/ });
  await user.click(subject);
  await user.tab();
  expect(subject).toHaveAttribute('aria-invalid', 'true');
  expect(subject).toHaveAccessibleDescription(expect.stringContaining('Ce champ est obligatoire.'));
  expect(screen.getByRole('textbox', { name: /^Description/ })).not.toHaveAttribute('aria-invalid');

  await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }));
  expect(await screen.findByRole('alert')).toHaveTextContent(/Corrigez les champs signalés/);
  expect(subject).toHaveFocus();
  expect(screen.getByRole('textbox', { name: /^Nom et prénom/ })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  expect(screen.getByRole('checkbox', { name: /J'accepte/ })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  expect(createTicket).not.toHaveBeenCalled();
});

it('marks required fields for sighted and screen reader users', async () => {
  const user = userEvent.setup();
  renderView();
  await user.click(await screen.findByRole('button', { name: 'Question' }));
  expect(screen.getByRole('textbox', { name: 'Objet (obligatoire)' })).toBeRequired();
});

it('sends the ticket and confirms with its number and a link to it', async () => {
  const user = userEvent.setup();
  const createTicket = vi.fn(async () => detail(42));
  const { panel } = renderView({ createTicket });
  await fillQuestion(user);
  await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }));
  expect(await screen.findByRole('heading', { name: 'Demande envoyée' })).toHaveFocus();
  expect(screen.getByText('Votre demande n° 42 a bien été enregistrée.')).toBeVisible();
  expect(createTicket).toHaveBeenCalledTimes(1);
  await user.click(screen.getByRole('button', { name: 'Voir la demande n° 42' }));
  expect(panel.view.value).toEqual({ name: 'ticket', id: 't42' });
});

it('shows similar open tickets while the subject is typed', async () => {
  const user = userEvent.setup();
  const similarTickets = vi.fn(async () => ({
    items: [{ id: 't9', number: 9, subject: 'Export PDF vide', status: 'in_progress', score: 0.9 }],
  }));
  renderView({ similarTickets });
  await user.click(await screen.findByRole('button', { name: 'Question' }));
  await user.type(screen.getByRole('textbox', { name: /^Objet/ }), 'Export PDF');
  const similar = await screen.findByRole('region', { name: 'Demandes similaires déjà ouvertes' });
  expect(within(similar).getByRole('button', { name: 'n° 9 — Export PDF vide' })).toBeVisible();
  expect(similar).toHaveTextContent('Pris en charge');
});

it('previews the captured context and lets the user remove items', async () => {
  const user = userEvent.setup();
  const createTicket = vi.fn(async () => detail(5));
  renderView({ createTicket });
  await fillQuestion(user);
  const preview = screen.getByRole('region', { name: 'Informations jointes automatiquement' });
  expect(preview).toHaveTextContent('Candidat : #42');
  expect(preview).toHaveTextContent('/factures/42');
  await user.click(within(preview).getByRole('button', { name: 'Retirer Candidat' }));
  expect(preview).not.toHaveTextContent('#42');
  expect(screen.getByText('Candidat retiré')).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }));
  await screen.findByRole('heading', { name: 'Demande envoyée' });
  const [body] = createTicket.mock.calls[0] as unknown as [{ context: Record<string, unknown> }];
  expect(body.context).not.toHaveProperty('entities');
  expect(body.context).toMatchObject({ route: '/factures/42', app_version: '4.2.0' });
});

it('shows the context the host sets while the form is open', async () => {
  const user = userEvent.setup();
  let entity = { label: 'Candidat', value: '#42' };
  const { panel } = renderInPanel(<NewTicketView />, {
    client: client(),
    options: { server },
    hostContext: () => ({ entities: [entity] }),
    storage: localStorage,
    view: { name: 'new' },
  });
  await fillQuestion(user);
  const preview = screen.getByRole('region', { name: 'Informations jointes automatiquement' });
  expect(preview).toHaveTextContent('Candidat : #42');
  // The host moved to another record and called setContext (the panel calls contextChanged).
  entity = { label: 'Candidat', value: '#77' };
  panel.contextChanged();
  await waitFor(() => expect(preview).toHaveTextContent('Candidat : #77'));
  expect(preview).not.toHaveTextContent('#42');
});

it('queues the ticket when the server cannot be reached and says so', async () => {
  const user = userEvent.setup();
  const createTicket = vi.fn(async () => {
    throw new AideError('network_error', 'Failed to fetch');
  });
  renderView({ createTicket });
  await fillQuestion(user);
  await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }));
  expect(
    await screen.findByRole('heading', { name: 'Demande mise en file d’attente' }),
  ).toBeVisible();
  expect(screen.getByText(/envoyée automatiquement, une seule fois/)).toBeVisible();
  const queued = Object.keys(localStorage).filter((key) =>
    key.startsWith(`aide:outbox:${server}:acme:ada:`),
  );
  expect(queued).toHaveLength(1);
});

it('shows a conditional field only when its condition holds', async () => {
  const user = userEvent.setup();
  renderView();
  await user.click(await screen.findByRole('button', { name: /Extraction de données/ }));
  expect(screen.queryByRole('textbox', { name: /Précisez le format/ })).toBeNull();
  await user.selectOptions(screen.getByRole('combobox', { name: /Format de sortie/ }), 'other');
  expect(screen.getByRole('textbox', { name: /Précisez le format/ })).toBeVisible();
});

it('uploads picked files with progress, and refuses files that are too large', async () => {
  const user = userEvent.setup();
  let finish: (() => void) | undefined;
  const uploadAttachment = vi.fn(
    (_file: File, options: { onProgress: (value: { loaded: number; total: number }) => void }) =>
      new Promise((resolve) => {
        options.onProgress({ loaded: 30, total: 100 });
        finish = () => resolve({ id: 'a1', name: 'journal.txt', size: 2048, type: 'text/plain' });
      }),
  );
  renderView({ uploadAttachment });
  await user.click(await screen.findByRole('button', { name: 'Question' }));
  const attachments = screen.getByRole('group', { name: 'Pièces jointes' });
  const picker = within(attachments).getByLabelText('Ajouter des fichiers');
  await user.upload(picker, new File(['journal'], 'journal.txt', { type: 'text/plain' }));
  expect(
    await within(attachments).findByRole('progressbar', { name: 'Envoi de journal.txt : 30 %' }),
  ).toBeVisible();
  finish?.();
  expect(
    await within(attachments).findByRole('button', { name: 'Retirer journal.txt' }),
  ).toBeVisible();
  await user.upload(
    picker,
    new File([new Uint8Array(11 * 1024 * 1024)], 'film.mov', { type: 'video/quicktime' }),
  );
  expect(await within(attachments).findByRole('alert')).toHaveTextContent(
    /film.mov dépasse la taille maximale/,
  );
});

it('restores the draft after a reload of the page', async () => {
  const user = userEvent.setup();
  const first = renderView();
  await user.click(await screen.findByRole('button', { name: 'Question' }));
  await user.type(screen.getByRole('textbox', { name: /^Objet/ }), 'Brouillon en cours');
  await waitFor(() => expect(screen.getByText('Brouillon enregistré')).toBeVisible());
  first.unmount();
  first.panel.models.dispose();

  renderView();
  await user.click(await screen.findByRole('button', { name: 'Question' }));
  expect(screen.getByRole('textbox', { name: /^Objet/ })).toHaveValue('Brouillon en cours');
  expect(screen.getByText('Votre brouillon a été restauré.')).toBeVisible();
});
