import { filedTicketState } from './lifecycle';
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
    attachments: [],
    participants: [],
    consent: { text_version: 'v1', granted_at: createdAt },
    share_with_account_manager: false,
    context: {},
    ...filedTicketState(createdAt),
    ...overrides,
  };
  return ticketSchema.parse(ticket);
}

export const customer: Author = { kind: 'customer', id: 'user_ada', name: 'Ada Lovelace' };
export const agent: Author = { kind: 'agent', id: 'agent_grace', name: 'Grace Hopper' };

/**
 * Every rule a stored ticket must satisfy whatever happened to it; returns what is broken, in
 * plain words (empty when the ticket is consistent).
 */
export function lifecycleViolations(ticket: Ticket): string[] {
  const broken: string[] = [];
  const check = (ok: boolean, rule: string) => {
    if (!ok) {
      broken.push(rule);
    }
  };
  const parsed = ticketSchema.safeParse(ticket);
  check(parsed.success, `ticketSchema: ${parsed.error?.message ?? ''}`);
  const { status, resolution, sla, waiting } = ticket;
  const time = (iso: string) => Date.parse(iso);
  const updated = time(ticket.updated_at);
  const terminal = status === 'resolved' || status === 'closed';

  if (!terminal) {
    check(resolution === null, 'an open ticket has no resolution');
    check(ticket.resolved_at === null, 'an open ticket has no resolved_at');
    check(ticket.closed_at === null, 'an open ticket has no closed_at');
    check(ticket.merged_into === null, 'an open ticket is not merged');
  }
  if (status === 'resolved') {
    check(resolution !== null, 'a resolved ticket has a resolution');
    check(ticket.resolved_at !== null, 'a resolved ticket has resolved_at');
    check(ticket.closed_at === null, 'a resolved ticket has no closed_at');
  }
  if (status === 'closed') {
    check(ticket.closed_at !== null, 'a closed ticket has closed_at');
    check(
      (resolution === null) === (ticket.resolved_at === null),
      'resolution goes with resolved_at',
    );
  }
  check((waiting !== null) === (status === 'waiting_on_customer'), 'waiting state iff waiting');
  if (resolution !== null) {
    check(
      (resolution.reason === 'duplicate') === (resolution.duplicate_of !== null),
      'duplicate_of iff reason duplicate',
    );
    check(resolution.duplicate_of !== ticket.id, 'a ticket does not duplicate itself');
  }
  if (ticket.merged_into !== null) {
    check(resolution?.duplicate_of === ticket.merged_into, 'a merged ticket duplicates its target');
  }

  const openPauses = sla.paused_intervals.filter((interval) => interval.end === null);
  const lastOpen = sla.paused_intervals.at(-1)?.end === null;
  check(openPauses.length <= 1 && (openPauses.length === 0 || lastOpen), 'one open pause, last');
  if (sla.clock_started_at === null) {
    check(sla.paused_intervals.length === 0, 'no pause before the clock starts');
    check(sla.clock_stopped_at === null, 'no stop before the clock starts');
  }
  switch (status) {
    case 'new':
      check(sla.clock_started_at === null, 'the clock has not started on a new ticket');
      break;
    case 'in_progress':
    case 'escalated':
      check(sla.clock_started_at !== null, 'the clock runs in progress and escalated');
      check(
        sla.clock_stopped_at === null && openPauses.length === 0,
        'running: not stopped/paused',
      );
      break;
    case 'waiting_on_customer':
    case 'resolved_not_deployed':
      check(sla.clock_stopped_at === null, 'a paused clock is not stopped');
      check(sla.clock_started_at === null || lastOpen, 'a started clock is paused here');
      break;
    case 'resolved':
    case 'closed':
      check(openPauses.length === 0, 'a stopped clock has no open pause');
      check(
        (sla.clock_started_at === null) === (sla.clock_stopped_at === null),
        'a started clock is stopped at resolution',
      );
      break;
    default:
      status satisfies never;
  }
  let cursor =
    sla.clock_started_at === null ? Number.NEGATIVE_INFINITY : time(sla.clock_started_at);
  for (const interval of sla.paused_intervals) {
    check(time(interval.start) >= cursor, 'pauses are ordered and inside the clock');
    cursor = interval.end === null ? Number.POSITIVE_INFINITY : time(interval.end);
    check(cursor >= time(interval.start), 'a pause ends after it starts');
  }
  if (sla.clock_stopped_at !== null) {
    check(time(sla.clock_stopped_at) >= cursor, 'the clock stops after its last pause');
  }

  const created = time(ticket.created_at);
  check(created <= updated, 'created_at <= updated_at');
  check(ticket.last_activity_at === ticket.updated_at, 'last activity is the last update');
  for (const stamp of [
    sla.first_response_at,
    sla.clock_started_at,
    sla.clock_stopped_at,
    ticket.resolved_at,
    ticket.closed_at,
    waiting?.since ?? null,
    ticket.rating?.rated_at ?? null,
  ]) {
    if (stamp !== null) {
      check(time(stamp) >= created && time(stamp) <= updated, `${stamp} within the ticket's life`);
    }
  }
  return broken;
}
