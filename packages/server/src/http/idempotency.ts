import { createHash } from 'node:crypto';
import { idempotencyKeySchema } from '@aide/core';
import type { IdempotencyScope, Store, StoredResponse, StoreOperations } from '../store/store';
import { ApiError } from './problem';

/** JSON with object keys sorted, so that `{a,b}` and `{b,a}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What identifies a request for idempotency: method, path and the meaning of its body. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** Reads and checks the Idempotency-Key header: missing → 400, malformed → 400. */
export function idempotencyKey(header: string | undefined): string {
  if (header === undefined || header === '') {
    throw new ApiError('idempotency_key_missing', 'Idempotency-Key header required', {
      detail: 'Every POST needs an Idempotency-Key header (a UUID works).',
    });
  }
  if (!idempotencyKeySchema.safeParse(header).success) {
    throw new ApiError('validation_failed', 'Invalid Idempotency-Key header', {
      errors: [
        { path: 'headers.idempotency-key', message: '8-255 characters of A-Z a-z 0-9 . _ : -' },
      ],
    });
  }
  return header;
}

export interface IdempotentOutcome {
  response: StoredResponse;
  replayed: boolean;
}

/**
 * Runs a write exactly once per (tenant, user, key): the key is recorded in the same
 * transaction as the write, so either both are stored or neither. A retry with the same body
 * gets the first answer again; with another body 422; while the first is still running 409. A
 * write that fails (throws) rolls back with its key, so the request may be retried.
 *
 * @example
 * const { response } = await runIdempotent(store, scope, hash, now, async (tx) => {
 *   const stored = await tx.insertTicket(draft);
 *   return { status: 201, body: stored.ticket };
 * });
 */
export async function runIdempotent(
  store: Store,
  scope: IdempotencyScope,
  hash: string,
  now: Date,
  write: (tx: StoreOperations) => Promise<StoredResponse>,
): Promise<IdempotentOutcome> {
  return store.transaction(async (tx) => {
    const begun = await tx.beginIdempotency(scope, hash, now);
    switch (begun.state) {
      case 'started': {
        const response = await write(tx);
        await tx.completeIdempotency(scope, response, now);
        return { response, replayed: false };
      }
      case 'in_progress':
        throw begun.requestHash === hash ? inProgress() : reused();
      case 'completed':
        if (begun.requestHash !== hash) {
          throw reused();
        }
        return { response: begun.response, replayed: true };
      default:
        return begun satisfies never;
    }
  });
}

/**
 * Whose keys these are. A user's keys belong to them within their company: a host may sign the
 * same user id for several companies (an accountant serving clients), and a key used for one
 * company must never replay that company's answer to the other. Agents have their own space,
 * which no user id can name. Each part is encoded, so no two owners share a string.
 *
 * @example
 * idempotencyOwner({ kind: 'user', companyId: 'acme', userId: 'ada' }); // 'user/acme/ada'
 */
export function idempotencyOwner(
  actor: { kind: 'user'; companyId: string; userId: string } | { kind: 'agent'; name: string },
): string {
  return actor.kind === 'user'
    ? `user/${encodeURIComponent(actor.companyId)}/${encodeURIComponent(actor.userId)}`
    : `agent/${encodeURIComponent(actor.name)}`;
}

/**
 * The keys whose first request is running in this instance. Another request with the same key
 * is answered at once, 409 (or 422 for another body), as DESIGN.md says, instead of queueing
 * behind the first one's transaction and holding a database connection while it waits. Between
 * instances the key's row in the store still lets the write run only once.
 *
 * @example
 * const inFlight = createInFlightKeys();
 * const release = inFlight.claim(scope, hash); // throws 409 or 422 while the key is running
 * try { await runIdempotent(store, scope, hash, now, write); } finally { release(); }
 */
export function createInFlightKeys() {
  const running = new Map<string, string>();
  const idOf = (scope: IdempotencyScope) =>
    JSON.stringify([scope.tenantId, scope.userId, scope.key]);
  const check = (scope: IdempotencyScope, hash: string): void => {
    const held = running.get(idOf(scope));
    if (held !== undefined) {
      throw held === hash ? inProgress() : reused();
    }
  };
  return {
    /** Throws 409 (same request) or 422 (another body) while the key's first request runs. */
    check,
    /** Marks the key as running until the returned function is called; throws like `check`. */
    claim(scope: IdempotencyScope, hash: string): () => void {
      check(scope, hash);
      const id = idOf(scope);
      running.set(id, hash);
      return () => {
        running.delete(id);
      };
    },
  };
}

export type InFlightKeys = ReturnType<typeof createInFlightKeys>;

/**
 * The answer to a request whose key was seen before, without running anything: 409 while the
 * first request still runs in this instance, then the first answer again (same body) or 422
 * (another body). Null for a new key: claim it and run the write with `runIdempotent`. Replays
 * never claim the key, so that retries arriving together all get the answer.
 *
 * @example
 * const outcome = (await earlierOutcome(store, inFlight, scope, hash)) ?? (await write());
 */
export async function earlierOutcome(
  store: Pick<Store, 'lookupIdempotency'>,
  inFlight: InFlightKeys,
  scope: IdempotencyScope,
  hash: string,
): Promise<IdempotentOutcome | null> {
  inFlight.check(scope, hash);
  const earlier = await store.lookupIdempotency(scope);
  if (earlier === null) {
    return null;
  }
  if (earlier.requestHash !== hash) {
    throw reused();
  }
  switch (earlier.state) {
    case 'in_progress':
      throw inProgress();
    case 'completed':
      return { response: earlier.response, replayed: true };
    default:
      return earlier satisfies never;
  }
}

function inProgress(): ApiError {
  return new ApiError('idempotency_in_progress', 'A request with this key is in progress', {
    detail: 'Retry once the first request has finished.',
    headers: { 'Retry-After': '1' },
  });
}

function reused(): ApiError {
  return new ApiError('idempotency_key_reused', 'Idempotency-Key reused with another request', {
    detail: 'This key was first used with a different body; use a new key for a new request.',
  });
}
