import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { BaseStore } from './base-store';
import { checkHistory, type Migration } from './migrations/migration';
import { sqliteMigrations } from './migrations/sqlite';
import { type SqlExecutor, SqlOperations, type SqlValue } from './sql-operations';
import { StoreError, type StoreOperations } from './store';

export interface SqliteStoreOptions {
  /** File path, or `:memory:`. The directory is created when missing. */
  path: string;
  /** How long to keep retrying when another connection holds the write lock (default 10 s). */
  busyTimeoutMs?: number;
  /** For tests of the migration runner; defaults to the shipped history. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating when needed) a SQLite database, applies pending migrations and returns the
 * store. WAL mode lets readers run while one writer writes.
 *
 * @example
 * const store = await openSqliteStore({ path: '.data/aide.sqlite' });
 * const page = await store.listTickets({ tenantId: 'demo', limit: 20 });
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  if (options.path !== ':memory:') {
    mkdirSync(dirname(options.path), { recursive: true });
  }
  const db = new Database(options.path);
  // better-sqlite3 waits for a busy lock synchronously, which would freeze the event loop while
  // another connection in this very process needs it to finish its transaction. So SQLite never
  // waits by itself; the store retries asynchronously instead (see `begin`).
  db.pragma('busy_timeout = 0');
  try {
    await retryWhileBusy(() => db.pragma('journal_mode = WAL'), options.busyTimeoutMs);
  } catch (error) {
    db.close();
    throw error;
  }
  // In WAL mode NORMAL never corrupts the database and survives a crash of the process; only
  // a power loss can forget the last commits, for far fewer fsyncs than FULL.
  db.pragma('synchronous = NORMAL');
  const store = new SqliteStore(db, options.busyTimeoutMs ?? 10_000);
  try {
    await store.migrate(options.migrations ?? sqliteMigrations);
  } catch (error) {
    db.close();
    throw error;
  }
  return store;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}

async function retryWhileBusy<T>(attempt: () => T, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let pause = 1;
  for (;;) {
    try {
      return attempt();
    } catch (error) {
      if (!isBusy(error)) {
        throw error;
      }
      if (Date.now() >= deadline) {
        throw new StoreError('busy', 'The SQLite database stayed locked by another connection', {
          cause: error,
        });
      }
      // Jitter keeps two waiting instances from retrying in lockstep.
      await sleep(pause + Math.random() * pause);
      pause = Math.min(pause * 2, 25);
    }
  }
}

/** Serializes use of the one connection: a transaction owns it from BEGIN to COMMIT. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

class SqliteExecutor implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async all<Row>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.prepare(sql).all(...params) as Row[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.prepare(sql).run(...params).changes;
  }
}

export class SqliteStore extends BaseStore {
  readonly dialect = 'sqlite' as const;
  private readonly mutex = new Mutex();
  private readonly operations: SqlOperations;
  private readonly inTransaction = new AsyncLocalStorage<true>();
  private closed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly busyTimeoutMs: number,
  ) {
    super();
    this.operations = new SqlOperations(new SqliteExecutor(db));
  }

  async transaction<T>(fn: (tx: StoreOperations) => Promise<T>): Promise<T> {
    this.assertUsable();
    return this.mutex.run(async () => {
      // IMMEDIATE takes the write lock at once: two instances never both read a row and then
      // both update it (job claims, counters), and no transaction fails half-way on a lock.
      await retryWhileBusy(() => this.db.exec('BEGIN IMMEDIATE'), this.busyTimeoutMs);
      try {
        const result = await this.inTransaction.run(true, () => fn(this.operations));
        this.db.exec('COMMIT');
        // Without a turn of the event loop here, a caller chaining transactions would take the
        // lock again before another connection's retry timer could ever fire (starvation).
        await yieldToLoop();
        return result;
      } catch (error) {
        if (this.db.inTransaction) {
          this.db.exec('ROLLBACK');
        }
        throw error;
      }
    });
  }

  protected async read<T>(fn: (ops: StoreOperations) => Promise<T>): Promise<T> {
    this.assertUsable();
    return this.mutex.run(() => retryWhileBusyAsync(() => fn(this.operations), this.busyTimeoutMs));
  }

  async appliedMigrations(): Promise<number[]> {
    const rows = await this.read(async () =>
      this.db.prepare('SELECT version FROM schema_migrations ORDER BY version').all(),
    );
    return (rows as { version: number }[]).map((row) => row.version);
  }

  /** Applies the missing steps in one IMMEDIATE transaction: a second instance waits, then finds none. */
  async migrate(migrations: readonly Migration[]): Promise<void> {
    checkHistory(migrations);
    await this.mutex.run(async () => {
      await retryWhileBusy(() => this.db.exec('BEGIN IMMEDIATE'), this.busyTimeoutMs);
      try {
        this.db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
        const applied = new Set(
          (
            this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]
          ).map((row) => row.version),
        );
        for (const migration of migrations) {
          if (applied.has(migration.version)) {
            continue;
          }
          this.db.exec(migration.sql);
          this.db
            .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
            .run(migration.version, migration.name, new Date().toISOString());
        }
        this.db.exec('COMMIT');
      } catch (error) {
        if (this.db.inTransaction) {
          this.db.exec('ROLLBACK');
        }
        throw error;
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    // Let queued work finish first, so close() never cuts a transaction in half.
    await this.mutex.run(async () => {
      this.db.close();
    });
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

async function retryWhileBusyAsync<T>(attempt: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) {
        throw error;
      }
      await sleep(2 + Math.random() * 5);
    }
  }
}
