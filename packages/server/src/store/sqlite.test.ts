import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
    expect(await store.appliedMigrations()).toEqual([1]);
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
});
