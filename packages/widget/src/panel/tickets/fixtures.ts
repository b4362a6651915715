import {
  filedTicketState,
  type Message,
  type SlaState,
  type SlaTargetState,
  type Thread,
  type Ticket,
  type TicketDetail,
  type TicketEvent,
  type TicketPage,
  type TicketStatus,
  type TicketSummary,
  type UploadedAttachment,
} from '@aide/core';
import type { TicketsClient } from '../../models/tickets';

// Example data for the tickets' unit tests and stories (never shipped: only tests and stories
// import this file). Dates are fixed so screenshots and assertions do not drift.

export const fixedNow = new Date('2026-11-23T15:00:00Z');

const minutes = (count: number) => new Date(fixedNow.getTime() - count * 60_000).toISOString();

export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'tkt_42',
    number: 42,
    tenant_id: 'demo',
    company_id: 'acme',
    requester: { id: 'ada', name: 'Ada Lovelace', email: 'ada@acme.test' },
    category: 'technical.incident',
    subject: 'La facture de novembre ne s’affiche pas',
    fields: {},
    description: 'Depuis ce matin, la page **Factures** reste blanche.',
    priority: 'normal',
    attachments: [],
    participants: [],
    consent: { text_version: 'v1', granted_at: minutes(60 * 26) },
    share_with_account_manager: false,
    context: {},
    ...filedTicketState(minutes(60 * 26)),
    status: 'in_progress',
    updated_at: minutes(35),
    last_activity_at: minutes(35),
    ...overrides,
  };
}

export function summaryOf(ticket: Ticket): TicketSummary {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    category: ticket.category,
    status: ticket.status,
    resolution: ticket.resolution,
    priority: ticket.priority,
    created_at: ticket.created_at,
    last_activity_at: ticket.last_activity_at,
    requester_name: ticket.requester.name,
  };
}

const subjects = [
  'La facture de novembre ne s’affiche pas',
  'Export CSV des candidats incomplet',
  'Ajouter un administrateur',
  'Erreur 500 à l’enregistrement d’une fiche',
  'Question sur la TVA intracommunautaire',
  'Le planning ne se synchronise plus',
];
const statuses: TicketStatus[] = [
  'new',
  'in_progress',
  'escalated',
  'waiting_on_customer',
  'resolved_not_deployed',
  'resolved',
  'closed',
];

/** `count` list lines, newest first, cycling through statuses and subjects. */
export function makeSummaries(count: number, offset = 0): TicketSummary[] {
  return Array.from({ length: count }, (_, index) => {
    const n = offset + index;
    const status = statuses[n % statuses.length] ?? 'new';
    return summaryOf(
      makeTicket({
        id: `tkt_${n + 1}`,
        number: 10_000 - n,
        subject: subjects[n % subjects.length] ?? 'Demande',
        status,
        resolution:
          status === 'resolved' || status === 'closed'
            ? { reason: 'fixed', duplicate_of: null }
            : null,
        category: n % 2 === 0 ? 'technical.incident' : 'billing.invoice',
        created_at: minutes(60 * 24 * (n + 1)),
        last_activity_at: minutes(45 * (n + 1)),
      }),
    );
  });
}

export function slaTarget(overrides: Partial<SlaTargetState> = {}): SlaTargetState {
  return {
    target_minutes: 480,
    elapsed_minutes: 135,
    remaining_minutes: 345,
    due_at: new Date(fixedNow.getTime() + 345 * 60_000).toISOString(),
    breached: false,
    breached_at: null,
    clock: 'running',
    ...overrides,
  };
}

export function makeSla(resolution: Partial<SlaTargetState> = {}): SlaState {
  return {
    first_response: slaTarget({
      target_minutes: 60,
      elapsed_minutes: 20,
      remaining_minutes: 40,
      clock: 'stopped',
    }),
    resolution: slaTarget(resolution),
  };
}

