import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type RunningPostgres, startPostgres } from '../test-support/postgres';
import { draftTicket } from '../test-support/tickets';
import { isStoreError, openStore } from './index';
import { postgresMigrations } from './migrations/postgres';
import { openPostgresStore } from './postgres';
import { storeSuite } from './store-suite';

let postgres: RunningPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres?.stop());

describe('PostgreSQL store', () => {
  storeSuite(async () => {
    const database = await createTestDatabase(postgres.url);
    return {
      open: () => openPostgresStore({ url: database.url, poolSize: 10 }),
      drop: () => database.drop(),
    };
  });
});

it('is what openStore gives for a postgres:// URL', async () => {
  const database = await createTestDatabase(postgres.url);
  try {
    const store = await openStore({ url: database.url });
    expect(store.dialect).toBe('postgres');
    expect(await store.appliedMigrations()).toEqual([1, 2, 3]);
    await store.close();
  } finally {
    await database.drop();
  }
});

it('lists tickets written before the participants table for the people they name', async () => {
  const database = await createTestDatabase(postgres.url);
  try {
    const old = await openPostgresStore({
      url: database.url,
      migrations: postgresMigrations.slice(0, 2),
    });
    await old.close();
    // A ticket as version 2 of the schema held it: the document and its columns only.
    const follower = { id: 'bob', name: 'Bob Martin', email: null, role: 'participant' } as const;
    const agentEntry = { id: 'carol', name: 'Support', email: null, role: 'agent' } as const;
    const ticket = { ...draftTicket({ participants: [follower, agentEntry] }), number: 1 };
    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    try {
      await raw.query(
        `INSERT INTO tickets (tenant_id, id, number, version, company_id, requester_id, status,
           category, last_activity_ms, search_text, doc)
         VALUES ($1, $2, 1, 1, $3, $4, $5, $6, $7, '', $8)`,
        [
          ticket.tenant_id,
          ticket.id,
          ticket.company_id,
          ticket.requester.id,
          ticket.status,
          ticket.category,
          Date.parse(ticket.last_activity_at),
          JSON.stringify(ticket),
        ],
      );
    } finally {
      await raw.end();
    }
    const upgraded = await openPostgresStore({ url: database.url });
    expect(await upgraded.appliedMigrations()).toEqual([1, 2, 3]);
    const list = (memberId: string) => upgraded.listTickets({ tenantId: 'tenant-a', memberId });
    expect((await list('bob')).items.map((each) => each.id)).toEqual([ticket.id]);
    expect((await list('carol')).items).toEqual([]);
    await upgraded.close();
  } finally {
    await database.drop();
  }
});

it('reports a deadlock between two transactions as busy (retryable), and the other one commits', async () => {
  const database = await createTestDatabase(postgres.url);
  const store = await openPostgresStore({ url: database.url });
  try {
    const a = (await store.insertTicket(draftTicket())).ticket;
    const b = (await store.insertTicket(draftTicket())).ticket;
    let arrived = 0;
    const bothLocked = new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (arrived === 2) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    // Each transaction locks one ticket, waits for the other to do the same, then wants the
    // other's ticket: a lock cycle PostgreSQL breaks by failing one of them.
    const lockBoth = (first: string, second: string) =>
      store.transaction(async (tx) => {
        await tx.getTicket('tenant-a', first, { forUpdate: true });
        arrived++;
        await bothLocked;
        await tx.getTicket('tenant-a', second, { forUpdate: true });
        return 'committed';
      });
    const results = await Promise.allSettled([lockBoth(a.id, b.id), lockBoth(b.id, a.id)]);
    const failed = results.filter((result) => result.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect(isStoreError((failed[0] as PromiseRejectedResult).reason, 'busy')).toBe(true);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  } finally {
    await store.close();
    await database.drop();
  }
});
