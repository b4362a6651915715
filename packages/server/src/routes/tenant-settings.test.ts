import { meResponseSchema, problemSchema, ticketDetailSchema, ticketPageSchema } from '@aide/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sqliteStores } from '../test-support/stores';
import {
  as,
  people,
  questionBody,
  secretA,
  startTestServer,
  type TestServer,
  tenantA,
} from './harness';

// A tenant that lets every member file tickets but shows each user only their own.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(sqliteStores, {
    tenants: [
      {
        id: tenantA,
        secret: secretA,
        only_admins_create: false,
        company_view: false,
        categories: ['general.question', 'billing.question'],
      },
    ],
  });
});
afterAll(() => server.close());

it('follows only_admins_create, company_view and the enabled categories of the tenant', async () => {
  const ada = await server.token(people.ada);
  const bob = await server.token(people.bob);
  const me = meResponseSchema.parse(
    await (await server.fetch('/v1/me', { headers: as(bob) })).json(),
  );
  expect(me.capabilities).toEqual({ can_create_ticket: true, can_view_company_tickets: false });
  const created = await server.fetch('/v1/tickets', {
    method: 'POST',
    headers: as(bob, true),
    json: questionBody('Créé par un membre'),
  });
  expect(created.status).toBe(201);
  const bobTicket = ticketDetailSchema.parse(await created.json()).ticket;
  const adaTicket = ticketDetailSchema.parse(
    await (
      await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: questionBody("Ticket d'Ada"),
      })
    ).json(),
  ).ticket;
  // Same company, but company view is off: a colleague's ticket does not exist for Bob.
  expect((await server.fetch(`/v1/tickets/${adaTicket.id}`, { headers: as(bob) })).status).toBe(
    404,
  );
  expect((await server.fetch(`/v1/tickets/${bobTicket.id}`, { headers: as(bob) })).status).toBe(
    200,
  );
  const company = await server.fetch('/v1/tickets?scope=company', { headers: as(bob) });
  expect(company.status).toBe(403);
  expect(problemSchema.parse(await company.json()).code).toBe('forbidden');
  const similar = (await (
    await server.fetch(`/v1/tickets/similar?q=${encodeURIComponent("ticket d'ada")}`, {
      headers: as(bob),
    })
  ).json()) as { items: unknown[] };
  expect(similar.items).toEqual([]);
  const mine = ticketPageSchema.parse(
    await (await server.fetch('/v1/tickets', { headers: as(bob) })).json(),
  );
  expect(mine.items.map((item) => item.id)).toEqual([bobTicket.id]);
  const disabled = await server.fetch('/v1/tickets', {
    method: 'POST',
    headers: as(ada, true),
    json: { ...questionBody(), category: 'technical.incident' },
  });
  expect(problemSchema.parse(await disabled.json()).errors?.[0]?.path).toBe('category');
  const categories = (await (
    await server.fetch('/v1/categories', { headers: as(ada) })
  ).json()) as {
    items: { key: string }[];
  };
  expect(categories.items.map((item) => item.key)).toEqual([
    'general.question',
    'billing.question',
  ]);
});
