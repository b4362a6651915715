import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type RunningPostgres, startPostgres } from '../test-support/postgres';
import { openStore } from './index';
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
    expect(await store.appliedMigrations()).toEqual([1, 2]);
    await store.close();
  } finally {
    await database.drop();
  }
});
