import { z } from '../zod';
import { type AideErrorCode, isAideError } from './errors';
import { createIdempotencyKey } from './idempotency';

// A small persisted queue of submissions that could not be sent (offline, server down). Each
// entry keeps the idempotency key it was first tried with, so replaying it after a reload, from
// another tab, or twice by accident still creates one ticket: the server answers a replayed key
// with the first result.

const outboxErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  status: z.optional(z.int()),
  /** The problem+json body, for showing field errors beside a failed entry. */
  problem: z.optional(z.unknown()),
});
export type OutboxError = z.infer<typeof outboxErrorSchema>;

/** An entry as stored: JSON only, so any storage can keep it. */
export const outboxEntrySchema = z.object({
  /** The idempotency key, also the entry's id: enqueuing the same key twice keeps one entry. */
  id: z.string().check(z.minLength(1), z.maxLength(255)),
  /** What to send, for the `send` function to dispatch on (`createTicket`, `reply`...). */
  kind: z.string().check(z.minLength(1), z.maxLength(64)),
  payload: z.unknown(),
  created_at: z.int().check(z.nonnegative()),
  attempts: z.int().check(z.nonnegative()),
  /** Not tried again before this time (ms since epoch) unless a flush is forced. */
  next_attempt_at: z.int().check(z.nonnegative()),
  /**
   * `pending` is sent on the next flush; `failed` was refused for good (a 4xx) and waits for
   * the user to fix, retry or discard it.
   */
  state: z.enum(['pending', 'failed']),
  last_error: z.nullable(outboxErrorSchema),
  /** Which outbox is sending it, until when: another outbox (tab) leaves it alone meanwhile. */
  lease: z.nullable(z.object({ owner: z.string(), until: z.int().check(z.nonnegative()) })),
});

export interface OutboxEntry<Payload = unknown> extends z.infer<typeof outboxEntrySchema> {
  payload: Payload;
}

/**
 * Where entries live. Implementations need no atomic operation: the outbox claims an entry by
 * writing a lease and reading it back, and the idempotency key covers the rare race left.
 */
