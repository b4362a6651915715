import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { BaseStore } from './base-store';
import { checkHistory, type Migration } from './migrations/migration';
import { sqliteMigrations } from './migrations/sqlite';
import { type SqlExecutor, SqlOperations, type SqlValue } from './sql-operations';
import {
  type Checkpointer,
  fallbackAutocheckpointPages,
  startCheckpointer,
} from './sqlite-checkpointer';
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
  // Each transaction of a group commit runs in a savepoint, whose undo journal is then kept in
  // memory instead of a temporary file.
  db.pragma('temp_store = MEMORY');
  const store = new SqliteStore(db, options.busyTimeoutMs ?? 10_000);
  try {
    await store.migrate(options.migrations ?? sqliteMigrations);
    if (options.path !== ':memory:') {
      store.openReader(options.path);
      store.startCheckpointer(options.path);
    }
  } catch (error) {
    await store.close();
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
      // Jitter keeps two waiting instances from retrying in lockstep. Slow growth: the lock is
      // mostly held for a few milliseconds (another instance's transaction, the checkpoint
      // worker's RESTART), and a doubling pause would overshoot those by as much again.
      await sleep(pause + Math.random() * pause);
      pause = Math.min(pause * 1.25, 25);
    }
  }
}

interface QueuedTransaction {
  fn: (tx: StoreOperations) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Most transactions committed together. A group holds the write lock until its last member is
 * done, so this bounds how long another instance on the same file waits.
 */
const maxGroup = 32;

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
  /**
   * A second connection for reads outside transactions. In WAL mode it reads the last commit
   * while the writer's connection holds a transaction open, so a read never waits for the write
   * lock (nor sees a transaction's uncommitted rows). Null for `:memory:`, where another
   * connection would open another, empty database: reads then share the writer's turn.
   */
  private reader: { db: Database.Database; operations: SqlOperations } | null = null;
  /** Copies the WAL back into the database off the event loop (file databases only). */
  private checkpointer: Checkpointer | null = null;
  /** Transactions waiting for the next group commit. */
  private readonly queued: QueuedTransaction[] = [];
  /** Whether a group commit is running or scheduled (it takes what is queued by then). */
  private draining = false;

  constructor(
    private readonly db: Database.Database,
    private readonly busyTimeoutMs: number,
  ) {
    super();
    this.operations = new SqlOperations(new SqliteExecutor(db));
  }

  /**
   * Transactions run one after the other on the one connection, and those that queue up while
   * one runs are committed together (group commit): each in its own savepoint, so a failing one
   * rolls back alone and rejects, and none resolves before the COMMIT that makes it durable.
   * A commit writes every page a transaction touched to the WAL (a ticket's create touches some
   * twenty); transactions committed together share the pages they both touch (the end of the
   * tickets table, the time-ordered indexes, the counter), so under load each costs a fraction
   * of its own commit. Later transactions of a group see the earlier ones' writes, as they
   * would after their commits.
   */
  async transaction<T>(fn: (tx: StoreOperations) => Promise<T>): Promise<T> {
    this.assertUsable();
    return new Promise<T>((resolve, reject) => {
      this.queued.push({
        fn,
        resolve: resolve as (value: unknown) => void,
        reject,
      } as QueuedTransaction);
      if (!this.draining) {
        this.draining = true;
        void this.mutex.run(() => this.commitGroup());
      }
    });
  }

  /** Runs the queued transactions (at most `maxGroup`) in one IMMEDIATE transaction. */
  private async commitGroup(): Promise<void> {
    const group: QueuedTransaction[] = [];
    try {
      await this.runGroup(group);
    } catch (error) {
      // The connection failed outside any one transaction (BEGIN never got the lock, COMMIT
      // or a rollback failed): nothing of the group was committed.
      if (this.db.inTransaction) {
        this.db.exec('ROLLBACK');
      }
      for (const waiting of group) {
        waiting.reject(error);
      }
    }
    // Without a turn of the event loop here, a caller chaining transactions would take the
    // lock again before another connection's retry timer could ever fire (starvation).
    await yieldToLoop();
    if (this.queued.length > 0) {
      // Behind whatever else waits for the connection (a close, an in-memory read).
      void this.mutex.run(() => this.commitGroup());
    } else {
      this.draining = false;
    }
  }

