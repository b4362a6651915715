import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { BaseStore } from './base-store';
import { checkHistory, type Migration } from './migrations/migration';
import { postgresMigrations } from './migrations/postgres';
import { type SqlExecutor, SqlOperations, type SqlValue } from './sql-operations';
import { StoreError, type StoreOperations } from './store';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  /** For tests of the migration runner; defaults to the shipped history. */
  migrations?: readonly Migration[];
}

// Any constant works as long as every instance uses the same one: it names the lock that makes
// one instance at a time run migrations.
const migrationLockKey = 0x41494445; // "AIDE"

const int8 = 20;

/**
 * Connects to PostgreSQL, applies pending migrations (under an advisory lock, so several
 * instances may start at once) and returns the store.
 *
 * @example
 * const store = await openPostgresStore({ url: process.env.AIDE_DATABASE_URL! });
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // Our BIGINT columns hold epoch milliseconds and counts, well inside Number's exact range.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection dropped by the server must not crash the process; the next query
  // reports the problem instead.
  pool.on('error', () => undefined);
  const store = new PostgresStore(pool);
  try {
    await store.migrate(options.migrations ?? postgresMigrations);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return store;
}

/** `?` placeholders (shared SQL) to PostgreSQL's `$1, $2...`. */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres' as const;

  constructor(private readonly client: pg.Pool | pg.PoolClient) {}

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    const result = await this.client.query(numbered(sql), [...params]);
    return result.rows as Row[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    const result = await this.client.query(numbered(sql), [...params]);
    return result.rowCount ?? 0;
  }
}

// Deadlock, serialization failure, lock not available: nothing wrong with the request, the
// same one succeeds when retried. Reported like SQLite's busy database, so callers answer 503
// with Retry-After instead of a 500.
const transientCodes = new Set(['40P01', '40001', '55P03']);

function asBusy(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && transientCodes.has(code)) {
    return new StoreError('busy', 'A concurrent transaction got in the way; retry', {
      cause: error,
    });
  }
  return error;
}

export class PostgresStore extends BaseStore {
  readonly dialect = 'postgres' as const;
  private readonly operations: SqlOperations;
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private closed = false;

  constructor(private readonly pool: pg.Pool) {
    super();
    this.operations = new SqlOperations(new PostgresExecutor(pool));
  }

  async transaction<T>(fn: (tx: StoreOperations) => Promise<T>): Promise<T> {
    this.assertUsable();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      try {
        const result = await this.inTransaction.run(true, () =>
          fn(new SqlOperations(new PostgresExecutor(client))),
        );
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw asBusy(error);
      }
    } finally {
      // A connection that could not roll back is destroyed rather than reused mid-transaction.
      client.release(broken);
    }
  }

  protected read<T>(fn: (ops: StoreOperations) => Promise<T>): Promise<T> {
    this.assertUsable();
    return fn(this.operations);
  }

  async appliedMigrations(): Promise<number[]> {
    this.assertUsable();
    const result = await this.pool.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    return result.rows.map((row) => Number(row.version));
  }

  /** Each pending step in its own transaction, all under one advisory lock. */
  async migrate(migrations: readonly Migration[]): Promise<void> {
    checkHistory(migrations);
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
      try {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
        const applied = new Set(
          (
            await client.query<{ version: number }>('SELECT version FROM schema_migrations')
          ).rows.map((row) => Number(row.version)),
        );
        for (const migration of migrations) {
          if (applied.has(migration.version)) {
            continue;
          }
          await client.query('BEGIN');
          try {
            await client.query(migration.sql);
            await client.query(
              'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())',
              [migration.version, migration.name],
            );
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw new StoreError(
              'invalid_config',
              `Migration ${migration.version} (${migration.name}) failed: ${String(error)}`,
              { cause: error },
            );
          }
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    await this.pool.end();
  }

  private assertUsable(): void {
    if (this.closed) {
      throw new StoreError('invalid_config', 'The store is closed');
    }
    if (this.inTransaction.getStore()) {
      throw new StoreError(
        'invalid_config',
        'The store was called inside its own transaction: use the `tx` argument instead',
      );
    }
  }
}
