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
        if (begun.requestHash !== hash) {
          throw reused();
        }
        throw new ApiError('idempotency_in_progress', 'A request with this key is in progress', {
          detail: 'Retry once the first request has finished.',
          headers: { 'Retry-After': '1' },
        });
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

function reused(): ApiError {
  return new ApiError('idempotency_key_reused', 'Idempotency-Key reused with another request', {
    detail: 'This key was first used with a different body; use a new key for a new request.',
  });
}
