import { randomUUID } from 'node:crypto';
import { filedTicketState, type Message, type Ticket, type TicketEvent } from '@aide/core';
import type { NewTicket } from '../store/store';

/**
 * A valid ticket draft (no number yet) for tests; override what the test is about.
 *
 * @example
 * await store.insertTicket(draftTicket({ tenant_id: 't1', subject: 'Écran noir' }));
 */
export function draftTicket(overrides: Partial<Ticket> = {}): NewTicket {
  const at = overrides.created_at ?? '2026-03-02T09:00:00.000Z';
  const { number: _number, ...rest } = overrides;
  return {
    id: randomUUID(),
    tenant_id: 'tenant-a',
    company_id: 'acme',
    requester: { id: 'ada', name: 'Ada Lovelace', email: 'ada@acme.test' },
    category: 'technical.incident',
    subject: 'Export fails',
    fields: {},
    description: 'The CSV export stops at 10 rows.',
    priority: 'normal',
    attachments: [],
    participants: [],
    consent: { text_version: 'v1', granted_at: at },
    share_with_account_manager: false,
    context: {},
    ...filedTicketState(at),
    ...rest,
  };
}

export function message(ticketId: string, overrides: Partial<Message> = {}): Message {
  return {
    id: randomUUID(),
    ticket_id: ticketId,
    author: { kind: 'customer', id: 'ada', name: 'Ada Lovelace' },
    body: 'Still broken.',
    attachments: [],
    created_at: '2026-03-02T10:00:00.000Z',
    ...overrides,
  };
}

export function createdEvent(ticketId: string, at = '2026-03-02T09:00:00.000Z'): TicketEvent {
  return {
    id: randomUUID(),
    ticket_id: ticketId,
    at,
    actor: { kind: 'customer', id: 'ada', name: 'Ada Lovelace' },
    kind: 'created',
  };
}
