import { afterAll, beforeAll } from 'vitest';
import { type RunningPostgres, startPostgres } from '../test-support/postgres';
import { postgresStores } from '../test-support/stores';
import { apiSuite } from './api-suite';
import { authorizationMatrix } from './authorization-matrix';

// The same HTTP suite and authorization matrix as on SQLite, on a real PostgreSQL started on
// loopback (or AIDE_DATABASE_URL).

let postgres: RunningPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres?.stop());

const factory = postgresStores(() => postgres.url);

apiSuite('PostgreSQL', factory);
authorizationMatrix('PostgreSQL', factory);
