import { randomUUID } from 'node:crypto';
import type { TicketStatus } from '@aide/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createdEvent, draftTicket, message } from '../test-support/tickets';
import { isStoreError, type Store } from './store';

/**
 * A fresh, empty database of one engine. `open()` may be called several times: each call is a
 * separate connection (or pool) to the same database, as two server instances would have.
 */
export interface StoreTestDatabase {
  open(): Promise<Store>;
  drop(): Promise<void>;
}

/** The suite both engines must pass (sqlite.test.ts, postgres.test.ts). */
export function storeSuite(createDatabase: () => Promise<StoreTestDatabase>): void {
  let database: StoreTestDatabase;
  let store: Store;
  const opened: Store[] = [];

  async function openAnother(): Promise<Store> {
    const another = await database.open();
    opened.push(another);
    return another;
  }

  beforeEach(async () => {
    database = await createDatabase();
    store = await openAnother();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((each) => each.close()));
    await database.drop();
  });

  describe('migrations', () => {
    it('records the applied versions and applies nothing twice on the next start', async () => {
      expect(await store.appliedMigrations()).toEqual([1, 2, 3]);
      const again = await openAnother();
      expect(await again.appliedMigrations()).toEqual([1, 2, 3]);
    });
  });

  describe('tickets', () => {
    it('numbers tickets per tenant from 1 and finds them by id and by number', async () => {
      const first = await store.insertTicket(draftTicket({ subject: 'First' }));
      const second = await store.insertTicket(draftTicket({ subject: 'Second' }));
      const otherTenant = await store.insertTicket(draftTicket({ tenant_id: 'tenant-b' }));
      expect([first.ticket.number, second.ticket.number, otherTenant.ticket.number]).toEqual([
        1, 2, 1,
      ]);
      expect(first.version).toBe(1);
      expect(await store.getTicket('tenant-a', second.ticket.id)).toEqual(second);
      expect((await store.getTicketByNumber('tenant-a', 1))?.ticket.subject).toBe('First');
      expect((await store.getTicketByNumber('tenant-b', 1))?.ticket.id).toBe(otherTenant.ticket.id);
    });

    it('never shows a ticket to another tenant', async () => {
      const stored = await store.insertTicket(draftTicket());
      expect(await store.getTicket('tenant-b', stored.ticket.id)).toBeNull();
      expect(await store.getTicketByNumber('tenant-b', stored.ticket.number)).toBeNull();
      expect((await store.listTickets({ tenantId: 'tenant-b' })).items).toEqual([]);
    });

    it('refuses an invalid ticket without consuming a number', async () => {
      const invalid = { ...draftTicket(), subject: '' };
      await expect(store.insertTicket(invalid)).rejects.toSatisfy((error) =>
        isStoreError(error, 'invalid_record'),
      );
      expect((await store.insertTicket(draftTicket())).ticket.number).toBe(1);
    });

    it('refuses NUL characters on both engines alike and finds nothing when looking one up', async () => {
      await expect(
        store.insertTicket(draftTicket({ description: 'before\u0000after' })),
      ).rejects.toSatisfy((error) => isStoreError(error, 'invalid_record'));
      // The six characters a developer types when describing the bug are fine.
      const stored = await store.insertTicket(
        draftTicket({ description: 'Got \\u0000 in output' }),
      );
      expect(stored.ticket.number).toBe(1);
      expect(stored.ticket.description).toBe('Got \\u0000 in output');
      expect(await store.getTicket('tenant-a', `${stored.ticket.id}\u0000`)).toBeNull();
      await expect(
        store.insertMessage('tenant-a', message(stored.ticket.id, { body: '\u0000' })),
      ).rejects.toSatisfy((error) => isStoreError(error, 'invalid_record'));
      expect(
        (await store.listTickets({ tenantId: 'tenant-a', q: 'export\u0000fails' })).items,
      ).toHaveLength(1);
    });

    it('refuses a second ticket with the same id', async () => {
      const stored = await store.insertTicket(draftTicket());
      await expect(store.insertTicket(draftTicket({ id: stored.ticket.id }))).rejects.toSatisfy(
        (error) => isStoreError(error, 'duplicate'),
      );
      // The refused insert rolled back its number too.
      expect((await store.insertTicket(draftTicket())).ticket.number).toBe(2);
    });

    it('updates only from the current version and reports a stale one', async () => {
      const stored = await store.insertTicket(draftTicket());
      const updated = await store.updateTicket(
        { ...stored.ticket, status: 'in_progress', subject: 'Export fails on Safari' },
        stored.version,
      );
      expect(updated.version).toBe(2);
      expect((await store.getTicket('tenant-a', stored.ticket.id))?.ticket.subject).toBe(
        'Export fails on Safari',
      );
      await expect(
        store.updateTicket({ ...stored.ticket, status: 'closed' }, stored.version),
      ).rejects.toSatisfy((error) => isStoreError(error, 'version_conflict'));
      expect((await store.getTicket('tenant-a', stored.ticket.id))?.ticket.status).toBe(
        'in_progress',
      );
      await expect(store.updateTicket({ ...stored.ticket, id: 'missing' }, 1)).rejects.toSatisfy(
        (error) => isStoreError(error, 'not_found'),
      );
    });

    it('lets exactly one of two concurrent updates of the same version win', async () => {
      const stored = await store.insertTicket(draftTicket());
      const other = await openAnother();
      const results = await Promise.allSettled([
        store.updateTicket({ ...stored.ticket, status: 'in_progress' }, stored.version),
        other.updateTicket({ ...stored.ticket, status: 'escalated' }, stored.version),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((result) => result.status === 'rejected');
      expect(isStoreError(rejected?.reason, 'version_conflict')).toBe(true);
    });

    it('gives 50 concurrent inserts from two instances the numbers 1 to 50, no gap, no duplicate', async () => {
      const other = await openAnother();
      const started = performance.now();
      const stored = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          (index % 2 === 0 ? store : other).insertTicket(draftTicket({ subject: `T${index}` })),
        ),
      );
      const elapsed = performance.now() - started;
      const numbers = stored.map((each) => each.ticket.number).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
      expect((await store.listTickets({ tenantId: 'tenant-a', limit: 100 })).items).toHaveLength(
        50,
      );
      console.info(`[${store.dialect}] 50 concurrent numbered inserts: ${elapsed.toFixed(0)} ms`);
    });
  });

  describe('transactions', () => {
    it('rolls everything back, number included, when the function throws', async () => {
      const draft = draftTicket();
      await expect(
        store.transaction(async (tx) => {
          await tx.insertTicket(draft);
          await tx.insertEvent('tenant-a', createdEvent(draft.id));
          throw new Error('validation failed later');
        }),
      ).rejects.toThrow('validation failed later');
      expect(await store.getTicket('tenant-a', draft.id)).toBeNull();
      expect(await store.listEvents('tenant-a', draft.id)).toEqual([]);
      expect((await store.insertTicket(draftTicket())).ticket.number).toBe(1);
    });

    it('commits several writes together and sees its own writes', async () => {
      const draft = draftTicket();
      const seen = await store.transaction(async (tx) => {
        await tx.insertTicket(draft);
        await tx.insertEvent('tenant-a', createdEvent(draft.id));
        return tx.getTicket('tenant-a', draft.id, { forUpdate: true });
      });
      expect(seen?.ticket.id).toBe(draft.id);
      expect(await store.listEvents('tenant-a', draft.id)).toHaveLength(1);
    });

    it('refuses to be used inside its own transaction instead of deadlocking', async () => {
      await expect(
        store.transaction(async () => store.getTicket('tenant-a', 'x')),
      ).rejects.toSatisfy((error) => isStoreError(error, 'invalid_config'));
      expect(await store.getTicket('tenant-a', 'x')).toBeNull();
    });
  });

  describe('listing', () => {
    async function seed() {
      const rows: [string, string, string, TicketStatus, string, string][] = [
        // subject, company, requester, status, category, description
        ['Écran noir après mise à jour', 'acme', 'ada', 'new', 'technical.incident', 'Depuis hier'],
        ['Facture en double', 'acme', 'bob', 'in_progress', 'billing.invoice', 'Deux fois'],
        ['Export CSV vide', 'acme', 'ada', 'resolved', 'technical.incident', 'Aucune ligne'],
        ['Accès refusé', 'globex', 'eve', 'waiting_on_customer', 'access.login', 'Code 403'],
        ['Le cœur du problème', 'acme', 'bob', 'closed', 'technical.incident', '100% bloqué'],
      ];
      const stored = [];
      for (const [
        index,
        [subject, company, requester, status, category, description],
      ] of rows.entries()) {
        stored.push(
          await store.insertTicket(
            draftTicket({
              subject,
              company_id: company,
              requester: { id: requester, name: requester, email: null },
              status,
              category,
              description,
              last_activity_at: `2026-03-0${index + 1}T10:00:00.000Z`,
            }),
          ),
        );
      }
      return stored.map((each) => each.ticket);
    }

    function subjects(page: { items: { subject: string }[] }) {
      return page.items.map((ticket) => ticket.subject);
    }

    it('filters by company, requester, statuses and category, newest activity first', async () => {
      await seed();
      expect(
        subjects(await store.listTickets({ tenantId: 'tenant-a', companyId: 'acme' })),
      ).toEqual([
        'Le cœur du problème',
        'Export CSV vide',
        'Facture en double',
        'Écran noir après mise à jour',
      ]);
      expect(
        subjects(
          await store.listTickets({ tenantId: 'tenant-a', companyId: 'acme', requesterId: 'ada' }),
        ),
      ).toEqual(['Export CSV vide', 'Écran noir après mise à jour']);
      expect(
        subjects(
          await store.listTickets({
            tenantId: 'tenant-a',
            statuses: ['new', 'waiting_on_customer'],
          }),
        ),
      ).toEqual(['Accès refusé', 'Écran noir après mise à jour']);
      expect(
        subjects(await store.listTickets({ tenantId: 'tenant-a', category: 'billing.invoice' })),
      ).toEqual(['Facture en double']);
      expect(
        subjects(await store.listTickets({ tenantId: 'tenant-a', statuses: [] })),
      ).toHaveLength(5);
    });

    it("lists a member's tickets: those they filed and those they were added to, nobody else's", async () => {
      const [screen, invoice, , access, heart] = await seed();
      const person = (id: string, role: 'participant' | 'agent') => ({
        id,
        name: id,
        email: null,
        role,
      });
      const add = async (ticket: typeof screen, ...people: ReturnType<typeof person>[]) => {
        const stored = await store.getTicket('tenant-a', ticket?.id ?? '');
        if (stored === null) {
          throw new Error('seeded ticket missing');
        }
        await store.updateTicket(
          { ...stored.ticket, participants: [...stored.ticket.participants, ...people] },
          stored.version,
        );
      };
      // Bob follows Ada's screen ticket; an agent entry with Carol's id grants her nothing.
      await add(screen, person('bob', 'participant'), person('carol', 'agent'));
      await add(access, person('bob', 'participant'));
      const mine = async (memberId: string, companyId = 'acme') =>
        subjects(await store.listTickets({ tenantId: 'tenant-a', companyId, memberId }));
      expect(await mine('bob')).toEqual([
        'Le cœur du problème',
        'Facture en double',
        'Écran noir après mise à jour',
      ]);
      expect(await mine('carol')).toEqual([]);
      expect(await mine('bob', 'globex')).toEqual(['Accès refusé']);
      // Filed and followed tickets page as one list, one row at a time, and take text filters.
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listTickets({
          tenantId: 'tenant-a',
          companyId: 'acme',
          memberId: 'bob',
          limit: 1,
          ...(cursor === undefined ? {} : { cursor }),
        });
        paged.push(...subjects(page));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(paged).toEqual(await mine('bob'));
      const search = async (q: string) =>
        subjects(
          await store.listTickets({ tenantId: 'tenant-a', companyId: 'acme', memberId: 'bob', q }),
        );
      expect(await search('ecran')).toEqual(['Écran noir après mise à jour']);
      expect(await search('double')).toEqual(['Facture en double']);
      // Leaving the participants leaves the list; the requester stays whatever the entries say.
      const current = await store.getTicket('tenant-a', screen?.id ?? '');
      if (current === null || invoice === undefined || heart === undefined) {
        throw new Error('seeded ticket missing');
      }
      await store.updateTicket({ ...current.ticket, participants: [] }, current.version);
      expect(await mine('bob')).toEqual(['Le cœur du problème', 'Facture en double']);
      expect(
        subjects(
          await store.listTickets({
            tenantId: 'tenant-a',
            companyId: 'acme',
            memberId: 'bob',
            statuses: ['closed'],
            limit: 1,
          }),
        ),
      ).toEqual(['Le cœur du problème']);
    });

    it('matches text without regard to accents, case or ligatures, in subject or description', async () => {
      await seed();
      const search = async (q: string) =>
        subjects(await store.listTickets({ tenantId: 'tenant-a', q }));
      expect(await search('ecran')).toEqual(['Écran noir après mise à jour']);
      expect(await search('ÉCRAN APRES')).toEqual(['Écran noir après mise à jour']);
      expect(await search('acces')).toEqual(['Accès refusé']);
      expect(await search('coeur')).toEqual(['Le cœur du problème']);
      expect(await search('aucune')).toEqual(['Export CSV vide']);
      expect(await search('écran facture')).toEqual([]);
      expect(await search('   ')).toHaveLength(5);
    });

    it('treats % and _ in a query as plain characters', async () => {
      await seed();
      expect(subjects(await store.listTickets({ tenantId: 'tenant-a', q: '100%' }))).toEqual([
        'Le cœur du problème',
      ]);
      expect(subjects(await store.listTickets({ tenantId: 'tenant-a', q: '%' }))).toEqual([
        'Le cœur du problème',
      ]);
      expect(subjects(await store.listTickets({ tenantId: 'tenant-a', q: '_' }))).toEqual([]);
    });

    it('pages through every ticket exactly once, ties included, even while new ones arrive', async () => {
      const ids = new Set<string>();
      for (let index = 0; index < 23; index++) {
        // Groups of three share the same activity time: the id breaks the tie.
        const at = `2026-03-01T10:${String(Math.floor(index / 3)).padStart(2, '0')}:00.000Z`;
        ids.add((await store.insertTicket(draftTicket({ last_activity_at: at }))).ticket.id);
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listTickets({
          tenantId: 'tenant-a',
          limit: 5,
          ...(cursor === undefined ? {} : { cursor }),
        });
        seen.push(...page.items.map((ticket) => ticket.id));
        const activity = page.items.map((ticket) => ticket.last_activity_at);
        expect([...activity].sort().reverse()).toEqual(activity);
        cursor = page.nextCursor ?? undefined;
        pages++;
        if (pages === 2) {
          // A newer ticket arriving mid-way belongs to the first page, not to a later one.
          await store.insertTicket(draftTicket({ last_activity_at: '2026-03-09T00:00:00.000Z' }));
        }
      } while (cursor !== undefined);
      expect(pages).toBe(5);
      expect(seen).toHaveLength(23);
      expect(new Set(seen)).toEqual(ids);
    });

    it('refuses a forged cursor and an out-of-range limit with clear errors', async () => {
      await expect(
        store.listTickets({ tenantId: 'tenant-a', cursor: 'not-a-cursor' }),
      ).rejects.toSatisfy((error) => isStoreError(error, 'invalid_cursor'));
      await expect(store.listTickets({ tenantId: 'tenant-a', limit: 101 })).rejects.toSatisfy(
        (error) => isStoreError(error, 'invalid_record'),
      );
    });

    it('lists the open tickets of one company for the duplicate check', async () => {
      const [ecran, facture] = await seed();
      const candidates = await store.listOpenTicketsForSimilarity('tenant-a', 'acme');
      expect(candidates).toEqual([
        { id: facture?.id, number: 2, subject: 'Facture en double', status: 'in_progress' },
        { id: ecran?.id, number: 1, subject: 'Écran noir après mise à jour', status: 'new' },
      ]);
      expect(await store.listOpenTicketsForSimilarity('tenant-b', 'acme')).toEqual([]);
    });
  });

  describe('thread', () => {
    it('keeps messages and events per ticket, oldest first, and per tenant', async () => {
      const { ticket } = await store.insertTicket(draftTicket());
      const later = message(ticket.id, { body: 'second', created_at: '2026-03-02T11:00:00.000Z' });
      const earlier = message(ticket.id, { body: 'first', created_at: '2026-03-02T10:00:00.000Z' });
      const sameTime = message(ticket.id, {
        body: 'third',
        created_at: '2026-03-02T11:00:00.000Z',
      });
      await store.insertMessage('tenant-a', later);
      await store.insertMessage('tenant-a', earlier);
      await store.insertMessage('tenant-a', sameTime);
      await store.insertEvent('tenant-a', createdEvent(ticket.id));
      expect((await store.listMessages('tenant-a', ticket.id)).map((each) => each.body)).toEqual([
        'first',
        'second',
        'third',
      ]);
      expect(await store.listMessages('tenant-b', ticket.id)).toEqual([]);
      expect((await store.listEvents('tenant-a', ticket.id)).map((each) => each.kind)).toEqual([
        'created',
      ]);
      await expect(store.insertMessage('tenant-a', { ...earlier, body: '' })).rejects.toSatisfy(
        (error) => isStoreError(error, 'duplicate'),
      );
    });
  });

  describe('attachments', () => {
    it('stores metadata, links files to a ticket and sums them for the limits', async () => {
      const { ticket } = await store.insertTicket(draftTicket());
      const base = {
        tenantId: 'tenant-a',
        uploaderId: 'ada',
        type: 'image/png',
        ticketId: null,
        messageId: null,
        createdAt: new Date('2026-03-02T09:00:00Z'),
      };
      await store.insertAttachment({
        ...base,
        id: 'f1',
        name: 'a.png',
        size: 1000,
        storageKey: 'k1',
      });
      await store.insertAttachment({
        ...base,
        id: 'f2',
        name: 'b.png',
        size: 2500,
        storageKey: 'k2',
      });
      expect(await store.attachmentUsage('tenant-a', ticket.id)).toEqual({ count: 0, bytes: 0 });
      await store.linkAttachment('tenant-a', 'f1', { ticketId: ticket.id, messageId: null });
      await store.linkAttachment('tenant-a', 'f2', { ticketId: ticket.id, messageId: 'm1' });
      expect(await store.attachmentUsage('tenant-a', ticket.id)).toEqual({ count: 2, bytes: 3500 });
      expect(await store.getAttachment('tenant-a', 'f2')).toEqual({
        ...base,
        id: 'f2',
        name: 'b.png',
        size: 2500,
        storageKey: 'k2',
        ticketId: ticket.id,
        messageId: 'm1',
      });
      expect(await store.getAttachment('tenant-b', 'f2')).toBeNull();
      await expect(
        store.linkAttachment('tenant-b', 'f1', { ticketId: ticket.id, messageId: null }),
      ).rejects.toSatisfy((error) => isStoreError(error, 'not_found'));
    });

    it('finds abandoned uploads for clean-up and forgets them', async () => {
      const base = {
        tenantId: 'tenant-a',
        uploaderId: 'ada',
        type: 'text/plain',
        size: 10,
        ticketId: null,
        messageId: null,
      };
      const day = (n: number) => new Date(Date.UTC(2026, 2, n));
      await store.insertAttachment({
        ...base,
        id: 'old',
        name: 'o',
        storageKey: 'k1',
        createdAt: day(1),
      });
      await store.insertAttachment({
        ...base,
        id: 'new',
        name: 'n',
        storageKey: 'k2',
        createdAt: day(5),
      });
      await store.insertAttachment({
        ...base,
        id: 'linked',
        name: 'l',
        storageKey: 'k3',
        createdAt: day(1),
        ticketId: 't1',
      });
      const abandoned = await store.listUnlinkedAttachments(day(3), 100);
      expect(abandoned.map((each) => each.id)).toEqual(['old']);
      expect(await store.deleteAttachment('tenant-b', 'old')).toBe(false);
      expect(await store.deleteAttachment('tenant-a', 'old')).toBe(true);
      expect(await store.getAttachment('tenant-a', 'old')).toBeNull();
      expect(await store.listUnlinkedAttachments(day(3), 100)).toEqual([]);
    });
  });

  describe('idempotency', () => {
    const scope = { tenantId: 'tenant-a', userId: 'ada', key: 'key-1' };
    const now = new Date('2026-03-02T09:00:00Z');

    it('starts, reports in progress, then replays the stored response', async () => {
      expect(await store.lookupIdempotency(scope)).toBeNull();
      expect(await store.beginIdempotency(scope, 'hash-1', now)).toEqual({ state: 'started' });
      expect(await store.lookupIdempotency(scope)).toEqual({
        state: 'in_progress',
        requestHash: 'hash-1',
        createdAt: now,
      });
      expect(await store.beginIdempotency(scope, 'hash-2', now)).toEqual({
        state: 'in_progress',
        requestHash: 'hash-1',
        createdAt: now,
      });
      await store.completeIdempotency(scope, { status: 201, body: { id: 't1', number: 7 } }, now);
      expect((await store.lookupIdempotency(scope))?.state).toBe('completed');
      await expect(
        store.completeIdempotency(scope, { status: 201, body: null }, now),
      ).rejects.toSatisfy((error) => isStoreError(error, 'not_found'));
      expect(await store.beginIdempotency(scope, 'hash-1', now)).toEqual({
        state: 'completed',
        requestHash: 'hash-1',
        createdAt: now,
        response: { status: 201, body: { id: 't1', number: 7 } },
      });
    });

    it('scopes keys per tenant and per user', async () => {
      await store.beginIdempotency(scope, 'hash-1', now);
      expect(await store.beginIdempotency({ ...scope, userId: 'bob' }, 'hash-1', now)).toEqual({
        state: 'started',
      });
      expect(
        await store.beginIdempotency({ ...scope, tenantId: 'tenant-b' }, 'hash-1', now),
      ).toEqual({ state: 'started' });
    });

    it('forgets an abandoned key and a key whose write rolled back', async () => {
      await store.beginIdempotency(scope, 'hash-1', now);
      await store.abandonIdempotency(scope);
      expect(await store.beginIdempotency(scope, 'hash-1', now)).toEqual({ state: 'started' });
      const other = { ...scope, key: 'key-2' };
      await expect(
        store.transaction(async (tx) => {
          await tx.beginIdempotency(other, 'hash-1', now);
          throw new Error('write failed');
        }),
      ).rejects.toThrow('write failed');
      expect(await store.beginIdempotency(other, 'hash-1', now)).toEqual({ state: 'started' });
    });

    it('keeps records until purged and purges only the old ones', async () => {
      await store.beginIdempotency(scope, 'hash-1', now);
      await store.beginIdempotency(
        { ...scope, key: 'fresh' },
        'hash-1',
        new Date('2026-03-03T10:00:00Z'),
      );
      expect(await store.purgeIdempotency(new Date('2026-03-03T09:00:00Z'))).toBe(1);
      expect((await store.beginIdempotency(scope, 'hash-9', now)).state).toBe('started');
      expect((await store.beginIdempotency({ ...scope, key: 'fresh' }, 'h', now)).state).toBe(
        'in_progress',
      );
    });

    it('creates one ticket for 20 concurrent identical requests on two instances', async () => {
      const other = await openAnother();
      const draft = draftTicket();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          (index % 2 === 0 ? store : other).transaction(async (tx) => {
            const begun = await tx.beginIdempotency(scope, 'hash-1', now);
            if (begun.state !== 'started') {
              return begun.state;
            }
            const stored = await tx.insertTicket(draft);
            await tx.completeIdempotency(scope, { status: 201, body: stored.ticket }, now);
            return 'created';
          }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'created')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'completed')).toHaveLength(19);
      expect((await store.listTickets({ tenantId: 'tenant-a' })).items).toHaveLength(1);
    });
  });

  describe('jobs', () => {
    const t0 = new Date('2026-03-02T09:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

    it('claims a job only once due, and moves it when rescheduled', async () => {
      const job = { tenantId: 'tenant-a', ticketId: 't1', kind: 'wake_up' };
      await store.scheduleJob({ ...job, dueAt: at(10) });
      expect(await store.claimDueJobs({ now: at(9), owner: 'a', leaseMs: 60_000 })).toEqual([]);
      await store.scheduleJob({ ...job, dueAt: at(20) });
      expect(await store.claimDueJobs({ now: at(15), owner: 'a', leaseMs: 60_000 })).toEqual([]);
      const [claimed] = await store.claimDueJobs({ now: at(20), owner: 'a', leaseMs: 60_000 });
      expect(claimed).toMatchObject({ ...job, dueAt: at(20), attempts: 0 });
      expect(await store.claimDueJobs({ now: at(20), owner: 'b', leaseMs: 60_000 })).toEqual([]);
      expect(await store.finishJob(claimed!.id, 'b', null)).toBe(false);
      expect(await store.finishJob(claimed!.id, 'a', at(100))).toBe(true);
      expect((await store.getJob(job))?.dueAt).toEqual(at(100));
      const [again] = await store.claimDueJobs({ now: at(100), owner: 'b', leaseMs: 60_000 });
      expect(await store.finishJob(again!.id, 'b', null)).toBe(true);
      expect(await store.getJob(job)).toBeNull();
      expect(await store.claimDueJobs({ now: at(10_000), owner: 'b', leaseMs: 60_000 })).toEqual(
        [],
      );
    });

    it('gives a job back to others when its lease expires, and counts failures', async () => {
      const job = { tenantId: 'tenant-a', ticketId: 't1', kind: 'wake_up' };
      await store.scheduleJob({ ...job, dueAt: at(0) });
      const [first] = await store.claimDueJobs({ now: at(0), owner: 'a', leaseMs: 60_000 });
      expect(await store.claimDueJobs({ now: at(0.5), owner: 'b', leaseMs: 60_000 })).toEqual([]);
      const [stolen] = await store.claimDueJobs({ now: at(1), owner: 'b', leaseMs: 60_000 });
      expect(stolen?.id).toBe(first?.id);
      // The first owner lost its claim: its late result is refused.
      expect(await store.finishJob(first!.id, 'a', null)).toBe(false);
      expect(await store.failJob(stolen!.id, 'b', 'SMTP down', at(5))).toBe(true);
      const [retried] = await store.claimDueJobs({ now: at(5), owner: 'c', leaseMs: 60_000 });
      expect(retried).toMatchObject({ attempts: 1, lastError: 'SMTP down' });
      await store.cancelJob(job);
      expect(await store.getJob(job)).toBeNull();
    });

    it('hands each due job to exactly one of two concurrent claimers', async () => {
      for (let index = 0; index < 40; index++) {
        await store.scheduleJob({
          tenantId: 'tenant-a',
          ticketId: `t${index}`,
          kind: 'wake_up',
          dueAt: at(0),
        });
      }
      const other = await openAnother();
      const claimedBy = async (claimer: Store, owner: string) => {
        const ids: string[] = [];
        for (;;) {
          const batch = await claimer.claimDueJobs({
            now: at(1),
            owner,
            leaseMs: 60_000,
            limit: 3,
          });
          if (batch.length === 0) {
            return ids;
          }
          ids.push(...batch.map((job) => job.id));
          // Stands for the work done on each batch, during which the other instance claims.
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
      };
      const started = performance.now();
      const [a, b] = await Promise.all([claimedBy(store, 'a'), claimedBy(other, 'b')]);
      const elapsed = performance.now() - started;
      expect(a.length + b.length).toBe(40);
      expect(new Set([...a, ...b]).size).toBe(40);
      console.info(
        `[${store.dialect}] 40 jobs claimed by two instances in batches of 3: ${a.length}/${b.length} in ${elapsed.toFixed(0)} ms`,
      );
    });
  });

  describe('notification outbox', () => {
    const t0 = new Date('2026-03-02T09:00:00Z');
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const notification = {
      tenantId: 'tenant-a',
      ticketId: 't1',
      kind: 'ticket_received' as const,
      recipientEmail: 'ada@acme.test',
      recipientName: 'Ada Lovelace',
      locale: 'fr',
      data: { ticketId: 't1', ticketNumber: 7 },
      now: t0,
    };

    it('enqueues in the business transaction: rolled back with it', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.enqueueNotification(notification);
          throw new Error('business write failed');
        }),
      ).rejects.toThrow();
      expect(await store.listNotifications('tenant-a', 't1')).toEqual([]);
      const queued = await store.enqueueNotification(notification);
      expect(queued).toMatchObject({ status: 'pending', attempts: 0, data: notification.data });
    });

    it('ignores a second enqueue with the same dedupe key', async () => {
      const first = await store.enqueueNotification({ ...notification, dedupeKey: 'received:t1' });
      const second = await store.enqueueNotification({ ...notification, dedupeKey: 'received:t1' });
      expect(first).not.toBeNull();
      expect(second).toBeNull();
      expect(await store.listNotifications('tenant-a', 't1')).toHaveLength(1);
    });

    it('leases claimed messages, retries with backoff and gives up when told', async () => {
      const queued = await store.enqueueNotification(notification);
      const other = await openAnother();
      const [claimed] = await store.claimNotifications({ now: at(0), owner: 'a', leaseMs: 60_000 });
      expect(claimed?.id).toBe(queued?.id);
      expect(await other.claimNotifications({ now: at(0.5), owner: 'b', leaseMs: 60_000 })).toEqual(
        [],
      );
      expect(
        await store.markNotificationFailed(claimed!.id, 'a', 'connection refused', at(5)),
      ).toBe(true);
      expect(await other.claimNotifications({ now: at(4), owner: 'b', leaseMs: 60_000 })).toEqual(
        [],
      );
      const [retry] = await other.claimNotifications({ now: at(5), owner: 'b', leaseMs: 60_000 });
      expect(retry).toMatchObject({ attempts: 1, lastError: 'connection refused' });
      expect(await other.markNotificationFailed(retry!.id, 'b', 'mailbox refused', null)).toBe(
        true,
      );
      expect(await store.claimNotifications({ now: at(60), owner: 'a', leaseMs: 60_000 })).toEqual(
        [],
      );
      expect((await store.listNotifications('tenant-a', 't1'))[0]).toMatchObject({
        status: 'failed',
        attempts: 2,
      });
    });

    it('marks sent only for the owner of the lease', async () => {
      await store.enqueueNotification(notification);
      const [claimed] = await store.claimNotifications({ now: at(0), owner: 'a', leaseMs: 1000 });
      const [stolen] = await store.claimNotifications({ now: at(1), owner: 'b', leaseMs: 1000 });
      expect(stolen?.id).toBe(claimed?.id);
      expect(await store.markNotificationSent(claimed!.id, 'a', at(1))).toBe(false);
      expect(await store.markNotificationSent(stolen!.id, 'b', at(1))).toBe(true);
      expect(await store.markNotificationSent(stolen!.id, 'b', at(1))).toBe(false);
      expect((await store.listNotifications('tenant-a', 't1'))[0]).toMatchObject({
        status: 'sent',
        sentAt: at(1),
      });
      expect(await store.claimNotifications({ now: at(60), owner: 'c', leaseMs: 1000 })).toEqual(
        [],
      );
    });
  });

  it('opens and migrates safely when two instances start at once', async () => {
    const fresh = await createDatabase();
    try {
      const both = await Promise.all([fresh.open(), fresh.open()]);
      for (const each of both) {
        expect(await each.appliedMigrations()).toEqual([1, 2, 3]);
      }
      const stored = await both[0]!.insertTicket(draftTicket({ id: randomUUID() }));
      expect((await both[1]!.getTicket('tenant-a', stored.ticket.id))?.ticket.number).toBe(1);
      await Promise.all(both.map((each) => each.close()));
    } finally {
      await fresh.drop();
    }
  });
}