export function makeDetail(ticket: Ticket, overrides: Partial<TicketDetail> = {}): TicketDetail {
  const open = ticket.status !== 'resolved' && ticket.status !== 'closed';
  return {
    ticket,
    sla: makeSla(open ? {} : { clock: 'stopped', remaining_minutes: 100 }),
    allowed_actions: open
      ? ['reply', 'close']
      : ticket.status === 'resolved'
        ? ['reopen', 'close', 'rate']
        : ['rate'],
    reopen_until:
      ticket.status === 'resolved'
        ? new Date(fixedNow.getTime() + 6 * 86_400_000).toISOString()
        : null,
    ...overrides,
  };
}

const agent = { kind: 'agent' as const, id: 'agent_1', name: 'Claire (support)' };
const customer = { kind: 'customer' as const, id: 'ada', name: 'Ada Lovelace' };
const system = { kind: 'system' as const, id: null, name: 'system' };

export function makeMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: 'msg_1',
    ticket_id: 'tkt_42',
    author: customer,
    body: 'Bonjour, la page reste blanche.',
    attachments: [],
    created_at: minutes(60 * 26),
    ...overrides,
  };
}

export function makeThread(ticketId = 'tkt_42'): Thread {
  const events: TicketEvent[] = [
    { id: 'evt_1', ticket_id: ticketId, at: minutes(60 * 26), actor: customer, kind: 'created' },
    {
      id: 'evt_2',
      ticket_id: ticketId,
      at: minutes(60 * 25),
      actor: agent,
      kind: 'status_changed',
      from: 'new',
      to: 'in_progress',
      resolution: null,
    },
    {
      id: 'evt_3',
      ticket_id: ticketId,
      at: minutes(60 * 3),
      actor: agent,
      kind: 'renamed',
      from: 'Factures',
      to: 'La facture de novembre ne s’affiche pas',
    },
  ];
  const messages: Message[] = [
    makeMessage({ id: 'msg_1', ticket_id: ticketId }),
    makeMessage({
      id: 'msg_2',
      ticket_id: ticketId,
      author: agent,
      body: 'Bonjour Ada,\n\nMerci pour votre message. Pouvez-vous essayer ceci :\n\n1. vider le cache\n2. recharger **Factures**\n\nVoir aussi [la FAQ](https://aide.example/faq).',
      created_at: minutes(60 * 24),
    }),
    makeMessage({
      id: 'msg_3',
      ticket_id: ticketId,
      body: 'C’est toujours pareil, capture jointe.',
      attachments: [{ id: 'att_1', name: 'capture.png', size: 48_213, type: 'image/png' }],
      created_at: minutes(60 * 2),
    }),
  ];
  return { messages, events };
}

export const systemAuthor = system;
export const agentAuthor = agent;
export const customerAuthor = customer;

/** A fake API client over in-memory tickets: good enough for unit tests and stories. */
export interface FakeClient extends TicketsClient {
  calls: { method: string; args: unknown[] }[];
}

export interface FakeClientOptions {
  tickets?: TicketSummary[];
  details?: Record<string, TicketDetail>;
  threads?: Record<string, Thread>;
  pageSize?: number;
  /** Never answers the list (loading state). */
  hangList?: boolean;
  failList?: boolean;
  failTicket?: boolean;
  failReply?: boolean;
  delayMs?: number;
}

