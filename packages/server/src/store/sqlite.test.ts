import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftTicket } from '../test-support/tickets';
import { sqliteMigrations } from './migrations/sqlite';
import { openSqliteStore } from './sqlite';
import { storeSuite } from './store-suite';

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
    expect(await store.appliedMigrations()).toEqual([1, 2]);
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
      const stored = await old.insertTicket(draftTicket());
      await old.close();
      const upgraded = await openSqliteStore({ path });
      expect(await upgraded.appliedMigrations()).toEqual([1, 2]);
      expect((await upgraded.getTicket('tenant-a', stored.ticket.id))?.ticket.number).toBe(1);
      await upgraded.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
