import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreFactory } from '../routes/harness';
import { openStore } from '../store/index';
import { createTestDatabase } from './postgres';

/**
 * Fresh, empty SQLite stores, each in a temporary directory deleted on dispose.
 *
 * @example
 * const server = await startTestServer(sqliteStores);
 */
export const sqliteStores: StoreFactory = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aide-store-'));
  const store = await openStore({ sqlitePath: join(dir, 'aide.sqlite') });
  return {
    store,
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

/**
 * Fresh databases on a running PostgreSQL, dropped on dispose. `serverUrl` is asked for each
 * store, so the server can be started lazily, on the first store.
 *
 * @example
 * const factory = postgresStores(() => postgres.url);
 */
export function postgresStores(serverUrl: () => string | Promise<string>): StoreFactory {
  return async () => {
    const database = await createTestDatabase(await serverUrl());
    const store = await openStore({ url: database.url, poolSize: 20 });
    return {
      store,
      async dispose() {
        await store.close();
        await database.drop();
      },
    };
  };
}
