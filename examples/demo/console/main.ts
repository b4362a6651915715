import {
  type AgentTicketSummary,
  createAgentClient,
  createTranslator,
  fr,
  isAideError,
  type Message,
  type ResolutionReason,
  resolutionReasons,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
  ticketStatuses,
} from '@aide/core';

// The demo's agent console: the support team's side of the agent API, through @aide/core's
// agent client. Deliberately small: list, open, reply, change status (with a reason).

declare const __AIDE_SERVER__: string;

const agent = createAgentClient({ baseUrl: __AIDE_SERVER__, apiKey: 'demo-agent-key' });
// The customer-facing catalog, with the one status the agent reads from the other side.
const t = createTranslator({
  locale: 'fr',
  messages: { ...fr, 'status.waiting_on_customer': 'En attente du client' },
});

const list = document.getElementById('tickets') as HTMLUListElement;
const listStatus = document.getElementById('list-status') as HTMLElement;
const filter = document.getElementById('filter') as HTMLSelectElement;
const detail = document.getElementById('detail') as HTMLElement;
let selectedId: string | undefined;

// Agent-facing wording of the statuses an agent moves a ticket to.
const moves: { status: TicketStatus; label: string }[] = [
  { status: 'in_progress', label: 'Prendre en charge' },
  { status: 'waiting_on_customer', label: 'Demander des informations au client' },
  { status: 'escalated', label: 'Escalader à l’équipe technique' },
  { status: 'resolved_not_deployed', label: 'Résolu, non déployé' },
  { status: 'resolved', label: 'Résoudre' },
  { status: 'closed', label: 'Fermer' },
];

function h(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

function statusLabel(ticket: Pick<Ticket, 'status' | 'resolution'>): string {
  const status = t(`status.${ticket.status}`);
  return ticket.resolution === null
    ? status
    : t('reason.with_status', { status, reason: t(`reason.${ticket.resolution.reason}`) });
}

function when(iso: string): string {
  return new Date(iso).toLocaleString('fr-FR', { dateStyle: 'short', timeStyle: 'short' });
}

function problem(error: unknown): string {
  return isAideError(error) ? `${error.message} (${error.code})` : String(error);
}

async function refreshList(): Promise<void> {
  const value = filter.value;
  try {
    const page = await agent.listTickets({
      limit: 100,
      ...(value === 'open' || value === 'closed' ? { status: value } : {}),
    });
    listStatus.textContent = `${page.items.length} demande(s)`;
    list.replaceChildren(...page.items.map(row));
  } catch (error) {
    listStatus.textContent = `Impossible de charger les demandes : ${problem(error)}`;
  }
}

function row(ticket: AgentTicketSummary): HTMLElement {
  const button = h(
    'button',
    { type: 'button', 'aria-current': String(ticket.id === selectedId) },
    h('span', { class: 'subject' }, `n° ${ticket.number} · ${ticket.subject}`),
    h(
      'span',
      { class: 'muted' },
      `${ticket.requester_name} (${ticket.company_id}) · ${statusLabel(ticket)} · ${when(ticket.last_activity_at)}`,
    ),
  );
  button.addEventListener('click', () => {
    selectedId = ticket.id;
    void showTicket(ticket.id);
    void refreshList();
  });
  return h('li', {}, button);
}

function threadItems(messages: Message[], events: TicketEvent[]): HTMLElement[] {
  const items: { at: string; element: HTMLElement }[] = [
    ...messages.map((message) => ({
      at: message.created_at,
      element: h(
        'li',
        { class: message.author.kind },
        h('strong', {}, message.author.name || message.author.kind),
        ` · ${when(message.created_at)}`,
        h('p', { class: 'body' }, message.body),
      ),
    })),
    ...events
      .filter((event) => event.kind !== 'created')
      .map((event) => ({
        at: event.at,
        element: h('li', { class: 'event' }, `${when(event.at)} · ${describe(event)}`),
      })),
  ];
  return items.sort((a, b) => a.at.localeCompare(b.at)).map((item) => item.element);
}

function describe(event: TicketEvent): string {
  switch (event.kind) {
    case 'created':
      return 'créée';
    case 'status_changed':
      return `statut : ${t(`status.${event.from}`)} → ${statusLabel({ status: event.to, resolution: event.resolution })}`;
    case 'reminder_sent':
      return `relance n° ${event.reminder} envoyée`;
    case 'sla_paused':
      return 'délai suspendu';
    case 'sla_resumed':
      return 'délai repris';
    case 'renamed':
      return `renommée : « ${event.to} »`;
    case 'merged':
      return `fusionnée dans la demande n° ${event.into_number}`;
    case 'rated':
      return `note du client : ${event.score === 'good' ? '👍' : '👎'}`;
    default:
      return event satisfies never;
  }
}

async function showTicket(id: string): Promise<void> {
  try {
    const [{ ticket }, thread] = await Promise.all([agent.getTicket(id), agent.getThread(id)]);
    const heading = h('h2', {}, `n° ${ticket.number} · ${ticket.subject}`);
    const meta = h(
      'p',
      { class: 'muted' },
      h('span', { class: 'pill' }, statusLabel(ticket)),
      ` ${ticket.requester.name} <${ticket.requester.email}> · ${ticket.company_id} · ${ticket.category} · priorité ${ticket.priority} · créée le ${when(ticket.created_at)}`,
    );
    const description = h('p', { class: 'body' }, ticket.description);
    const thread_ = h('ul', { class: 'thread' }, ...threadItems(thread.messages, thread.events));
    detail.replaceChildren(
      heading,
      meta,
      description,
      thread_,
      replyForm(ticket),
      statusForm(ticket),
    );
  } catch (error) {
    detail.replaceChildren(
      h('p', { class: 'error' }, `Impossible d’ouvrir la demande : ${problem(error)}`),
    );
  }
}

function replyForm(ticket: Ticket): HTMLElement {
  const body = h('textarea', { rows: '4', required: '' }) as HTMLTextAreaElement;
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { 'aria-label': 'Répondre' },
    h('label', {}, 'Réponse au client (Markdown)', body),
    h('button', { class: 'action', type: 'submit' }, 'Envoyer la réponse'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await agent.reply(ticket.id, { body: body.value, attachments: [] });
      await Promise.all([showTicket(ticket.id), refreshList()]);
    } catch (failure) {
      error.textContent = problem(failure);
    }
  });
  return form;
}