  /**
   * `group` receives each transaction taken off the queue that has not settled yet: on a throw
   * the caller rejects them.
   */
  private async runGroup(group: QueuedTransaction[]): Promise<void> {
    // Those waiting now have waited for the lock as long as a transaction may.
    const waitingForLock = [...this.queued];
    try {
      // IMMEDIATE takes the write lock at once: two instances never both read a row and then
      // both update it (job claims, counters), and no transaction fails half-way on a lock.
      await retryWhileBusy(() => this.db.exec('BEGIN IMMEDIATE'), this.busyTimeoutMs);
    } catch (error) {
      for (const waiting of waitingForLock) {
        this.queued.splice(this.queued.indexOf(waiting), 1);
        waiting.reject(error);
      }
      return;
    }
    const done: { waiting: QueuedTransaction; value: unknown }[] = [];
    while (this.queued.length > 0 && group.length < maxGroup && this.db.inTransaction) {
      const waiting = this.queued.shift() as QueuedTransaction;
      group.push(waiting);
      this.db.exec('SAVEPOINT aide_transaction');
      try {
        const value = await this.inTransaction.run(true, () => waiting.fn(this.operations));
        this.db.exec('RELEASE aide_transaction');
        done.push({ waiting, value });
      } catch (error) {
        group.pop();
        waiting.reject(error);
        if (this.db.inTransaction) {
          this.db.exec('ROLLBACK TO aide_transaction');
          this.db.exec('RELEASE aide_transaction');
        } else {
          // SQLite rolled the whole transaction back by itself (disk full, I/O error): the
          // earlier ones of the group are gone too.
          for (const earlier of group.splice(0)) {
            earlier.reject(error);
          }
          done.length = 0;
        }
      }
    }
    if (this.db.inTransaction) {
      this.db.exec('COMMIT');
    }
    group.length = 0;
    for (const { waiting, value } of done) {
      waiting.resolve(value);
    }
  }

  protected async read<T>(fn: (ops: StoreOperations) => Promise<T>): Promise<T> {
    this.assertUsable();
    const reader = this.reader;
    if (reader !== null) {
      return retryWhileBusyAsync(() => fn(reader.operations), this.busyTimeoutMs);
    }
    return this.mutex.run(() => retryWhileBusyAsync(() => fn(this.operations), this.busyTimeoutMs));
  }

  /** Opens the read connection (a file database whose schema is migrated). */
  openReader(path: string): void {
    const db = new Database(path);
    try {
      // Same reasons as the writer's: never wait synchronously, and a read that would wait
      // (WAL recovery by another process) is retried by `read`.
      db.pragma('busy_timeout = 0');
      // Reads only: a write sent here by mistake fails instead of bypassing the write lock.
      db.pragma('query_only = ON');
    } catch (error) {
      db.close();
      throw error;
    }
    this.reader = { db, operations: new SqlOperations(new SqliteExecutor(db)) };
  }

  /** Hands checkpoints to a worker thread (see sqlite-checkpointer.ts). */
  startCheckpointer(path: string): void {
    this.db.pragma(`wal_autocheckpoint = ${fallbackAutocheckpointPages}`);
    this.checkpointer = startCheckpointer(path, (error) => {
      if (this.closed) {
        return;
      }
      // Back to SQLite's own checkpoints, in the commits: slower, never unbounded.
      this.db.pragma('wal_autocheckpoint = 1000');
      console.error('aide-server: the SQLite checkpoint worker stopped', error);
    });
  }

  async appliedMigrations(): Promise<number[]> {
    this.assertUsable();
    const rows = await this.mutex.run(async () =>
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
    await this.checkpointer?.stop();
    // Let queued work finish first, so close() never cuts a transaction in half.
    await this.mutex.run(async () => {
      this.reader?.db.close();
      this.reader = null;
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
