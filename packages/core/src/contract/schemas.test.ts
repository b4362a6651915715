import { describe, expect, it } from 'vitest';
import { pageSchema } from './pagination';
import { errorCodes, errorStatus, problemErrorsFromIssues, problemSchema } from './problem';
import {
  agentSetStatusRequestSchema,
  createTicketRequestSchema,
  listTicketsQuerySchema,
  ticketStatusFilters,
  ticketSummarySchema,
} from './tickets';

const draft = {
  category: 'general.question',
  subject: 'Export fails',
  description: 'The CSV export stops at 50 rows.',
  priority: 'normal',
  fields: {},
  attachments: [],
  consent: { accepted: true, text_version: '2026-01' },
  share_with_account_manager: false,
  context: { route: '/exports' },
};

describe('list query', () => {
  it('coerces the query string and applies the defaults', () => {
    expect(listTicketsQuerySchema.parse({ limit: '50', status: 'open' })).toEqual({
      limit: 50,
      scope: 'mine',
      status: 'open',
    });
    expect(listTicketsQuerySchema.parse({})).toEqual({ limit: 20, scope: 'mine' });
  });

  it('rejects a page size above 100 instead of capping it silently', () => {
    expect(listTicketsQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(listTicketsQuerySchema.safeParse({ limit: '0' }).success).toBe(false);
  });

  it('offers open, closed and each status but the ambiguous exact closed', () => {
    expect(ticketStatusFilters).toEqual([
      'open',
      'closed',
      'new',
      'in_progress',
      'escalated',
      'waiting_on_customer',
      'resolved_not_deployed',
      'resolved',
    ]);
    expect(listTicketsQuerySchema.safeParse({ status: 'pending' }).success).toBe(false);
  });
});

describe('create ticket request', () => {
  it('accepts a complete draft', () => {
    expect(createTicketRequestSchema.parse(draft)).toEqual(draft);
  });

  it('accepts what the widget form accepts: its defaults, and blanks around texts', () => {
    const {
      priority: _p,
      attachments: _a,
      share_with_account_manager: _s,
      context: _c,
      ...bare
    } = draft;
    const padded = { ...bare, description: ` ${'d'.repeat(50_000)}\n` };
    expect(createTicketRequestSchema.parse(padded)).toEqual({
      ...draft,
      description: 'd'.repeat(50_000),
      context: {},
    });
  });

  it('refuses a ticket without accepted consent or without description', () => {
    const refused = createTicketRequestSchema.safeParse({
      ...draft,
      description: '',
      consent: { accepted: false, text_version: '2026-01' },
    });
    expect(refused.success).toBe(false);
    const paths = problemErrorsFromIssues(refused.error?.issues ?? [], 'body').map((e) => e.path);
    expect(paths.sort()).toEqual(['body.consent.accepted', 'body.description']);
  });
});

describe('agent status change', () => {
  it('needs a reason to resolve and a ticket for a duplicate', () => {
    expect(agentSetStatusRequestSchema.safeParse({ status: 'resolved' }).success).toBe(false);
    expect(
      agentSetStatusRequestSchema.safeParse({ status: 'resolved', reason: 'duplicate' }).success,
    ).toBe(false);
    expect(
      agentSetStatusRequestSchema.safeParse({
        status: 'resolved',
        reason: 'duplicate',
        duplicate_of: 't_1',
      }).success,
    ).toBe(true);
    expect(agentSetStatusRequestSchema.safeParse({ status: 'in_progress' }).success).toBe(true);
  });
});

describe('problems', () => {
  it('maps the idempotency codes to the statuses DESIGN.md promises', () => {
    expect(errorStatus('idempotency_key_missing')).toBe(400);
    expect(errorStatus('idempotency_key_reused')).toBe(422);
    expect(errorStatus('idempotency_in_progress')).toBe(409);
    expect(errorStatus('rate_limited')).toBe(429);
    expect(errorStatus('payload_too_large')).toBe(413);
    expect(errorStatus('unsupported_media_type')).toBe(415);
  });

  it('uses snake_case codes that the problem schema accepts', () => {
    for (const code of errorCodes) {
      const problem = { type: 'about:blank', title: code, status: errorStatus(code), code };
      expect(problemSchema.parse(problem)).toEqual(problem);
    }
    expect(
      problemSchema.safeParse({ type: 'about:blank', title: 'x', status: 400, code: 'Bad-Code' })
        .success,
    ).toBe(false);
  });
});

describe('pages', () => {
  it('carries a null cursor on the last page', () => {
    const page = pageSchema(ticketSummarySchema).safeParse({ items: [], next_cursor: null });
    expect(page.success).toBe(true);
  });
});
