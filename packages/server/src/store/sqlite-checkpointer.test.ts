import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restartPages, startCheckpointer } from './sqlite-checkpointer';

// No periodic pass during a test: each runs its passes itself.
const manualOnly = 3_600_000;

let directory: string;
let path: string;
let writer: Database.Database;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'aide-checkpoint-'));
  path = join(directory, 'aide.sqlite');
  writer = new Database(path);
  writer.pragma('journal_mode = WAL');
  // Only the worker copies pages back here, so what the database file holds shows its work.
  writer.pragma('wal_autocheckpoint = 0');
  writer.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
});

afterEach(() => {
  writer.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Commits `count` transactions of one row of ~1 KB each (at least one WAL page per commit). */
function write(count: number): void {
  const insert = writer.prepare('INSERT INTO notes (body) VALUES (?)');
  for (let index = 0; index < count; index++) {
    insert.run(`note ${index} ${'x'.repeat(1000)}`);
  }
}

/** The rows the database file holds by itself, without its -wal file. */
function rowsInDatabaseFile(): number {
  const copy = join(directory, 'copy.sqlite');
  copyFileSync(path, copy);
  const reader = new Database(copy, { readonly: true });
  try {
    return (reader.prepare('SELECT COUNT(*) AS n FROM notes').get() as { n: number }).n;
  } finally {
    reader.close();
  }
}

describe('SQLite checkpoint worker', () => {
  it('copies committed pages into the database file from its own thread', async () => {
    write(50);
    // Everything is still in the -wal file: the database file has not even the table.
    expect(() => rowsInDatabaseFile()).toThrow('no such table');
    const checkpointer = startCheckpointer(path, () => {}, manualOnly);
    try {
      const pass = await checkpointer.checkpoint();
      expect(pass?.log).toBeGreaterThan(0);
      expect(pass?.checkpointed).toBe(pass?.log);
      expect(rowsInDatabaseFile()).toBe(50);
    } finally {
      await checkpointer.stop();
    }
  });

  it('makes a long -wal file start over, so that steady writes do not grow it forever', async () => {
    const checkpointer = startCheckpointer(path, () => {}, manualOnly);
    try {
      write(restartPages + 100);
      const pass = await checkpointer.checkpoint();
      expect(pass?.restarted).toBe(true);
      // The next commit writes from the start of the file again.
      write(1);
      const after = await checkpointer.checkpoint();
      expect(after?.log).toBeLessThan(10);
      expect(rowsInDatabaseFile()).toBe(restartPages + 101);
    } finally {
      await checkpointer.stop();
    }
  });

  it('says when its worker stops by itself, and stops cleanly when asked', async () => {
    let failure: unknown = null;
    const broken = startCheckpointer(join(directory, 'missing', 'aide.sqlite'), (error) => {
      failure = error;
    });
    await expect(broken.checkpoint()).rejects.toThrow();
    expect(failure).not.toBeNull();

    let stoppedByItself = false;
    const checkpointer = startCheckpointer(path, () => {
      stoppedByItself = true;
    });
    await checkpointer.stop();
    await checkpointer.stop();
    expect(stoppedByItself).toBe(false);
    await expect(checkpointer.checkpoint()).rejects.toThrow('stopped');
  });
});
