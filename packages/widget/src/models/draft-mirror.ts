// Drafts live in localStorage, which answers synchronously, but Chromium keeps localStorage
// writes in the browser process's memory for seconds before it commits them to disk: a browser
// killed meanwhile (crash, OOM killer, power loss of a laptop that sleeps badly) loses them.
// IndexedDB commits each transaction before it reports it complete, so the widget keeps a copy
// of every draft there (and a mark where one was removed) and, on the next start, settles
// localStorage with whatever of the two is newer (new-ticket.ts).

/** A durable copy of the drafts, by their localStorage key. */
export interface DraftMirror {
  /** Everything kept, as stored (JSON text), by localStorage key. */
  load(): Promise<Map<string, string>>;
  put(key: string, value: string): void;
}

const storeName = 'drafts';

function settle<T>(request: IDBRequest<T>, transaction: IDBTransaction): Promise<T> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error ?? new Error('transaction aborted'));
  });
}

/**
 * The mirror in this origin's IndexedDB, or null where there is none (old browsers, some
 * private modes, tests without a DOM). Failed writes are dropped: localStorage still holds the
 * draft, only the extra durability is lost.
 *
 * @example
 * const mirror = indexedDbDraftMirror();
 * mirror?.put('aide:draft:https://support.example.com:ada:general.question', json);
 */
export function indexedDbDraftMirror(databaseName = 'aide-drafts'): DraftMirror | null {
  if (typeof indexedDB === 'undefined') {
    return null;
  }
  let database: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => {
    database ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(databaseName, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(storeName);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error(`${databaseName} is blocked by another tab`));
    });
    return database;
  };
  return {
    async load() {
      const db = await open();
      const transaction = db.transaction(storeName, 'readonly');
      const store = transaction.objectStore(storeName);
      const keys = store.getAllKeys();
      const values = await settle(store.getAll(), transaction);
      const drafts = new Map<string, string>();
      keys.result.forEach((key, index) => {
        const value: unknown = values[index];
        if (typeof key === 'string' && typeof value === 'string') {
          drafts.set(key, value);
        }
      });
      return drafts;
    },
    put(key, value) {
      open()
        .then((db) => {
          const transaction = db.transaction(storeName, 'readwrite');
          return settle(transaction.objectStore(storeName).put(value, key), transaction);
        })
        .catch(() => undefined);
    },
  };
}
