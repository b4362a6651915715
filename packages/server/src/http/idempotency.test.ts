import { describe, expect, it } from 'vitest';
import type {
  IdempotencyBegin,
  IdempotencyRecord,
  Store,
  StoredResponse,
  StoreOperations,
} from '../store/store';
import {
  canonicalJson,
  createInFlightKeys,
  earlierOutcome,
  idempotencyKey,
  idempotencyOwner,
  requestHash,
  runIdempotent,
} from './idempotency';
import { ApiError } from './problem';

const scope = { tenantId: 'acme', userId: 'ada', key: 'key-12345678' };
const now = new Date('2026-11-23T10:00:00Z');

/** A store whose idempotency record is whatever the test says, to reach every branch. */
function storeAnswering(begin: IdempotencyBegin) {
  const completed: StoredResponse[] = [];
  const tx = {
    beginIdempotency: async () => begin,
    completeIdempotency: async (_scope: unknown, response: StoredResponse) => {
      completed.push(response);
    },
  } as unknown as StoreOperations;
  const store = { transaction: (fn: (ops: StoreOperations) => Promise<unknown>) => fn(tx) };
  return { store: store as unknown as Store, completed };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof ApiError ? `${error.status} ${error.code}` : String(error);
  }
}

describe('runIdempotent', () => {
  const hash = requestHash('POST', '/v1/tickets', { subject: 'a' });
  const write = async () => ({ status: 201, body: { id: 't1' } });

  it('runs the write once and records its answer when the key is new', async () => {
    const { store, completed } = storeAnswering({ state: 'started' });
    expect(await runIdempotent(store, scope, hash, now, write)).toEqual({
      response: { status: 201, body: { id: 't1' } },
      replayed: false,
    });
    expect(completed).toEqual([{ status: 201, body: { id: 't1' } }]);
  });

  it('replays a completed request with the same body, 422 for another body', async () => {
    const response = { status: 201, body: { id: 'first' } };
    const { store } = storeAnswering({
      state: 'completed',
      requestHash: hash,
      response,
      createdAt: now,
    });
    expect(await runIdempotent(store, scope, hash, now, write)).toEqual({
      response,
      replayed: true,
    });
    expect(await codeOf(runIdempotent(store, scope, 'other-hash', now, write))).toBe(
      '422 idempotency_key_reused',
    );
  });

  it('answers 409 while the first request is still in progress', async () => {
    const { store } = storeAnswering({ state: 'in_progress', requestHash: hash, createdAt: now });
    const error = await runIdempotent(store, scope, hash, now, write).catch((caught) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).code).toBe('idempotency_in_progress');
    expect((error as ApiError).headers['Retry-After']).toBe('1');
    expect(await codeOf(runIdempotent(store, scope, 'other', now, write))).toBe(
      '422 idempotency_key_reused',
    );
  });
});

describe('keys and hashes', () => {
  it('needs a well-formed key', () => {
    expect(() => idempotencyKey(undefined)).toThrow(/Idempotency-Key header required/);
    expect(() => idempotencyKey('short')).toThrow(/Invalid Idempotency-Key/);
    expect(idempotencyKey('3f1c0e7e-8f0a-4c5e-9d1b-2a6f4e0b9c11')).toBe(
      '3f1c0e7e-8f0a-4c5e-9d1b-2a6f4e0b9c11',
    );
  });

  it('hashes the meaning of a body, not its key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    expect(requestHash('POST', '/x', { a: 1, b: 2 })).toBe(
      requestHash('POST', '/x', { b: 2, a: 1 }),
    );
    expect(requestHash('POST', '/x', { a: 1 })).not.toBe(requestHash('POST', '/y', { a: 1 }));
  });
});