function statusForm(ticket: Ticket): HTMLElement {
  const status = h(
    'select',
    {},
    ...moves
      .filter((move) => move.status !== ticket.status)
      .map((move) => h('option', { value: move.status }, move.label)),
  ) as HTMLSelectElement;
  const reason = h(
    'select',
    {},
    ...resolutionReasons
      .filter((value) => value !== 'no_response' && value !== 'duplicate')
      .map((value) => h('option', { value }, t(`reason.${value}`))),
  ) as HTMLSelectElement;
  const reasonLabel = h('label', {}, 'Motif de résolution', reason);
  const comment = h('textarea', { rows: '2' }) as HTMLTextAreaElement;
  const error = h('p', { class: 'error', role: 'alert' });
  const sync = () => {
    reasonLabel.hidden = status.value !== 'resolved';
  };
  status.addEventListener('change', sync);
  sync();
  const form = h(
    'form',
    { 'aria-label': 'Changer le statut' },
    h(
      'div',
      { class: 'row' },
      h('label', {}, 'Nouveau statut', status),
      reasonLabel,
      h('button', { class: 'action', type: 'submit' }, 'Appliquer'),
    ),
    h('label', {}, 'Commentaire interne (facultatif)', comment),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const next = ticketStatuses.find((value) => value === status.value);
    if (next === undefined) {
      return;
    }
    try {
      await agent.setStatus(ticket.id, {
        status: next,
        ...(next === 'resolved' ? { reason: reason.value as ResolutionReason } : {}),
        ...(comment.value.trim() === '' ? {} : { comment: comment.value.trim() }),
      });
      await Promise.all([showTicket(ticket.id), refreshList()]);
    } catch (failure) {
      error.textContent = problem(failure);
    }
  });
  return form;
}

filter.addEventListener('change', () => void refreshList());
await refreshList();
// New tickets and customer replies show up without reloading.
setInterval(() => void refreshList(), 5000);
