import { randomUUID } from 'node:crypto';
import {
  agentTicketDetailSchema,
  configResponseSchema,
  defaultLifecyclePolicy,
  endpointList,
  meResponseSchema,
  messageSchema,
  problemSchema,
  similarTicketsResponseSchema,
  threadSchema,
  ticketDetailSchema,
  ticketPageSchema,
  uploadedAttachmentSchema,
} from '@aide/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFileStore, purgeAbandonedUploads } from '../attachments/files';
import { runSweep, waitingJobKind } from '../jobs/sweep';
import { createSmtpMailer } from '../notifications/mailer';
import { startSmtpCapture } from '../test-support/smtp';
import {
  agentKeyA,
  as,
  people,
  pngBytes,
  questionBody,
  type StoreFactory,
  secretA,
  startTestServer,
  type TestServer,
  tenantA,
  uploadForm,
} from './harness';

/**
 * The HTTP suite, run once per store engine: every endpoint's happy path and refusals over real
 * HTTP on 127.0.0.1.
 */
export function apiSuite(engine: string, factory: StoreFactory): void {
  describe(`HTTP API on ${engine}`, () => {
    let server: TestServer;
    let ada: string;
    let bob: string;
    let eve: string;
    const agent = { Authorization: `Bearer ${agentKeyA}` };

    beforeAll(async () => {
      server = await startTestServer(factory);
      ada = await server.token(people.ada);
      bob = await server.token(people.bob);
      eve = await server.token(people.eve);
    });
    afterAll(() => server.close());

    async function create(subject?: string, token = ada) {
      const response = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(token, true),
        json: questionBody(subject),
      });
      expect(response.status).toBe(201);
      return ticketDetailSchema.parse(await response.json()).ticket;
    }

    async function agentPost(path: string, json: unknown) {
      return server.fetch(path, {
        method: 'POST',
        headers: { ...agent, 'Idempotency-Key': randomUUID() },
        json,
      });
    }

    async function problem(response: Response) {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return problemSchema.parse(await response.json());
    }

    it('serves health and the OpenAPI document without credentials', async () => {
      const health = await server.fetch('/health');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const openapi = await server.fetch('/v1/openapi.json');
      expect(openapi.status).toBe(200);
      const document = (await openapi.json()) as {
        openapi: string;
        paths: Record<string, unknown>;
      };
      expect(document.openapi).toMatch(/^3\.1\./);
      expect(Object.keys(document.paths)).toContain('/v1/tickets/{id}/messages');
    });

    it('answers /v1/me from verified claims, with capabilities and the administrators', async () => {
      await server.fetch('/v1/me', { headers: as(ada) });
      const response = await server.fetch('/v1/me', { headers: as(bob) });
      expect(response.status).toBe(200);
      const me = meResponseSchema.parse(await response.json());
      expect(me.user).toEqual({
        id: 'bob',
        name: 'Bob Martin',
        email: 'bob@acme.test',
        role: 'member',
      });
      expect(me.company).toEqual({ id: 'acme', name: 'Acme SARL' });
      expect(me.capabilities).toEqual({ can_create_ticket: false, can_view_company_tickets: true });
      expect(me.administrators).toEqual([{ name: 'Ada Lovelace' }]);
    });

    it('answers /v1/config and /v1/categories for the tenant', async () => {
      const config = configResponseSchema.parse(
        await (await server.fetch('/v1/config', { headers: as(ada) })).json(),
      );
      expect(config.categories).toContain('technical.incident');
      expect(config.docs[0]?.routes).toEqual(['/candidates']);
      expect(config.sla_targets.urgent.first_response_minutes).toBeGreaterThan(0);
      const categories = (await (
        await server.fetch('/v1/categories', { headers: as(bob) })
      ).json()) as { items: { key: string; json_schema: { type?: string } }[] };
      const api = categories.items.find((item) => item.key === 'technical.api');
      expect(api?.json_schema.type).toBe('object');
    });

    it('creates a ticket (admin) with its number, SLA state and allowed actions', async () => {
      const response = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: questionBody('Numéro attendu'),
      });
      expect(response.status).toBe(201);
      const detail = ticketDetailSchema.parse(await response.json());
      expect(detail.ticket.number).toBeGreaterThan(0);
      expect(detail.ticket.status).toBe('new');
      expect(detail.ticket.requester).toEqual({
        id: 'ada',
        name: 'Ada Lovelace',
        email: 'ada@acme.test',
      });
      expect(detail.allowed_actions).toEqual(['reply', 'close']);
      expect(detail.sla.resolution.clock).toBe('not_started');
      const thread = threadSchema.parse(
        await (
          await server.fetch(`/v1/tickets/${detail.ticket.id}/messages`, { headers: as(ada) })
        ).json(),
      );
      expect(thread.events.map((event) => event.kind)).toEqual(['created']);
    });

    it('refuses creation by a member, an unknown category and invalid category fields', async () => {
      const member = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(bob, true),
        json: questionBody(),
      });
      expect(member.status).toBe(403);
      expect((await problem(member)).code).toBe('forbidden');
      const unknown = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody(), category: 'nope.nope' },
      });
      expect((await problem(unknown)).errors?.[0]?.path).toBe('category');
      const fields = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody(), category: 'technical.api', fields: { impact: 'huge' } },
      });
      const body = await problem(fields);
      expect(body.code).toBe('validation_failed');
      const paths = body.errors?.map((error) => error.path) ?? [];
      expect(paths).toContain('fields.steps_to_reproduce');
      expect(paths).toContain('fields.impact');
      const missing = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody(), subject: '' },
      });
      expect((await problem(missing)).errors?.map((error) => error.path)).toContain('subject');
    });

    it("validates the whole form with the category's form schema, as the widget does", async () => {
      // What the widget refuses (blank subject, subject over 120 characters) is refused here.
      for (const subject of ['   ', 's'.repeat(121)]) {
        const refused = await server.fetch('/v1/tickets', {
          method: 'POST',
          headers: as(ada, true),
          json: questionBody(subject),
        });
        expect((await problem(refused)).errors?.map((error) => error.path)).toEqual(['subject']);
      }
      // What it accepts is stored as the schema reads it: without the blanks around the texts.
      const created = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: {
          ...questionBody(`\uFEFF ${'s'.repeat(120)} \n`),
          description: '\n  Les détails.  ',
        },
      });
      expect(created.status).toBe(201);
      const { ticket } = ticketDetailSchema.parse(await created.json());
      expect([ticket.subject, ticket.description]).toEqual(['s'.repeat(120), 'Les détails.']);
    });

    it('refuses half a surrogate pair in any text as invalid input, never a 500', async () => {
      // JSON carries it ("\\ud83d"); PostgreSQL cannot store it.
      const created = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody('Rapport au format ODS'), description: 'x\uDC00' },
      });
      expect((await problem(created)).errors?.map((error) => error.path)).toEqual(['description']);
      const { ticket } = ticketDetailSchema.parse(
        await (
          await server.fetch('/v1/tickets', {
            method: 'POST',
            headers: as(ada, true),
            json: questionBody('Rapport au format ODS, demande 2'),
          })
        ).json(),
      );
      const reply = await server.fetch(`/v1/tickets/${ticket.id}/messages`, {
        method: 'POST',
        headers: as(ada, true),
        json: { body: 'voici \uD83D', attachments: [] },
      });
      expect((await problem(reply)).errors?.map((error) => error.path)).toEqual(['body']);
    });

    it('drops a field the form hides with whatever it holds, as the widget does', async () => {
      const report = (outputFormat: string) => ({
        ...questionBody('Rapport trimestriel au format ODS'),
        category: 'technical.sql_report',
        fields: {
          data_wanted: 'Les candidats de 2026',
          output_format: outputFormat,
          output_format_other: 'ODS\u0000',
        },
      });
      // Hidden (the format is CSV): never rejected, not kept.
      const created = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: report('csv'),
      });
      expect(created.status).toBe(201);
      expect(ticketDetailSchema.parse(await created.json()).ticket.fields).toEqual({
        data_wanted: 'Les candidats de 2026',
        output_format: 'csv',
      });
      // Shown: its NUL character is refused, at its place.
      const refused = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: report('other'),
      });
      expect((await problem(refused)).errors?.map((error) => error.path)).toEqual([
        'fields.output_format_other',
      ]);
    });

    it('lists mine and company tickets, filters by status and text, pages with a cursor', async () => {
      const first = await create('Pagination un');
      await create('Pagination deux');
      await create('Pagination trois');
      const mine = ticketPageSchema.parse(
        await (await server.fetch('/v1/tickets?scope=mine&limit=2', { headers: as(ada) })).json(),
      );
      expect(mine.items).toHaveLength(2);
      expect(mine.next_cursor).not.toBeNull();
      const next = ticketPageSchema.parse(
        await (
          await server.fetch(`/v1/tickets?scope=mine&limit=2&cursor=${mine.next_cursor}`, {
            headers: as(ada),
          })
        ).json(),
      );
      expect(next.items[0]?.id).not.toBe(mine.items[0]?.id);
      const bobMine = ticketPageSchema.parse(
        await (await server.fetch('/v1/tickets', { headers: as(bob) })).json(),
      );
      expect(bobMine.items).toEqual([]);
      const company = ticketPageSchema.parse(
        await (
          await server.fetch('/v1/tickets?scope=company&q=pagination&status=open', {
            headers: as(bob),
          })
        ).json(),
      );
      expect(company.items.map((item) => item.id)).toContain(first.id);
      const eveCompany = ticketPageSchema.parse(
        await (await server.fetch('/v1/tickets?scope=company', { headers: as(eve) })).json(),
      );
      expect(eveCompany.items.some((item) => item.id === first.id)).toBe(false);
      const closed = ticketPageSchema.parse(
        await (
          await server.fetch('/v1/tickets?scope=company&status=closed', { headers: as(bob) })
        ).json(),
      );
      expect(closed.items.some((item) => item.id === first.id)).toBe(false);
      for (const q of [String(first.number), `#${first.number}`]) {
        const byNumber = ticketPageSchema.parse(
          await (
            await server.fetch(`/v1/tickets?scope=company&q=${encodeURIComponent(q)}`, {
              headers: as(bob),
            })
          ).json(),
        );
        expect(byNumber.items.map((item) => item.id)).toEqual([first.id]);
      }
      const eveByNumber = ticketPageSchema.parse(
        await (
          await server.fetch(`/v1/tickets?scope=company&q=${first.number}`, { headers: as(eve) })
        ).json(),
      );
      expect(eveByNumber.items).toEqual([]);
      const invalid = await server.fetch('/v1/tickets?limit=500', { headers: as(ada) });
      expect((await problem(invalid)).errors?.[0]?.path).toBe('query.limit');
      const badCursor = await server.fetch('/v1/tickets?cursor=garbage', { headers: as(ada) });
      expect(badCursor.status).toBe(400);
    });

    it("finds the company's similar open tickets, accent- and case-insensitively", async () => {
      const match = await create("L'EXPORT CSV des candidats est vide");
      await create('Changer le numéro de TVA');
      const response = await server.fetch(
        `/v1/tickets/similar?q=${encodeURIComponent('export csv candidat vidé')}`,
        { headers: as(bob) },
      );
      const similar = similarTicketsResponseSchema.parse(await response.json());
      expect(similar.items[0]?.id).toBe(match.id);
      expect(similar.items.some((item) => item.subject.includes('TVA'))).toBe(false);
      const other = similarTicketsResponseSchema.parse(
        await (
          await server.fetch(`/v1/tickets/similar?q=${encodeURIComponent('export csv vide')}`, {
            headers: as(eve),
          })
        ).json(),
      );
      expect(other.items).toEqual([]);
    });

    it('runs the lifecycle: reply resumes a waiting ticket, resolve, reopen, close, rate once', async () => {
      const ticket = await create('Cycle de vie complet');
      expect(
        (await agentPost(`/v1/agent/tickets/${ticket.id}/status`, { status: 'in_progress' }))
          .status,
      ).toBe(200);
      const question = await agentPost(`/v1/agent/tickets/${ticket.id}/messages`, {
        body: 'Quel navigateur ?',
        attachments: [],
      });
      expect(question.status).toBe(201);
      messageSchema.parse(await question.json());
      const waiting = await agentPost(`/v1/agent/tickets/${ticket.id}/status`, {
        status: 'waiting_on_customer',
      });
      expect(agentTicketDetailSchema.parse(await waiting.json()).sla.resolution.clock).toBe(
        'paused',
      );
      const reply = await server.fetch(`/v1/tickets/${ticket.id}/messages`, {
        method: 'POST',
        headers: as(ada, true),
        json: { body: 'Firefox 140', attachments: [] },
      });
      expect(reply.status).toBe(201);
      const afterReply = ticketDetailSchema.parse(
        await (await server.fetch(`/v1/tickets/${ticket.id}`, { headers: as(ada) })).json(),
      );
      expect(afterReply.ticket.status).toBe('in_progress');
      const resolved = await agentPost(`/v1/agent/tickets/${ticket.id}/status`, {
        status: 'resolved',
        reason: 'fixed',
      });
      expect(agentTicketDetailSchema.parse(await resolved.json()).ticket.resolution?.reason).toBe(
        'fixed',
      );
      const reopen = await server.fetch(`/v1/tickets/${ticket.id}/reopen`, {
        method: 'POST',
        headers: as(ada, true),
        json: { comment: 'Toujours présent' },
      });
      expect(reopen.status).toBe(200);
      expect(ticketDetailSchema.parse(await reopen.json()).ticket.status).toBe('in_progress');
      await agentPost(`/v1/agent/tickets/${ticket.id}/status`, {
        status: 'resolved',
        reason: 'answered',
      });
      const close = await server.fetch(`/v1/tickets/${ticket.id}/close`, {
        method: 'POST',
        headers: as(ada, true),
        json: {},
      });
      expect(ticketDetailSchema.parse(await close.json()).ticket.status).toBe('closed');
      const rate = await server.fetch(`/v1/tickets/${ticket.id}/rating`, {
        method: 'POST',
        headers: as(ada, true),
        json: { score: 'good', comment: 'Merci' },
      });
      expect(ticketDetailSchema.parse(await rate.json()).ticket.rating?.score).toBe('good');
      const again = await server.fetch(`/v1/tickets/${ticket.id}/rating`, {
        method: 'POST',
        headers: as(ada, true),
        json: { score: 'bad' },
      });
      expect((await problem(again)).code).toBe('already_rated');
      const replyClosed = await server.fetch(`/v1/tickets/${ticket.id}/messages`, {
        method: 'POST',
        headers: as(ada, true),
        json: { body: 'encore', attachments: [] },
      });
      expect((await problem(replyClosed)).code).toBe('invalid_transition');
      const thread = threadSchema.parse(
        await (
          await server.fetch(`/v1/tickets/${ticket.id}/messages`, { headers: as(bob) })
        ).json(),
      );
      expect(thread.messages.map((message) => message.author.kind)).toEqual([
        'agent',
        'customer',
        'customer',
      ]);
      expect(thread.events.map((event) => event.kind)).toContain('rated');
    });

    it('refuses reopening after the reopen window and a member closing a colleague ticket', async () => {
      const ticket = await create('Fenêtre de réouverture');
      await agentPost(`/v1/agent/tickets/${ticket.id}/status`, { status: 'in_progress' });
      await agentPost(`/v1/agent/tickets/${ticket.id}/status`, {
        status: 'resolved',
        reason: 'fixed',
      });
      const byBob = await server.fetch(`/v1/tickets/${ticket.id}/close`, {
        method: 'POST',
        headers: as(bob, true),
        json: {},
      });
      expect(byBob.status).toBe(403);
      const detail = ticketDetailSchema.parse(
        await (await server.fetch(`/v1/tickets/${ticket.id}`, { headers: as(bob) })).json(),
      );
      expect(detail.allowed_actions).toEqual([]);
      const saved = server.clock.now;
      server.clock.now += 30 * 86_400_000;
      try {
        const late = await server.fetch(`/v1/tickets/${ticket.id}/reopen`, {
          method: 'POST',
          headers: as(await server.token(people.ada), true),
          json: {},
        });
        expect((await problem(late)).code).toBe('reopen_window_expired');
      } finally {
        server.clock.now = saved;
      }
    });

    it('lets agents list, read, rename and merge; the duplicate points to the kept ticket', async () => {
      const kept = await create('Connexion impossible');
      const duplicate = await create('Impossible de se connecter');
      const list = await server.fetch('/v1/agent/tickets?company=acme&status=open', {
        headers: agent,
      });
      const page = (await list.json()) as { items: { id: string; company_id: string }[] };
      expect(page.items.map((item) => item.id)).toContain(kept.id);
      const renamed = await agentPost(`/v1/agent/tickets/${kept.id}/rename`, {
        subject: 'Connexion impossible depuis le SSO',
      });
      expect(agentTicketDetailSchema.parse(await renamed.json()).ticket.subject).toBe(
        'Connexion impossible depuis le SSO',
      );
      const merged = await agentPost(`/v1/agent/tickets/${duplicate.id}/merge`, { into: kept.id });
      expect(merged.status).toBe(200);
      const mergedTicket = agentTicketDetailSchema.parse(await merged.json()).ticket;
      expect(mergedTicket.merged_into).toBe(kept.id);
      expect(mergedTicket.status).toBe('resolved');
      expect(mergedTicket.resolution).toEqual({ reason: 'duplicate', duplicate_of: kept.id });
      const history = threadSchema.parse(
        await (
          await server.fetch(`/v1/agent/tickets/${duplicate.id}/messages`, { headers: agent })
        ).json(),
      );
      expect(history.events.map((event) => event.kind)).toContain('merged');
      const self = await agentPost(`/v1/agent/tickets/${kept.id}/merge`, { into: kept.id });
      expect(self.status).toBe(409);
      const missing = await agentPost(`/v1/agent/tickets/${kept.id}/merge`, { into: 'tkt_nope' });
      expect((await problem(missing)).errors?.[0]?.path).toBe('into');
      const resolveWithoutReason = await agentPost(`/v1/agent/tickets/${kept.id}/status`, {
        status: 'resolved',
      });
      expect((await problem(resolveWithoutReason)).errors?.[0]?.path).toBe('reason');
    });

    it("refuses merging a ticket into another company's ticket", async () => {
      const gus = await server.token(people.gus);
      const acme = await create('Connexion impossible chez Acme');
      const globex = await create('Connexion impossible chez Globex', gus);
      const merged = await agentPost(`/v1/agent/tickets/${acme.id}/merge`, { into: globex.id });
      expect((await problem(merged)).errors?.[0]?.path).toBe('into');
      const kept = await server.fetch(`/v1/tickets/${globex.id}`, { headers: as(gus) });
      const participants = ticketDetailSchema.parse(await kept.json()).ticket.participants;
      expect(participants.map((person) => person.email)).toEqual([people.gus.email]);
      const untouched = await server.fetch(`/v1/tickets/${acme.id}`, { headers: as(ada) });
      expect(ticketDetailSchema.parse(await untouched.json()).ticket.merged_into).toBeNull();
    });

    it("refuses resolving a ticket as a duplicate of another company's ticket, as merging does", async () => {
      const gus = await server.token(people.gus);
      const acme = await create('Facture introuvable chez Acme');
      const globex = await create('Facture introuvable chez Globex', gus);
      const merge = await problem(
        await agentPost(`/v1/agent/tickets/${acme.id}/merge`, { into: globex.id }),
      );
      const duplicate = await agentPost(`/v1/agent/tickets/${acme.id}/status`, {
        status: 'resolved',
        reason: 'duplicate',
        duplicate_of: globex.id,
      });
      expect(duplicate.status).toBe(400);
      const refused = await problem(duplicate);
      expect(refused.code).toBe(merge.code);
      expect(refused.errors?.map((error) => error.path)).toEqual(['duplicate_of']);
      // Nothing changed, and Ada's ticket names nothing of Globex's.
      const seen = await server.fetch(`/v1/tickets/${acme.id}`, { headers: as(ada) });
      const detail = ticketDetailSchema.parse(await seen.json());
      expect(detail.ticket.status).toBe('new');
      expect(detail.ticket.resolution).toBeNull();
      const thread = await server.fetch(`/v1/tickets/${acme.id}/messages`, { headers: as(ada) });
      expect(await thread.text()).not.toContain(globex.id);
      // Within one company the duplicate is recorded, and its requester is shown the link.
      const original = await create('Facture introuvable (première demande)');
      const same = await agentPost(`/v1/agent/tickets/${acme.id}/status`, {
        status: 'resolved',
        reason: 'duplicate',
        duplicate_of: original.id,
      });
      expect(same.status).toBe(200);
      const resolved = await server.fetch(`/v1/tickets/${acme.id}`, { headers: as(ada) });
      expect(ticketDetailSchema.parse(await resolved.json()).ticket.resolution).toEqual({
        reason: 'duplicate',
        duplicate_of: original.id,
      });
    });

    it("never shows a customer a link to another company's ticket, even one stored before the rule", async () => {
      const gus = await server.token(people.gus);
      const acme = await create('Lien ancien vers Globex');
      const globex = await create('Ticket de Globex lié par erreur', gus);
      // A link written by an earlier version, which checked neither merges nor duplicates.
      const stored = await server.store.getTicket(acme.tenant_id, acme.id);
      if (stored === null) {
        throw new Error('the ticket just created is missing');
      }
      const at = new Date(server.clock.now).toISOString();
      const link = { reason: 'duplicate', duplicate_of: globex.id } as const;
      await server.store.updateTicket(
        { ...stored.ticket, status: 'resolved', resolution: link, resolved_at: at },
        stored.version,
      );
      const actor = { kind: 'agent', id: 'agent:Support A', name: 'Support A' } as const;
      await server.store.insertEvent(acme.tenant_id, {
        id: randomUUID(),
        ticket_id: acme.id,
        at,
        actor,
        kind: 'status_changed',
        from: 'new',
        to: 'resolved',
        resolution: link,
      });
      const merged = await create('Fusionné vers Globex autrefois');
      const storedMerged = await server.store.getTicket(merged.tenant_id, merged.id);
      if (storedMerged === null) {
        throw new Error('the ticket just created is missing');
      }
      await server.store.updateTicket(
        {
          ...storedMerged.ticket,
          status: 'resolved',
          resolution: link,
          resolved_at: at,
          merged_into: globex.id,
        },
        storedMerged.version,
      );
      await server.store.insertEvent(merged.tenant_id, {
        id: randomUUID(),
        ticket_id: merged.id,
        at,
        actor,
        kind: 'merged',
        into: globex.id,
        into_number: globex.number,
      });
      const answers = [
        await server.fetch(`/v1/tickets/${acme.id}`, { headers: as(ada) }),
        await server.fetch(`/v1/tickets/${acme.id}/messages`, { headers: as(ada) }),
        await server.fetch(`/v1/tickets/${merged.id}`, { headers: as(bob) }),
        await server.fetch(`/v1/tickets/${merged.id}/messages`, { headers: as(bob) }),
        await server.fetch('/v1/tickets?scope=company&status=closed', { headers: as(bob) }),
        await server.fetch(`/v1/tickets?scope=mine&q=${acme.number}`, { headers: as(ada) }),
        await server.fetch(`/v1/tickets/${acme.id}/rating`, {
          method: 'POST',
          headers: as(ada, true),
          json: { score: 'good' },
        }),
      ];
      for (const answer of answers) {
        expect(answer.status).toBeLessThan(300);
        expect(await answer.text()).not.toContain(globex.id);
      }
      const shown = ticketDetailSchema.parse(
        await (await server.fetch(`/v1/tickets/${merged.id}`, { headers: as(ada) })).json(),
      );
      // The ticket still reads as resolved as a duplicate, and still cannot be reopened.
      expect(shown.ticket.resolution).toEqual({ reason: 'duplicate', duplicate_of: null });
      expect(shown.ticket.merged_into).toBeNull();
      expect(shown.allowed_actions).not.toContain('reopen');
      const history = threadSchema.parse(
        await (
          await server.fetch(`/v1/tickets/${merged.id}/messages`, { headers: as(ada) })
        ).json(),
      );
      expect(history.events.map((event) => event.kind)).toEqual(['created']);
      // Agents, who see the whole tenant, still see the link as stored.
      const agentView = await server.fetch(`/v1/agent/tickets/${merged.id}`, { headers: agent });
      expect(agentTicketDetailSchema.parse(await agentView.json()).ticket.merged_into).toBe(
        globex.id,
      );
    });

    it('enqueues notifications without ticket content and schedules the waiting job', async () => {
      const ticket = await create('Notification attendue');
      await agentPost(`/v1/agent/tickets/${ticket.id}/status`, { status: 'in_progress' });
      await agentPost(`/v1/agent/tickets/${ticket.id}/messages`, {
        body: 'Secret detail',
        attachments: [],
      });
      await agentPost(`/v1/agent/tickets/${ticket.id}/status`, { status: 'waiting_on_customer' });
      const notifications = await server.store.listNotifications('acme-saas', ticket.id);
      expect(notifications.map((n) => n.kind).sort()).toEqual([
        'agent_replied',
        'ticket_received',
        'waiting_for_reply',
      ]);
      expect(JSON.stringify(notifications)).not.toContain('Secret detail');
      expect(notifications.every((n) => n.recipientEmail === 'ada@acme.test')).toBe(true);
      const job = await server.store.getJob({
        tenantId: 'acme-saas',
        ticketId: ticket.id,
        kind: waitingJobKind,
      });
      expect(job?.dueAt.toISOString()).toBe(
        new Date(server.clock.now + 2 * 86_400_000).toISOString(),
      );
    });

    it('e-mails the requester what happened with a link, never the ticket content', async () => {
      const smtp = await startSmtpCapture();
      const mailer = createSmtpMailer({
        host: smtp.host,
        port: smtp.port,
        secure: false,
        ignoreTLS: true,
        from: 'Support <support@vendor.test>',
      });
      try {
        const ticket = await create('Sujet confidentiel 7f3a');
        await agentPost(`/v1/agent/tickets/${ticket.id}/status`, { status: 'in_progress' });
        await agentPost(`/v1/agent/tickets/${ticket.id}/messages`, {
          body: 'Réponse confidentielle 9b2c',
          attachments: [],
        });
        // Earlier tests queued mails too: deliver everything, then look at this ticket's.
        await runSweep({
          store: server.store,
          now: new Date(server.clock.now),
          policyFor: () => defaultLifecyclePolicy,
          mailer,
          appUrl: 'https://app.acme-saas.test/',
        });
        const mine = smtp.mails.filter((mail) => mail.text.includes(`aide-ticket=${ticket.id}`));
        expect(mine).toHaveLength(2);
        for (const mail of mine) {
          expect(mail.to).toEqual(['ada@acme.test']);
          expect(mail.subject).toContain(String(ticket.number));
          expect(mail.raw).not.toContain('confidentiel');
        }
      } finally {
        mailer.close();
        await smtp.stop();
      }
    });

    it('uploads sniffed files, attaches them, and serves them only to allowed users', async () => {
      const upload = await server.fetch('/v1/attachments', {
        method: 'POST',
        headers: as(ada, true),
        body: uploadForm(pngBytes, '../../évil "name".png', 'image/png'),
      });
      expect(upload.status).toBe(201);
      const file = uploadedAttachmentSchema.parse(await upload.json());
      expect(file.type).toBe('image/png');
      expect(file.name).toBe('évil _name_.png');
      const created = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody('Avec pièce jointe'), attachments: [file.id] },
      });
      const ticket = ticketDetailSchema.parse(await created.json()).ticket;
      expect(ticket.attachments).toEqual([file]);
      const download = await server.fetch(`/v1/attachments/${file.id}`, { headers: as(bob) });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      expect(download.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(pngBytes);
      expect((await server.fetch(`/v1/attachments/${file.id}`, { headers: as(eve) })).status).toBe(
        404,
      );
      expect(
        (await server.fetch(`/v1/agent/attachments/${file.id}`, { headers: agent })).status,
      ).toBe(200);
      const reuse = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody('Réutilisation'), attachments: [file.id] },
      });
      expect((await problem(reuse)).errors?.[0]?.path).toBe('attachments.0');
    });

    it("keeps an unattached upload its uploader's within their company, whatever the user id", async () => {
      const upload = await server.fetch('/v1/attachments', {
        method: 'POST',
        headers: as(ada, true),
        body: uploadForm(pngBytes, 'brouillon.png', 'image/png'),
      });
      const file = uploadedAttachmentSchema.parse(await upload.json());
      // The host signs Ada's user id for Globex too, and another user's id reads like an agent's.
      const adaAtGlobex = await server.token(people.adaAtGlobex);
      const lookalike = await server.token(people.agentLookalike);
      const agentUpload = await server.fetch('/v1/agent/attachments', {
        method: 'POST',
        headers: { ...agent, 'Idempotency-Key': randomUUID() },
        body: uploadForm(pngBytes, 'réponse.png', 'image/png'),
      });
      const agentFile = uploadedAttachmentSchema.parse(await agentUpload.json());
      for (const [token, id] of [
        [adaAtGlobex, file.id],
        [lookalike, agentFile.id],
      ] as const) {
        const download = await server.fetch(`/v1/attachments/${id}`, { headers: as(token) });
        expect(download.status).toBe(404);
        const claim = await server.fetch('/v1/tickets', {
          method: 'POST',
          headers: as(token, true),
          json: { ...questionBody('Pièce jointe d’un autre'), attachments: [id] },
        });
        expect((await problem(claim)).errors?.[0]?.path).toBe('attachments.0');
      }
      const own = await server.fetch(`/v1/attachments/${file.id}`, { headers: as(ada) });
      expect(own.status).toBe(200);
    });

    it('deletes uploads never attached to a ticket after a day, keeps attached ones', async () => {
      const upload = async (name: string) =>
        uploadedAttachmentSchema.parse(
          await (
            await server.fetch('/v1/attachments', {
              method: 'POST',
              headers: as(ada, true),
              body: uploadForm(pngBytes, name, 'image/png'),
            })
          ).json(),
        ).id;
      const abandoned = await upload('abandoned.png');
      const kept = await upload('kept.png');
      await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody('Pièce conservée'), attachments: [kept] },
      });
      const files = createFileStore(server.config.data_dir);
      const later = new Date(server.clock.now + 25 * 3_600_000);
      expect(await purgeAbandonedUploads(server.store, files, later)).toBeGreaterThanOrEqual(1);
      expect(
        (await server.fetch(`/v1/attachments/${abandoned}`, { headers: as(ada) })).status,
      ).toBe(404);
      expect((await server.fetch(`/v1/attachments/${kept}`, { headers: as(ada) })).status).toBe(
        200,
      );
    });

    it('takes only images as the screenshot of a display problem, judged by their bytes', async () => {
      const upload = async (bytes: Uint8Array, name: string) => {
        const response = await server.fetch('/v1/attachments', {
          method: 'POST',
          headers: as(ada, true),
          body: uploadForm(bytes, name, 'image/png'),
        });
        return ((await response.json()) as { id: string }).id;
      };
      const uiIssue = (screenshot: string[]) => ({
        ...questionBody('Bouton Exporter illisible'),
        category: 'general.ui_issue',
        fields: { steps_to_reproduce: 'Ouvrir la liste des candidats', screenshot },
      });
      const text = await upload(new TextEncoder().encode('pas une image'), 'capture.png');
      const image = await upload(pngBytes, 'capture.png');
      const refused = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: uiIssue([image, text]),
      });
      expect((await problem(refused)).errors?.map((error) => error.path)).toEqual([
        'fields.screenshot.1',
      ]);
      // Nothing was attached by the refused request: the image can still be sent.
      const created = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: uiIssue([image]),
      });
      expect(created.status).toBe(201);
    });

    it('refuses spoofed, oversized, HTML-as-PNG and SVG uploads, and too many bytes per ticket', async () => {
      const cases: [Uint8Array, string, string, number][] = [
        [
          new TextEncoder().encode('<!doctype html><script>alert(1)</script>'),
          'cat.png',
          'image/png',
          415,
        ],
        [
          new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'),
          'logo.svg',
          'image/svg+xml',
          415,
        ],
        [new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 'report.pdf', 'application/pdf', 415],
        [new Uint8Array(101 * 1024).fill(0x41), 'big.txt', 'text/plain', 413],
        [new Uint8Array(300 * 1024).fill(0x41), 'huge.txt', 'text/plain', 413],
      ];
      for (const [bytes, name, type, status] of cases) {
        const response = await server.fetch('/v1/attachments', {
          method: 'POST',
          headers: as(ada, true),
          body: uploadForm(bytes, name, type),
        });
        expect(`${name} ${response.status}`).toBe(`${name} ${status}`);
        await problem(response);
      }
      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const response = await server.fetch('/v1/attachments', {
          method: 'POST',
          headers: as(ada, true),
          body: uploadForm(
            new Uint8Array(95 * 1024).fill(0x42 + index),
            `log-${index}.log`,
            'text/plain',
          ),
        });
        ids.push(uploadedAttachmentSchema.parse(await response.json()).id);
      }
      const tooMuch = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody('Trop de fichiers'), attachments: ids },
      });
      expect((await problem(tooMuch)).code).toBe('payload_too_large');
      const noFile = await server.fetch('/v1/attachments', {
        method: 'POST',
        headers: as(ada, true),
        body: new FormData(),
      });
      expect((await problem(noFile)).errors?.[0]?.path).toBe('file');
    });

    it('answers problem+json for malformed JSON, unknown routes, wrong methods and wrong media types', async () => {
      const malformed = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: { ...as(ada, true), 'Content-Type': 'application/json' },
        body: '{"subject": ',
      });
      expect(malformed.status).toBe(400);
      expect((await problem(malformed)).code).toBe('invalid_json');
      const unknown = await server.fetch('/v1/nope', { headers: as(ada) });
      expect(unknown.status).toBe(404);
      expect((await problem(unknown)).code).toBe('not_found');
      const method = await server.fetch('/v1/me', { method: 'DELETE', headers: as(ada) });
      expect(method.status).toBe(405);
      expect(method.headers.get('allow')).toBe('GET, OPTIONS');
      expect((await problem(method)).code).toBe('method_not_allowed');
      const media = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: { ...as(ada, true), 'Content-Type': 'text/plain' },
        body: JSON.stringify(questionBody()),
      });
      expect((await problem(media)).code).toBe('unsupported_media_type');
      const large = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada, true),
        json: { ...questionBody(), description: 'x'.repeat(70 * 1024) },
      });
      expect(large.status).toBe(413);
      expect((await problem(large)).code).toBe('payload_too_large');
      const badId = await server.fetch(`/v1/tickets/${'x'.repeat(65)}`, { headers: as(ada) });
      expect(badId.status).toBe(404);
      const text = await (await server.fetch('/v1/tickets/unknown', { headers: as(ada) })).text();
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    });

    it('requires an Idempotency-Key on every POST and replays the first answer', async () => {
      const missing = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: as(ada),
        json: questionBody(),
      });
      expect(missing.status).toBe(400);
      expect((await problem(missing)).code).toBe('idempotency_key_missing');
      const agentMissing = await server.fetch('/v1/agent/tickets/x/rename', {
        method: 'POST',
        headers: agent,
        json: { subject: 'x' },
      });
      expect((await problem(agentMissing)).code).toBe('idempotency_key_missing');
      const key = randomUUID();
      const send = (token: string, body: unknown) =>
        server.fetch('/v1/tickets', {
          method: 'POST',
          headers: { ...as(token), 'Idempotency-Key': key },
          json: body,
        });
      const first = await send(ada, questionBody('Rejeu idempotent'));
      const firstBody = ticketDetailSchema.parse(await first.json());
      // Same meaning, keys in another order: still the same request.
      const reordered = Object.fromEntries(
        Object.entries(questionBody('Rejeu idempotent')).reverse(),
      );
      const replay = await send(ada, reordered);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotency-replayed')).toBe('true');
      expect(ticketDetailSchema.parse(await replay.json()).ticket.id).toBe(firstBody.ticket.id);
      const different = await send(ada, questionBody('Autre sujet'));
      expect(different.status).toBe(422);
      expect((await problem(different)).code).toBe('idempotency_key_reused');
      // The key is scoped per user: another admin may use the same one.
      const gus = await send(await server.token(people.gus), questionBody('Rejeu idempotent'));
      expect(gus.status).toBe(201);
      expect(ticketDetailSchema.parse(await gus.json()).ticket.id).not.toBe(firstBody.ticket.id);
      const list = ticketPageSchema.parse(
        await (
          await server.fetch(`/v1/tickets?q=${encodeURIComponent('Rejeu idempotent')}`, {
            headers: as(ada),
          })
        ).json(),
      );
      expect(list.items).toHaveLength(1);
    });

    it('creates exactly one ticket from 50 parallel identical requests', async () => {
      const key = randomUUID();
      const subject = `Cinquante requêtes ${randomUUID().slice(0, 8)}`;
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          server.fetch('/v1/tickets', {
            method: 'POST',
            headers: { ...as(ada), 'Idempotency-Key': key },
            json: questionBody(subject),
          }),
        ),
      );
      const ids = new Set<string>();
      let conflicts = 0;
      for (const response of responses) {
        if (response.status === 201) {
          ids.add(ticketDetailSchema.parse(await response.json()).ticket.id);
        } else {
          expect(response.status).toBe(409);
          expect((await problem(response)).code).toBe('idempotency_in_progress');
          conflicts += 1;
        }
      }
      const list = ticketPageSchema.parse(
        await (
          await server.fetch(`/v1/tickets?q=${encodeURIComponent(subject)}`, { headers: as(ada) })
        ).json(),
      );
      console.log(
        `[${engine}] 50 parallel identical creates: ${50 - conflicts} answered 201 (${ids.size} distinct ticket), ${conflicts} answered 409, ${list.items.length} ticket stored`,
      );
      expect(ids.size).toBe(1);
      expect(list.items).toHaveLength(1);
    });

    it('limits CORS to the tenant origins, wildcard ports included', async () => {
      const preflight = await server.fetch('/v1/tickets', {
        method: 'OPTIONS',
        headers: {
          Origin: 'http://localhost:5173',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
      for (const origin of [
        'https://evil.test',
        'http://localhost.evil.test:5173',
        'https://localhost:5173',
      ]) {
        const refused = await server.fetch('/v1/tickets', {
          method: 'OPTIONS',
          headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' },
        });
        expect(refused.status).toBe(403);
        expect(refused.headers.get('access-control-allow-origin')).toBeNull();
      }
      const allowed = await server.fetch('/v1/me', {
        headers: { ...as(ada), Origin: 'http://localhost:3000' },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      // An origin of another tenant cannot call with this tenant's tokens.
      const otherTenantOrigin = await server.fetch('/v1/me', {
        headers: { ...as(ada), Origin: 'https://other.test' },
      });
      expect(otherTenantOrigin.status).toBe(403);
      const unknownOrigin = await server.fetch('/v1/me', {
        headers: { ...as(ada), Origin: 'https://evil.test' },
      });
      expect(unknownOrigin.status).toBe(403);
      expect(unknownOrigin.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('never answers 500 or a stack trace to malformed input on any endpoint', async () => {
      const ticket = await create('Cible du fuzz');
      const paths = endpointList.map((endpoint) =>
        endpoint.path.replace(':id', endpoint.path.includes('attachments') ? 'att_x' : ticket.id),
      );
      const bodies = fc.oneof(
        fc.string(),
        fc.json(),
        fc.constantFrom('{', '[]', 'null', '{"subject":{"$gt":""}}', '\u0000', '{"a":'.repeat(50)),
        fc.jsonValue().map((value) => JSON.stringify({ ...questionBody(), fields: value })),
      );
      const queries = fc.oneof(
        fc.constant(''),
        fc
          .string()
          .map((value) => `?q=${encodeURIComponent(value)}&limit=${encodeURIComponent(value)}`),
        fc.constantFrom('?limit=-1', '?cursor=%00', '?status=nope', '?scope=all', '?q=%E0%A4%A'),
      );
      let requests = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...paths),
          fc.constantFrom('GET', 'POST'),
          bodies,
          queries,
          fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x'),
          async (path, method, body, query, type) => {
            requests += 1;
            const token = path.startsWith('/v1/agent') ? agentKeyA : ada;
            const response = await server.fetch(`${path}${query}`, {
              method,
              headers: {
                Authorization: `Bearer ${token}`,
                'Idempotency-Key': randomUUID(),
                'Content-Type': type,
              },
              ...(method === 'POST' ? { body } : {}),
            });
            const text = await response.text();
            expect(response.status).toBeLessThan(500);
            expect(text).not.toMatch(/\bat .+:\d+:\d+/);
            if (response.status >= 400) {
              expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            }
          },
        ),
        { numRuns: 150 },
      );
      console.log(`[${engine}] fuzz: ${requests} malformed requests, none answered 5xx`);
    });

    it('sets security headers on every answer', async () => {
      const response = await server.fetch('/v1/me', { headers: as(ada) });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(response.headers.get('cache-control')).toBe('no-store');
    });
  });

  // Company view off: each user sees the tickets they filed or were added to. Whoever a ticket
  // was merged from follows the kept one (its e-mails link there), within their company only.
  describe(`HTTP API on ${engine}, participants with company view off`, () => {
    let server: TestServer;
    const agent = { Authorization: `Bearer ${agentKeyA}` };
    const carol = { ...people.bob, sub: 'carol', name: 'Carol Neither', email: 'carol@acme.test' };

    beforeAll(async () => {
      server = await startTestServer(factory, {
        tenants: [
          {
            id: tenantA,
            secret: secretA,
            company_view: false,
            agent_keys: [{ name: 'Support A', key: agentKeyA }],
          },
        ],
      });
    });
    afterAll(() => server?.close());

    async function post(path: string, headers: Record<string, string>, json: unknown) {
      return server.fetch(path, {
        method: 'POST',
        headers: { ...headers, 'Idempotency-Key': randomUUID() },
        json,
      });
    }

    async function file(token: string, subject: string, attachments: string[] = []) {
      const response = await post('/v1/tickets', as(token), {
        ...questionBody(subject),
        attachments,
      });
      expect(response.status).toBe(201);
      return ticketDetailSchema.parse(await response.json()).ticket;
    }

    async function ids(token: string, query: string) {
      const response = await server.fetch(`/v1/tickets?${query}`, { headers: as(token) });
      expect(response.status).toBe(200);
      return ticketPageSchema.parse(await response.json()).items.map((item) => item.id);
    }

    /** Adds people to a ticket straight in the store, as data written by any version could. */
    async function addParticipants(
      ticket: { tenant_id: string; id: string },
      added: { id: string; name: string; email: string; role: 'participant' | 'agent' }[],
    ) {
      const stored = await server.store.getTicket(ticket.tenant_id, ticket.id);
      if (stored === null) {
        throw new Error('the ticket just filed is missing');
      }
      await server.store.updateTicket(
        { ...stored.ticket, participants: [...stored.ticket.participants, ...added] },
        stored.version,
      );
    }

    it('lets the requester of a merged ticket open, list, search and answer the kept one, but not close, reopen or rate it', async () => {
      const ada = await server.token(people.ada);
      const bob = await server.token(people.bob);
      const bobFiling = await server.token(people.bob, { role: 'admin' });
      const upload = await server.fetch('/v1/attachments', {
        method: 'POST',
        headers: as(ada, true),
        body: uploadForm(pngBytes, 'capture.png', 'image/png'),
      });
      const screenshot = uploadedAttachmentSchema.parse(await upload.json());
      const kept = await file(ada, 'Connexion SSO impossible', [screenshot.id]);
      const merged = await file(bobFiling, 'Impossible de se connecter par SSO');
      expect((await server.fetch(`/v1/tickets/${kept.id}`, { headers: as(bob) })).status).toBe(404);
      const merge = await post(`/v1/agent/tickets/${merged.id}/merge`, agent, { into: kept.id });
      expect(merge.status).toBe(200);

      const detail = await server.fetch(`/v1/tickets/${kept.id}`, { headers: as(bob) });
      expect(detail.status).toBe(200);
      expect(ticketDetailSchema.parse(await detail.json()).allowed_actions).toEqual(['reply']);
      const thread = await server.fetch(`/v1/tickets/${kept.id}/messages`, { headers: as(bob) });
      expect(thread.status).toBe(200);
      expect(threadSchema.parse(await thread.json()).events.map((event) => event.kind)).toContain(
        'created',
      );
      const download = await server.fetch(`/v1/attachments/${screenshot.id}`, {
        headers: as(bob),
      });
      expect(download.status).toBe(200);
      expect(await ids(bob, 'scope=mine')).toEqual(expect.arrayContaining([kept.id, merged.id]));
      expect(await ids(bob, 'scope=mine&status=open')).toEqual([kept.id]);
      expect(await ids(bob, `scope=mine&q=${kept.number}`)).toEqual([kept.id]);
      expect(await ids(bob, `scope=mine&q=%23${kept.number}`)).toEqual([kept.id]);
      const similar = await server.fetch('/v1/tickets/similar?q=connexion%20sso', {
        headers: as(bob),
      });
      expect(
        similarTicketsResponseSchema.parse(await similar.json()).items.map((item) => item.id),
      ).toContain(kept.id);
      const reply = await post(`/v1/tickets/${kept.id}/messages`, as(bob), {
        body: 'Même souci chez moi depuis ce matin.',
        attachments: [],
      });
      expect(reply.status).toBe(201);

      // The e-mails that brought Bob here keep coming, and their link now opens.
      const answer = await post(`/v1/agent/tickets/${kept.id}/messages`, agent, {
        body: 'Nous regardons.',
        attachments: [],
      });
      expect(answer.status).toBe(201);
      const mails = await server.store.listNotifications(tenantA, kept.id);
      expect(
        mails.filter((mail) => mail.kind === 'agent_replied').map((mail) => mail.recipientEmail),
      ).toEqual(expect.arrayContaining([people.ada.email, people.bob.email]));

      // Deciding stays with the requester and the company's administrators.
      await post(`/v1/agent/tickets/${kept.id}/status`, agent, { status: 'in_progress' });
      await post(`/v1/agent/tickets/${kept.id}/status`, agent, {
        status: 'resolved',
        reason: 'fixed',
      });
      for (const [action, json] of [
        ['close', {}],
        ['reopen', {}],
        ['rating', { score: 'good' }],
      ] as const) {
        const refused = await post(`/v1/tickets/${kept.id}/${action}`, as(bob), json);
        expect(refused.status, action).toBe(403);
      }
      const resolved = await server.fetch(`/v1/tickets/${kept.id}`, { headers: as(bob) });
      expect(ticketDetailSchema.parse(await resolved.json()).allowed_actions).toEqual([]);
      const rated = await post(`/v1/tickets/${kept.id}/rating`, as(ada), { score: 'good' });
      expect(rated.status).toBe(200);
    });

    it('shows a ticket to a participant of its own company only, never to one recorded from another company, an agent entry or a colleague', async () => {
      const ada = await server.token(people.ada);
      const bob = await server.token(people.bob);
      const eve = await server.token(people.eve);
      const gus = await server.token(people.gus);
      const carolToken = await server.token(carol);
      const ticket = await file(ada, 'Export des candidats bloqué');
      // Eve and Gus (Globex) recorded by a merge across companies, before those were refused;
      // Carol's id as an agent's entry. Bob is a participant of Acme, as a merge makes him.
      await addParticipants(ticket, [
        { id: people.eve.sub, name: people.eve.name, email: people.eve.email, role: 'participant' },
        { id: people.gus.sub, name: people.gus.name, email: people.gus.email, role: 'participant' },
        { id: carol.sub, name: 'Support A', email: 'support@acme-saas.test', role: 'agent' },
        { id: people.bob.sub, name: people.bob.name, email: people.bob.email, role: 'participant' },
      ]);
      const globexTicket = await file(gus, 'Export Globex bloqué');
      await addParticipants(globexTicket, [
        { id: people.bob.sub, name: people.bob.name, email: people.bob.email, role: 'participant' },
      ]);

      expect((await server.fetch(`/v1/tickets/${ticket.id}`, { headers: as(bob) })).status).toBe(
        200,
      );
      expect(await ids(bob, 'scope=mine')).toContain(ticket.id);
      const refusals = [
        ...[eve, gus, carolToken].map((token) => ({ token, id: ticket.id, number: ticket.number })),
        { token: bob, id: globexTicket.id, number: globexTicket.number },
      ];
      for (const { token, id, number } of refusals) {
        for (const path of [`/v1/tickets/${id}`, `/v1/tickets/${id}/messages`]) {
          expect((await server.fetch(path, { headers: as(token) })).status, path).toBe(404);
        }
        const reply = await post(`/v1/tickets/${id}/messages`, as(token), {
          body: 'Je ne devrais pas pouvoir écrire ici.',
          attachments: [],
        });
        expect(reply.status).toBe(404);
        expect(await ids(token, 'scope=mine')).not.toContain(id);
        expect(await ids(token, `scope=mine&q=${number}`)).toEqual([]);
      }
    });
  });
}
