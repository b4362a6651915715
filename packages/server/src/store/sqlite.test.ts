import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createdEvent, draftTicket } from '../test-support/tickets';
import { sqliteMigrations } from './migrations/sqlite';
import { openSqliteStore } from './sqlite';
import { isStoreError } from './store';
import { storeSuite } from './store-suite';

const follower = {
  id: 'bob',
  name: 'Bob Martin',
  email: 'bob@acme.test',
  role: 'participant',
} as const;

async function withFileStore(run: (path: string) => Promise<void>): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'aide-sqlite-group-'));
  try {
    await run(join(directory, 'aide.sqlite'));
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('SQLite store', () => {
  storeSuite(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'aide-sqlite-'));
    const path = join(directory, 'nested', 'aide.sqlite');
    return {
      open: () => openSqliteStore({ path }),
      drop: async () => rmSync(directory, { recursive: true, force: true }),
    };
  });

  it('works in memory, for throwaway uses', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    expect(await store.appliedMigrations()).toEqual([1, 2, 3]);
    await store.close();
  });

  it('refuses a migration history with a gap before touching the database', async () => {
    await expect(
      openSqliteStore({
        path: ':memory:',
        migrations: [{ version: 2, name: 'skips one', sql: 'CREATE TABLE x (y INTEGER)' }],
      }),
    ).rejects.toThrow('expected 1');
  });

  it('upgrades an existing database by applying only the missing versions, keeping its data', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'aide-upgrade-'));
    try {
      const path = join(directory, 'aide.sqlite');
      const old = await openSqliteStore({ path, migrations: sqliteMigrations.slice(0, 1) });
      expect(await old.appliedMigrations()).toEqual([1]);
      await old.close();
      // A ticket as version 1 of the schema held it: the document and its columns only.
      const ticket = { ...draftTicket({ participants: [follower] }), number: 1 };
      const raw = new Database(path);
      raw
        .prepare(
          `INSERT INTO tickets (tenant_id, id, number, version, company_id, requester_id, status,
             category, last_activity_ms, search_text, doc)
           VALUES (?, ?, 1, 1, ?, ?, ?, ?, ?, '', ?)`,
        )
        .run(
          ticket.tenant_id,
          ticket.id,
          ticket.company_id,
          ticket.requester.id,
          ticket.status,
          ticket.category,
          Date.parse(ticket.last_activity_at),
          JSON.stringify(ticket),
        );
      raw.close();
      const upgraded = await openSqliteStore({ path });
      expect(await upgraded.appliedMigrations()).toEqual([1, 2, 3]);
      expect((await upgraded.getTicket('tenant-a', ticket.id))?.ticket.number).toBe(1);
      // Listed for the person it names as a participant, though written before their table.
      const followed = await upgraded.listTickets({ tenantId: 'tenant-a', memberId: 'bob' });
      expect(followed.items.map((each) => each.id)).toEqual([ticket.id]);
      await upgraded.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('commits transactions that queue up together, each atomic: a failing one rolls back alone', async () => {
    await withFileStore(async (path) => {
      const store = await openSqliteStore({ path });
      const drafts = [draftTicket(), draftTicket(), draftTicket(), draftTicket()];
      // Started in the same turn, so they wait for the connection together.
      const outcomes = await Promise.allSettled(
        drafts.map((draft, index) =>
          store.transaction(async (tx) => {
            const stored = await tx.insertTicket(draft);
            await tx.insertEvent('tenant-a', createdEvent(draft.id));
            if (index === 1) {
              throw new Error('refused after its writes');
            }
            return stored.ticket.number;
          }),
        ),
      );
      expect(outcomes.map((outcome) => outcome.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'fulfilled',
      ]);
      // The refused one gave its number back: numbering stays gapless.
      expect(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))).toEqual([
        1, 2, 3,
      ]);
      expect(await store.getTicket('tenant-a', drafts[1]?.id ?? '')).toBeNull();
      expect(await store.listEvents('tenant-a', drafts[1]?.id ?? '')).toEqual([]);
      for (const draft of [drafts[0], drafts[2], drafts[3]]) {
        expect(await store.listEvents('tenant-a', draft?.id ?? '')).toHaveLength(1);
      }
      await store.close();
      // Durable: another connection finds them after the close.
      const reopened = await openSqliteStore({ path });
      const page = await reopened.listTickets({ tenantId: 'tenant-a', limit: 10 });
      expect(page.items.map((ticket) => ticket.number).toSorted()).toEqual([1, 2, 3]);
      await reopened.close();
    });
  });

  it('reads the last commit without waiting for a transaction in progress', async () => {
    await withFileStore(async (path) => {
      const store = await openSqliteStore({ path });
      const first = await store.insertTicket(draftTicket());
      let finish = () => {};
      const held = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const draft = draftTicket();
      const writing = store.transaction(async (tx) => {
        await tx.insertTicket(draft);
        await held;
      });
      // The transaction holds the write lock and has written; a read neither waits for it nor
      // sees its uncommitted row.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await store.getTicket('tenant-a', first.ticket.id))?.ticket.number).toBe(1);
      expect(await store.getTicket('tenant-a', draft.id)).toBeNull();
      finish();
      await writing;
      expect((await store.getTicket('tenant-a', draft.id))?.ticket.number).toBe(2);
      await store.close();
    });
  });

  it('refuses every write once closed, including those queued behind the close', async () => {
    await withFileStore(async (path) => {
      const store = await openSqliteStore({ path });
      const queued = store.insertTicket(draftTicket());
      await store.close();
      await expect(queued).resolves.toMatchObject({ version: 1 });
      await expect(store.insertTicket(draftTicket())).rejects.toSatisfy((error) =>
        isStoreError(error, 'invalid_config'),
      );
    });
  });
});