describe('createInFlightKeys', () => {
  const hash = requestHash('POST', '/v1/tickets', { subject: 'a' });

  function refusal(claim: () => unknown): ApiError | undefined {
    try {
      claim();
      return undefined;
    } catch (error) {
      return error as ApiError;
    }
  }
  const codeOfClaim = (claim: () => unknown) => {
    const error = refusal(claim);
    return error === undefined ? 'claimed' : `${error.status} ${error.code}`;
  };

  it('answers 409 with Retry-After to the same request while the first runs, 422 to another', () => {
    const inFlight = createInFlightKeys();
    const release = inFlight.claim(scope, hash);
    const error = refusal(() => inFlight.claim(scope, hash));
    expect(error).toBeInstanceOf(ApiError);
    expect(`${error?.status} ${error?.code}`).toBe('409 idempotency_in_progress');
    expect(error?.headers['Retry-After']).toBe('1');
    expect(codeOfClaim(() => inFlight.claim(scope, 'other-hash'))).toBe(
      '422 idempotency_key_reused',
    );
    release();
    // Once the first is done, the key goes to the store again (which replays it).
    expect(codeOfClaim(() => inFlight.claim(scope, hash))).toBe('claimed');
  });

  it('keeps keys of other users and tenants apart', () => {
    const inFlight = createInFlightKeys();
    inFlight.claim(scope, hash);
    expect(codeOfClaim(() => inFlight.claim({ ...scope, userId: 'bob' }, hash))).toBe('claimed');
    expect(codeOfClaim(() => inFlight.claim({ ...scope, tenantId: 'other' }, hash))).toBe(
      'claimed',
    );
    expect(codeOfClaim(() => inFlight.claim({ ...scope, key: 'key-87654321' }, hash))).toBe(
      'claimed',
    );
  });
});

describe('idempotencyOwner', () => {
  it('scopes a user within their company, so one id signed for two companies has two scopes', () => {
    const inAcme = idempotencyOwner({ kind: 'user', companyId: 'acme', userId: 'ada' });
    const inGlobex = idempotencyOwner({ kind: 'user', companyId: 'globex', userId: 'ada' });
    expect(inAcme).not.toBe(inGlobex);
  });

  it('never gives two owners the same string, whatever their ids contain', () => {
    const owners = [
      idempotencyOwner({ kind: 'user', companyId: 'a/b', userId: 'c' }),
      idempotencyOwner({ kind: 'user', companyId: 'a', userId: 'b/c' }),
      idempotencyOwner({ kind: 'user', companyId: 'agent', userId: 'x' }),
      idempotencyOwner({ kind: 'agent', name: 'x' }),
      idempotencyOwner({ kind: 'user', companyId: 'acme', userId: 'agent:Support' }),
      idempotencyOwner({ kind: 'agent', name: 'Support' }),
    ];
    expect(new Set(owners).size).toBe(owners.length);
  });
});

describe('earlierOutcome', () => {
  const hash = requestHash('POST', '/v1/tickets', { subject: 'a' });
  const response = { status: 201, body: { id: 'first' } };

  function storeRemembering(record: IdempotencyRecord | null) {
    const lookups: unknown[] = [];
    return {
      lookups,
      store: {
        lookupIdempotency: async (looked: unknown) => {
          lookups.push(looked);
          return record;
        },
      },
    };
  }

  it('is null for a new key: the caller claims it and writes', async () => {
    const { store } = storeRemembering(null);
    expect(await earlierOutcome(store, createInFlightKeys(), scope, hash)).toBeNull();
  });

  it('replays a completed key without claiming it, so retries arriving together all get it', async () => {
    const { store } = storeRemembering({
      state: 'completed',
      requestHash: hash,
      response,
      createdAt: now,
    });
    const inFlight = createInFlightKeys();
    const answers = await Promise.all(
      [1, 2, 3].map(() => earlierOutcome(store, inFlight, scope, hash)),
    );
    expect(answers).toEqual([1, 2, 3].map(() => ({ response, replayed: true })));
    expect(await codeOf(earlierOutcome(store, inFlight, scope, 'other-hash'))).toBe(
      '422 idempotency_key_reused',
    );
  });

  it('answers 409 while the key runs here, without waiting for the store', async () => {
    const { store, lookups } = storeRemembering(null);
    const inFlight = createInFlightKeys();
    const release = inFlight.claim(scope, hash);
    expect(await codeOf(earlierOutcome(store, inFlight, scope, hash))).toBe(
      '409 idempotency_in_progress',
    );
    expect(await codeOf(earlierOutcome(store, inFlight, scope, 'other-hash'))).toBe(
      '422 idempotency_key_reused',
    );
    expect(lookups).toEqual([]);
    release();
    expect(await earlierOutcome(store, inFlight, scope, hash)).toBeNull();
  });

  it('answers 409 for a key another instance recorded as running', async () => {
    const { store } = storeRemembering({ state: 'in_progress', requestHash: hash, createdAt: now });
    expect(await codeOf(earlierOutcome(store, createInFlightKeys(), scope, hash))).toBe(
      '409 idempotency_in_progress',
    );
  });
});
