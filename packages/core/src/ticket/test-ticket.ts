import { type Author, type Ticket, ticketSchema } from './ticket';

// Test support only (excluded from the build by the `test-*.ts` pattern): fixtures for core
// tests. Not exported from the package.

/** A valid `new` ticket created at 2026-03-02T09:00:00Z (a Monday), with any field overridden. */
export function makeTicket(overrides: Partial<Ticket> = {}): Ticket {
  const createdAt = overrides.created_at ?? '2026-03-02T09:00:00.000Z';
  const ticket: Ticket = {
    id: 'tkt_01',
    number: 42,
    tenant_id: 'tenant_acme',
    company_id: 'company_globex',
    requester: { id: 'user_ada', name: 'Ada Lovelace', email: 'ada@example.com' },
    category: 'general.question',
    subject: 'Export button does nothing',
    fields: {},
    description: 'Clicking **Export** on the candidates page does nothing.',
    priority: 'normal',
    status: 'new',
    resolution: null,
    sla: { first_response_at: null, clock_started_at: null, paused_intervals: [], clock_stopped_at: null },
    waiting: null,
    attachments: [],
    participants: [],
    consent: { text_version: 'v1', granted_at: createdAt },
    share_with_account_manager: false,
    context: {},
    created_at: createdAt,
    updated_at: createdAt,
    last_activity_at: createdAt,
    resolved_at: null,
    closed_at: null,
    rating: null,
    merged_into: null,
    ...overrides,
  };
  return ticketSchema.parse(ticket);
}

export const customer: Author = { kind: 'customer', id: 'user_ada', name: 'Ada Lovelace' };
export const agent: Author = { kind: 'agent', id: 'agent_grace', name: 'Grace Hopper' };
