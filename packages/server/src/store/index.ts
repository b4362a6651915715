import { resolve } from 'node:path';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import { type OpenStoreOptions, type Store, StoreError } from './store';

export { normalizeSearchText, searchWords } from './search-text';
export type * from './store';
export { isStoreError, StoreError } from './store';

/** Where the embedded store lives when nothing is configured. */
export const defaultSqlitePath = '.data/aide.sqlite';

/**
 * Opens the configured engine and applies its pending migrations: PostgreSQL for a
 * `postgres://` URL, otherwise SQLite (by default `.data/aide.sqlite` under the current
 * directory, created when missing).
 *
 * @example
 * const store = await openStore({ url: process.env.AIDE_DATABASE_URL });
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const { url, sqlitePath } = options;
  if (url !== undefined && url !== '') {
    if (/^postgres(ql)?:\/\//i.test(url)) {
      return openPostgresStore({
        url,
        ...(options.poolSize ? { poolSize: options.poolSize } : {}),
      });
    }
    if (url.startsWith('sqlite:')) {
      return openSqliteStore({ path: sqlitePathOf(url.slice('sqlite:'.length)) });
    }
    throw new StoreError(
      'invalid_config',
      `Unsupported database URL scheme in "${url.split(':')[0]}:…": use postgres://… or sqlite:<path>`,
    );
  }
  return openSqliteStore({ path: sqlitePathOf(sqlitePath ?? defaultSqlitePath) });
}

function sqlitePathOf(path: string): string {
  const trimmed = path.replace(/^\/\/(?=\/)/, '');
  if (trimmed === '') {
    throw new StoreError('invalid_config', 'The SQLite path is empty');
  }
  return trimmed === ':memory:' ? trimmed : resolve(trimmed);
}
