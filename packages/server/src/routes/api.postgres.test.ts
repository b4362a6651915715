import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../store/index';
import { createTestDatabase, type RunningPostgres, startPostgres } from '../test-support/postgres';
import { apiSuite } from './api-suite';
import { authorizationMatrix } from './authorization-matrix';
import type { StoreFactory } from './harness';

// The same HTTP suite and authorization matrix as on SQLite, on a real PostgreSQL started on
// loopback (or AIDE_DATABASE_URL).

let postgres: RunningPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres?.stop());

const factory: StoreFactory = async () => {
  const database = await createTestDatabase(postgres.url);
  const store = await openStore({ url: database.url, poolSize: 20 });
  return {
    store,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
};

apiSuite('PostgreSQL', factory);
authorizationMatrix('PostgreSQL', factory);