export function createFakeClient(options: FakeClientOptions = {}): FakeClient {
  const calls: FakeClient['calls'] = [];
  const tickets = options.tickets ?? makeSummaries(8);
  const wait = () =>
    options.delayMs
      ? new Promise<void>((resolve) => setTimeout(resolve, options.delayMs))
      : Promise.resolve();
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args });
  const failure = () =>
    Object.assign(new Error('Service unavailable'), { code: 'service_unavailable' });
  const details = new Map<string, TicketDetail>(Object.entries(options.details ?? {}));
  const threads = new Map<string, Thread>(Object.entries(options.threads ?? {}));
  const detailOf = (id: string): TicketDetail => {
    let detail = details.get(id);
    if (!detail) {
      const summary = tickets.find((ticket) => ticket.id === id);
      detail = makeDetail(makeTicket(summary ? { ...summary } : { id }));
      details.set(id, detail);
    }
    return detail;
  };
  const threadOf = (id: string): Thread => threads.get(id) ?? makeThread(id);
  const update = (
    id: string,
    patch: Partial<Ticket>,
    allowed: TicketDetail['allowed_actions'],
  ): TicketDetail => {
    const current = detailOf(id);
    const next = {
      ...current,
      ticket: { ...current.ticket, ...patch },
      allowed_actions: allowed,
      reopen_until: null,
    };
    details.set(id, next);
    return next;
  };
  return {
    calls,
    async listTickets(query = {}): Promise<TicketPage> {
      record('listTickets', query);
      if (options.hangList) {
        return new Promise<TicketPage>(() => undefined);
      }
      await wait();
      if (options.failList) {
        throw failure();
      }
      const matching = tickets.filter((ticket) => {
        const status = query.status;
        const statusOk =
          status === undefined ||
          (status === 'open'
            ? ticket.status !== 'resolved' && ticket.status !== 'closed'
            : status === 'closed'
              ? ticket.status === 'resolved' || ticket.status === 'closed'
              : ticket.status === status);
        const categoryOk = query.category === undefined || ticket.category === query.category;
        const textOk =
          query.q === undefined ||
          `${ticket.number} ${ticket.subject}`.toLowerCase().includes(query.q.toLowerCase());
        return statusOk && categoryOk && textOk;
      });
      const start = query.cursor === undefined ? 0 : Number(query.cursor);
      const size = options.pageSize ?? Number(query.limit ?? 20);
      const end = start + size;
      return {
        items: matching.slice(start, end),
        next_cursor: end < matching.length ? String(end) : null,
      };
    },
    async getTicket(id) {
      record('getTicket', id);
      await wait();
      if (options.failTicket) {
        throw failure();
      }
      return detailOf(id);
    },
    async getThread(id) {
      record('getThread', id);
      await wait();
      if (options.failTicket) {
        throw failure();
      }
      return threadOf(id);
    },
    async reply(id, body, replyOptions) {
      record('reply', id, body, replyOptions);
      await wait();
      if (options.failReply) {
        throw failure();
      }
      const message = makeMessage({
        id: `msg_${calls.length}`,
        ticket_id: id,
        body: body.body,
        attachments: body.attachments.map((attachment) => ({
          id: attachment,
          name: attachment.replace(/^att_/, ''),
          size: 1,
          type: 'application/octet-stream',
        })),
        created_at: fixedNow.toISOString(),
      });
      const thread = threadOf(id);
      threads.set(id, { ...thread, messages: [...thread.messages, message] });
      return message;
    },
    async close(id, body) {
      record('close', id, body);
      await wait();
      return update(id, { status: 'closed', closed_at: fixedNow.toISOString() }, ['rate']);
    },
    async reopen(id) {
      record('reopen', id);
      await wait();
      return update(id, { status: 'in_progress', resolution: null, resolved_at: null }, [
        'reply',
        'close',
      ]);
    },
    async rate(id, body) {
      record('rate', id, body);
      await wait();
      const current = detailOf(id);
      return update(
        id,
        {
          rating: {
            score: body.score,
            comment: body.comment ?? null,
            rated_at: fixedNow.toISOString(),
          },
        },
        current.allowed_actions.filter((action) => action !== 'rate'),
      );
    },
    async downloadAttachment(id) {
      record('downloadAttachment', id);
      await wait();
      return new Blob(['file content'], { type: 'application/octet-stream' });
    },
    async uploadAttachment(file, uploadOptions): Promise<UploadedAttachment> {
      record('uploadAttachment', file.name);
      const name = file.name ?? 'file';
      uploadOptions?.onProgress?.({ loaded: file.size / 2, total: file.size });
      await wait();
      uploadOptions?.onProgress?.({ loaded: file.size, total: file.size });
      return {
        id: `att_${name}`,
        name,
        size: file.size,
        type: file.type || 'application/octet-stream',
      };
    },
  };
}
