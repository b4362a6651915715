import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// In WAL mode each commit appends the pages it changed to the -wal file; a checkpoint copies
// them back into the database and syncs both files to disk. SQLite runs that checkpoint inside
// the commit that crosses 1,000 WAL pages: with better-sqlite3 on the event loop's thread, that
// commit then blocks every request for two fsyncs (measured: 1 to 25 ms on a busy 2-core
// machine, two thirds of all the time spent committing under load). Here a worker thread with
// its own connection checkpoints instead, off the event loop: PASSIVE checkpoints never block
// the writer; a RESTART (which makes the writer start the -wal file over, so that it stops
// growing) runs only if the writer is between two transactions, and holds it back (the writer,
// which never waits for a lock synchronously, retries its BEGIN asynchronously) for as long as
// it copies the last pages and syncs.

/** Pages past which the writer's own checkpoint takes over, should this worker fall behind. */
export const fallbackAutocheckpointPages = 10_000;

/** Pages in the -wal file past which the worker makes it start over (RESTART). */
export const restartPages = 2_000;

/** How often the worker looks for committed pages to copy. */
const defaultIntervalMs = 50;

// CommonJS, evaluated in the worker: better-sqlite3 is loaded from the path this module
// resolves, so it works from the sources (tsx) and from the build alike.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.path);
// Never waits for a lock: a RESTART waiting for the writer would hold every new write back
// meanwhile. Busy now, tried again at the next pass.
db.pragma('busy_timeout = 0');
function checkpoint() {
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)');
    // The writer starts the file over by itself when it finds every page copied; under steady
    // writes it rarely does, so a long file is made to.
    if (state.log > workerData.restartPages) {
      const [restarted] = db.pragma('wal_checkpoint(RESTART)');
      return { log: restarted.log, checkpointed: restarted.checkpointed, restarted: restarted.busy === 0 };
    }
    return { log: state.log, checkpointed: state.checkpointed, restarted: false };
  } catch (error) {
    // Busy (another instance checkpoints, the writer kept its lock): the next pass copies it.
    if (/BUSY|LOCKED/.test(String(error && error.code))) return null;
    throw error;
  }
}
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message.type === 'checkpoint') {
    parentPort.postMessage({ id: message.id, pass: checkpoint() });
  } else if (message.type === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.close();
  }
});
`;

/** What one checkpoint pass did, in WAL pages; null when the database was busy. */
export type CheckpointPass = { log: number; checkpointed: number; restarted: boolean } | null;

export interface Checkpointer {
  /** Runs a pass now (besides the periodic ones) and says what it did. */
  checkpoint(): Promise<CheckpointPass>;
  /** Stops the worker and closes its connection. */
  stop(): Promise<void>;
}

/**
 * Starts the checkpoint worker for a WAL database file. `onFailure` is called once if the
 * worker stops by itself (the writer should then checkpoint on its own again).
 *
 * @example
 * db.pragma(`wal_autocheckpoint = ${fallbackAutocheckpointPages}`);
 * const checkpointer = startCheckpointer(path, () => db.pragma('wal_autocheckpoint = 1000'));
 * await checkpointer.stop();
 */
export function startCheckpointer(
  path: string,
  onFailure: (error: unknown) => void,
  /** Between periodic passes (tests pass a long one, to run each pass themselves). */
  intervalMs = defaultIntervalMs,
): Checkpointer {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { path, modulePath, restartPages, intervalMs },
  });
  // A running checkpointer never keeps the process alive by itself.
  worker.unref();
  let stopping = false;
  let failed = false;
  const fail = (error: unknown) => {
    if (!stopping && !failed) {
      failed = true;
      onFailure(error);
    }
  };
  worker.on('error', fail);
  const answers = new Map<
    number,
    { resolve: (pass: CheckpointPass) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  let gone = false;
  worker.on('message', (message: { id: number; pass: CheckpointPass }) => {
    answers.get(message.id)?.resolve(message.pass);
    answers.delete(message.id);
  });
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      gone = true;
      const error = new Error(`the SQLite checkpoint worker exited (${code})`);
      fail(error);
      for (const waiting of answers.values()) {
        waiting.reject(error);
      }
      answers.clear();
      resolve();
    });
  });
  return {
    checkpoint() {
      if (gone || stopping) {
        return Promise.reject(new Error('the SQLite checkpoint worker is stopped'));
      }
      const id = nextId++;
      return new Promise<CheckpointPass>((resolve, reject) => {
        answers.set(id, { resolve, reject });
        worker.postMessage({ type: 'checkpoint', id });
      });
    },
    async stop() {
      if (stopping) {
        return exited;
      }
      stopping = true;
      worker.postMessage({ type: 'stop' });
      const timer = setTimeout(() => void worker.terminate(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
