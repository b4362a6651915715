import type { MeResponse } from '../contract/account';
import type { TicketDetail, TicketSummary } from '../contract/tickets';
import { filedTicketState } from '../ticket/lifecycle';
import type { Ticket } from '../ticket/ticket';

// Valid contract payloads for the client's tests.

const at = '2026-11-02T09:30:00.000Z';

export function ticketFixture(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'tk_1',
    number: 42,
    tenant_id: 'tenant_1',
    company_id: 'company_1',
    requester: { id: 'user_1', name: 'Alice Martin', email: 'alice@example.com' },
    category: 'general.question',
    subject: 'Export stops at 50 rows',
    fields: {},
    description: 'The CSV export stops at 50 rows.',
    priority: 'normal',
    attachments: [],
    participants: [],
    consent: { text_version: '2026-01', granted_at: at },
    share_with_account_manager: false,
    context: {},
    ...filedTicketState(at),
    ...overrides,
  };
}

const target = {
  target_minutes: 480,
  elapsed_minutes: 0,
  remaining_minutes: 480,
  due_at: null,
  breached: false,
  breached_at: null,
  clock: 'not_started' as const,
};

export function ticketDetailFixture(overrides: Partial<Ticket> = {}): TicketDetail {
  return {
    ticket: ticketFixture(overrides),
    sla: { first_response: target, resolution: target },
    allowed_actions: ['reply', 'close'],
    reopen_until: null,
  };
}

export function summaryFixture(number: number): TicketSummary {
  return {
    id: `tk_${number}`,
    number,
    subject: `Ticket ${number}`,
    category: 'general.question',
    status: 'new',
    resolution: null,
    priority: 'normal',
    requester_name: 'Alice Martin',
    created_at: at,
    last_activity_at: at,
  };
}

export const meFixture: MeResponse = {
  user: { id: 'user_1', name: 'Alice Martin', email: 'alice@example.com', role: 'admin' },
  company: { id: 'company_1', name: 'Acme' },
  capabilities: { can_create_ticket: true, can_view_company_tickets: true },
  administrators: [{ name: 'Alice Martin' }],
};

export const draftFixture = {
  category: 'general.question',
  subject: 'Export stops at 50 rows',
  description: 'The CSV export stops at 50 rows.',
  priority: 'normal' as const,
  fields: {},
  attachments: [],
  consent: { accepted: true as const, text_version: '2026-01' },
  share_with_account_manager: false,
  context: { route: '/exports' },
};
