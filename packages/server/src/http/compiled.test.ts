import {
  createTicketRequestSchema,
  defaultCatalog,
  ticketFormSchema,
  ticketSchema,
} from '@aide/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { draftTicket } from '../test-support/tickets';
import { compiled } from './compiled';

// A stored ticket as the store reads it back (a draft plus its number).
const ticket = {
  ...draftTicket({ context: { page_url: 'https://app.example.com/invoices' } }),
  number: 7,
};

describe('compiled', () => {
  it('parses a stored ticket to the same value as the schema itself', () => {
    const fast = compiled(ticketSchema);
    expect(fast).not.toBe(ticketSchema);
    expect(fast.parse(ticket)).toEqual(ticketSchema.parse(ticket));
  });

  it('reports the same issues as the schema itself for an invalid value', () => {
    const broken = { ...ticket, number: 0, status: 'lost', requester: { id: '', name: 'Ada' } };
    const slow = ticketSchema.safeParse(broken);
    const fast = compiled(ticketSchema).safeParse(broken);
    expect(fast.success).toBe(false);
    expect(fast.error?.issues).toEqual(slow.error?.issues);
  });

  it('keeps defaults, trimming and refinements of a ticket form', () => {
    const category = defaultCatalog.categories.find((entry) => entry.key === 'general.question');
    if (category === undefined) {
      throw new Error('general.question is a default category');
    }
    const form = ticketFormSchema(category);
    const good = {
      category: category.key,
      subject: '  Export  ',
      description: 'How?',
      consent: { accepted: true, text_version: 'v1' },
      fields: {},
    };
    expect(compiled(form).parse(good)).toEqual(form.parse(good));
    const bad = { ...good, subject: '   ', consent: { accepted: false, text_version: 'v1' } };
    expect(compiled(form).safeParse(bad).error?.issues).toEqual(form.safeParse(bad).error?.issues);
  });

  it('compiles each schema once', () => {
    expect(compiled(createTicketRequestSchema)).toBe(compiled(createTicketRequestSchema));
    const own = z.object({ name: z.string() });
    expect(compiled(own)).toBe(compiled(own));
    expect(compiled(own)).not.toBe(compiled(z.object({ name: z.string() })));
  });
});