export interface OutboxStorage {
  get(id: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
  list(): Promise<OutboxEntry[]>;
}

/** The part of the Web Storage API (`localStorage`, `sessionStorage`) the outbox uses. */
export interface StorageLike {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function parseEntry(raw: unknown): OutboxEntry | undefined {
  const parsed = outboxEntrySchema.safeParse(raw);
  return parsed.success ? (parsed.data as OutboxEntry) : undefined;
}

/**
 * Entries in memory (tests, or when no persistent storage is allowed). Entries are copied in
 * and out, as a real storage would serialise them.
 *
 * @example
 * const outbox = createOutbox({ storage: createMemoryOutboxStorage(), send });
 */
export function createMemoryOutboxStorage(): OutboxStorage {
  const entries = new Map<string, OutboxEntry>();
  return {
    get: async (id) => {
      const entry = entries.get(id);
      return entry === undefined ? undefined : structuredClone(entry);
    },
    put: async (entry) => {
      entries.set(entry.id, structuredClone(entry));
    },
    delete: async (id) => {
      entries.delete(id);
    },
    list: async () => [...entries.values()].map((entry) => structuredClone(entry)),
  };
}

/**
 * Entries in `localStorage` (or anything shaped like it), one key per entry under `prefix`, so
 * tabs of the same origin share them. Unreadable values are skipped, never deleted.
 *
 * @example
 * const storage = createWebStorageOutboxStorage(window.localStorage, 'aide:outbox:');
 */
export function createWebStorageOutboxStorage(
  storage: StorageLike,
  prefix = 'aide:outbox:',
): OutboxStorage {
  const read = (key: string): OutboxEntry | undefined => {
    const raw = storage.getItem(key);
    if (raw === null) {
      return undefined;
    }
    try {
      return parseEntry(JSON.parse(raw));
    } catch {
      return undefined;
    }
  };
  return {
    get: async (id) => read(prefix + id),
    put: async (entry) => {
      storage.setItem(prefix + entry.id, JSON.stringify(entry));
    },
    delete: async (id) => {
      storage.removeItem(prefix + id);
    },
    list: async () => {
      const keys: string[] = [];
      for (let index = 0; index < storage.length; index++) {
        const key = storage.key(index);
        if (key?.startsWith(prefix)) {
          keys.push(key);
        }
      }
      return keys.flatMap((key) => read(key) ?? []);
    },
  };
}

export interface OutboxOptions<Payload, Result = unknown> {
  storage: OutboxStorage;
  /**
   * Sends one entry; must pass `entry.id` as the idempotency key. Resolve on success; throw an
   * `AideError` otherwise (its `transient` flag decides between retrying and keeping the entry
   * as failed). Any other thrown value counts as transient.
   */
  send: (entry: OutboxEntry<Payload>) => Promise<Result>;
  /** Clock in ms since epoch. @default Date.now */
  now?: () => number;
  /** How long a claim on an entry lasts; longer than one send can take. @default 60000 */
  leaseMs?: number;
  /** Wait between writing a claim and reading it back. @default 50 */
  claimSettleMs?: number;
  /** Backoff after a transient failure: first delay and cap, in ms (full jitter). */
  backoff?: { baseDelay?: number; maxDelay?: number };
}

export interface FlushOptions {
  /** Try entries still backing off too (the network just came back). */
  force?: boolean;
}

export interface FlushResult<Payload, Result = unknown> {
  /** Entries sent by this flush, with what `send` resolved to (the created ticket...). */
  delivered: { entry: OutboxEntry<Payload>; result: Result }[];
  /** Entries refused for good during this flush. */
  failed: OutboxEntry<Payload>[];
  /** Pending entries left (backing off, claimed by another tab, or not reached). */
  remaining: number;
  /**
   * When a flush could next send something (ms since epoch; now when an entry is already due),
   * null when nothing is pending: when to schedule the next flush.
   */
  next_attempt_at: number | null;
}

export interface Outbox<Payload, Result = unknown> {
  /** Stores a submission to send; an entry with the same idempotency key is kept as is. */
  enqueue(input: {
    kind: string;
    payload: Payload;
    idempotencyKey?: string;
  }): Promise<OutboxEntry<Payload>>;
  /** Sends what is due, oldest first; stops at the first transient failure. */
  flush(options?: FlushOptions): Promise<FlushResult<Payload, Result>>;
  entries(): Promise<OutboxEntry<Payload>[]>;
  /** Puts a failed entry back in the queue, to be sent on the next flush. */
  retry(id: string): Promise<void>;
  /** Discards an entry (the user gave up on it). */
  remove(id: string): Promise<void>;
  /** Called with every entry after each change made by this outbox; returns an unsubscribe. */
  onChange(listener: (entries: OutboxEntry<Payload>[]) => void): () => void;
}

function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

function errorOf(error: unknown): {
  failure: OutboxError;
  transient: boolean;
  retryAfter?: number;
} {
  if (isAideError(error)) {
    const code: AideErrorCode = error.code;
    return {
      failure: {
        code,
        message: error.message,
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.problem === undefined ? {} : { problem: error.problem }),
      },
      // An aborted send (page closing, outbox stopped) is worth another try.
      transient: error.transient || code === 'aborted',
      ...(error.retryAfter === undefined ? {} : { retryAfter: error.retryAfter }),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { failure: { code: 'network_error', message }, transient: true };
}

/**
 * A persisted queue of submissions, replayed on demand (call `flush` on `online` events and
 * at start-up). Several outboxes on one storage (tabs) never send the same entry at the same
 * time: each claims an entry with a lease before sending it.
 *
 * @example
 * const outbox = createOutbox<CreateTicketRequest, TicketDetail>({
 *   storage: createWebStorageOutboxStorage(localStorage),
 *   send: (entry) => client.createTicket(entry.payload, { idempotencyKey: entry.id }),
 * });
 * await outbox.enqueue({ kind: 'createTicket', payload: draft, idempotencyKey: draft.key });
 * window.addEventListener('online', () => outbox.flush({ force: true }));
 */
export function createOutbox<Payload = unknown, Result = unknown>(
  options: OutboxOptions<Payload, Result>,
): Outbox<Payload, Result> {
  const { storage, send } = options;
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 60_000;
  const settleMs = options.claimSettleMs ?? 50;
  const baseDelay = options.backoff?.baseDelay ?? 1000;
  const maxDelay = options.backoff?.maxDelay ?? 5 * 60_000;
  const owner = createIdempotencyKey();
  const listeners = new Set<(entries: OutboxEntry<Payload>[]) => void>();
  let flushing: Promise<FlushResult<Payload, Result>> | undefined;

  const list = async () =>
    ((await storage.list()) as OutboxEntry<Payload>[]).sort(
      (a, b) => a.created_at - b.created_at || a.id.localeCompare(b.id),
    );

  const changed = async () => {
    if (listeners.size === 0) {
      return;
    }
    const entries = await list();
    for (const listener of listeners) {
      listener(entries);
    }
  };

  const isLeasedByOther = (entry: OutboxEntry) =>
    entry.lease !== null && entry.lease.owner !== owner && entry.lease.until > now();

  /** Claims by writing a lease, waiting, and reading it back: the last writer wins. */
  async function claim(id: string): Promise<OutboxEntry<Payload> | undefined> {
    const current = await storage.get(id);
    if (current === undefined || current.state !== 'pending' || isLeasedByOther(current)) {
      return undefined;
    }
    await storage.put({ ...current, lease: { owner, until: now() + leaseMs } });
    await sleep(settleMs);
    const check = await storage.get(id);
    return check?.lease?.owner === owner && check.state === 'pending'
      ? (check as OutboxEntry<Payload>)
      : undefined;
  }

  /** Writes the outcome of a send, unless another outbox took the entry over meanwhile. */
  async function release(id: string, update: (entry: OutboxEntry) => OutboxEntry) {
    const current = await storage.get(id);
    if (current !== undefined && current.lease?.owner === owner) {
      await storage.put({ ...update(current), lease: null });
    }
  }

  async function runFlush(flushOptions: FlushOptions): Promise<FlushResult<Payload, Result>> {
    const delivered: FlushResult<Payload, Result>['delivered'] = [];
    const failed: OutboxEntry<Payload>[] = [];
    for (const entry of await list()) {
      if (entry.state !== 'pending' || isLeasedByOther(entry)) {
        continue;
      }
      if (!flushOptions.force && entry.next_attempt_at > now()) {
        continue;
      }
      const claimed = await claim(entry.id);
      if (claimed === undefined) {
        continue;
      }
      try {
        const result = await send(claimed);
        await storage.delete(claimed.id);
        delivered.push({ entry: claimed, result });
        await changed();
      } catch (error) {
        const { failure, transient, retryAfter } = errorOf(error);
        const attempts = claimed.attempts + 1;
        if (transient) {
          const backoff = Math.random() * Math.min(maxDelay, baseDelay * 2 ** (attempts - 1));
          const wait = Math.max(backoff, retryAfter ?? 0);
          await release(claimed.id, (current) => ({
            ...current,
            attempts,
            last_error: failure,
            next_attempt_at: Math.round(now() + wait),
          }));
          await changed();
          // The server or the network is in trouble: later entries would fail the same way,
          // and waiting keeps them in order.
          break;
        }
        await release(claimed.id, (current) => ({
          ...current,
          attempts,
          last_error: failure,
          state: 'failed',
        }));
        failed.push({ ...claimed, attempts, last_error: failure, state: 'failed', lease: null });
        await changed();
      }
    }
    const pending = (await list()).filter((entry) => entry.state === 'pending');
    const next = pending.map((entry) =>
      Math.max(now(), entry.next_attempt_at, entry.lease?.until ?? 0),
    );
    return {
      delivered,
      failed,
      remaining: pending.length,
      next_attempt_at: next.length === 0 ? null : Math.min(...next),
    };
  }

  return {
    async enqueue({ kind, payload, idempotencyKey }) {
      const id = idempotencyKey ?? createIdempotencyKey();
      const existing = await storage.get(id);
      if (existing !== undefined) {
        return existing as OutboxEntry<Payload>;
      }
      const entry: OutboxEntry<Payload> = {
        id,
        kind,
        payload,
        created_at: now(),
        attempts: 0,
        next_attempt_at: 0,
        state: 'pending',
        last_error: null,
        lease: null,
      };
      await storage.put(entry);
      await changed();
      return entry;
    },
    flush(flushOptions = {}) {
      // One flush at a time per outbox; a second call shares the running one.
      flushing ??= runFlush(flushOptions).finally(() => {
        flushing = undefined;
      });
      return flushing;
    },
    entries: list,
    async retry(id) {
      const entry = await storage.get(id);
      if (entry !== undefined && entry.state === 'failed') {
        await storage.put({ ...entry, state: 'pending', next_attempt_at: 0, lease: null });
        await changed();
      }
    },
    async remove(id) {
      await storage.delete(id);
      await changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
