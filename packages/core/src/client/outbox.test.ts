import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateTicketRequest } from '../contract/tickets';
import { createClient } from './create-client';
import {
  createMemoryOutboxStorage,
  createOutbox,
  createWebStorageOutboxStorage,
  type OutboxEntry,
  type OutboxStorage,
  type StorageLike,
} from './outbox';
import { draftFixture, ticketDetailFixture } from './test-fixtures';
import {
  json,
  problem,
  type RecordedRequest,
  startTestServer,
  type TestServer,
} from './test-server';

// A server with the contract's idempotency: the first request with a key creates the ticket,
// a replay with the same key answers the same ticket without creating another one.
function idempotentTickets() {
  const created = new Map<string, number>();
  let deliveries = 0;
  let loseNextAnswer = false;
  return {
    get deliveries() {
      return deliveries;
    },
    /** The next ticket is created but the connection drops before the answer. */
    loseNextAnswer() {
      loseNextAnswer = true;
    },
    handle(request: RecordedRequest, response: ServerResponse) {
      const key = String(request.headers['idempotency-key']);
      let number = created.get(key);
      if (number === undefined) {
        deliveries += 1;
        number = deliveries;
        created.set(key, number);
      }
      if (loseNextAnswer) {
        loseNextAnswer = false;
        response.socket?.destroy();
        return;
      }
      json(response, 201, ticketDetailFixture({ id: `tk_${number}`, number }));
    },
  };
}

/** An in-memory stand-in for localStorage, shared by "tabs" and surviving "reloads". */
function fakeLocalStorage(): StorageLike & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    get length() {
      return values.size;
    },
    key: (index) => [...values.keys()][index] ?? null,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => {
      values.set(key, value);
    },
    removeItem: (key) => {
      values.delete(key);
    },
  };
}

let server: TestServer;
let tickets: ReturnType<typeof idempotentTickets>;
beforeEach(async () => {
  tickets = idempotentTickets();
  server = await startTestServer(0, (request, response) => tickets.handle(request, response));
});
afterEach(async () => {
  await server.close();
});

/** What a page load creates: a client and an outbox over the given storage. */
function page(storage: OutboxStorage, url = server.url) {
  const client = createClient({
    baseUrl: url,
    getToken: () => 'token-1',
    retry: false,
    // No test here waits for a timeout (a lost answer drops the connection): this only bounds a
    // hang, with room for a busy machine's round trips.
    timeout: 10_000,
  });
  return createOutbox<CreateTicketRequest>({
    storage,
    send: (entry) => client.createTicket(entry.payload, { idempotencyKey: entry.id }),
    claimSettleMs: 20,
    backoff: { baseDelay: 10, maxDelay: 50 },
  });
}

describe('outbox', () => {
  it('keeps a submission while the server is unreachable and delivers it once it is back', async () => {
    const url = server.url;
    const port = Number(new URL(url).port);
    await server.close();
    const storage = createMemoryOutboxStorage();
    const outbox = page(storage, url);
    const entry = await outbox.enqueue({ kind: 'createTicket', payload: draftFixture });

    const offline = await outbox.flush();
    expect(offline).toMatchObject({ delivered: [], failed: [], remaining: 1 });
    const [kept] = await outbox.entries();
    expect(kept).toMatchObject({ id: entry.id, state: 'pending', attempts: 1, lease: null });
    expect(kept?.last_error?.code).toBe('network_error');

    server = await startTestServer(port, (request, response) => tickets.handle(request, response));
    const online = await outbox.flush({ force: true });
    expect(online.delivered).toHaveLength(1);
    expect(online.delivered[0]?.result).toMatchObject({ ticket: { number: 1 } });
    expect(server.requests[0]?.headers['idempotency-key']).toBe(entry.id);
    expect(tickets.deliveries).toBe(1);
    expect(await outbox.entries()).toEqual([]);
  });

  it('delivers exactly once across a reload after the answer was lost', async () => {
    const localStorage = fakeLocalStorage();
    const firstPage = page(createWebStorageOutboxStorage(localStorage));
    const entry = await firstPage.enqueue({ kind: 'createTicket', payload: draftFixture });
    tickets.loseNextAnswer();
    expect((await firstPage.flush()).remaining).toBe(1);
    // The server created the ticket; the page never heard of it.
    expect(tickets.deliveries).toBe(1);

    const reloaded = page(createWebStorageOutboxStorage(localStorage));
    const result = await reloaded.flush({ force: true });
    expect(result.delivered[0]?.result).toMatchObject({ ticket: { number: 1 } });
    expect(tickets.deliveries).toBe(1);
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      entry.id,
      entry.id,
    ]);
    expect(localStorage.values.size).toBe(0);
  });

  it('lets only one of two tabs send an entry when both flush at once', async () => {
    const localStorage = fakeLocalStorage();
    const tabA = page(createWebStorageOutboxStorage(localStorage));
    const tabB = page(createWebStorageOutboxStorage(localStorage));
    await tabA.enqueue({ kind: 'createTicket', payload: draftFixture });
    const [a, b] = await Promise.all([tabA.flush(), tabB.flush()]);
    expect(a.delivered.length + b.delivered.length).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(tickets.deliveries).toBe(1);
  });

  it('takes over an entry whose claim has expired (a tab closed mid-send)', async () => {
    let clock = 1_000_000;
    const storage = createMemoryOutboxStorage();
    const stranded: OutboxEntry = {
      id: 'draft-key-stranded',
      kind: 'createTicket',
      payload: draftFixture,
      created_at: clock,
      attempts: 0,
      next_attempt_at: 0,
      state: 'pending',
      last_error: null,
      lease: { owner: 'closed-tab', until: clock + 60_000 },
    };
    await storage.put(stranded);
    const client = createClient({ baseUrl: server.url, getToken: () => 't', retry: false });
    const outbox = createOutbox<CreateTicketRequest>({
      storage,
      now: () => clock,
      claimSettleMs: 1,
      send: (entry) => client.createTicket(entry.payload, { idempotencyKey: entry.id }),
    });
    expect((await outbox.flush()).remaining).toBe(1);
    expect(server.requests).toHaveLength(0);
    clock += 60_001;
    expect((await outbox.flush()).delivered).toHaveLength(1);
    expect(server.requests[0]?.headers['idempotency-key']).toBe('draft-key-stranded');
  });

  it('keeps a refused submission as failed, with the problem, until the user retries it', async () => {
    server.handle((_request, response) =>
      problem(response, 400, 'validation_failed', {
        errors: [{ path: 'body.fields.steps', message: 'Required' }],
      }),
    );
    const outbox = page(createMemoryOutboxStorage());
    const entry = await outbox.enqueue({ kind: 'createTicket', payload: draftFixture });
    const result = await outbox.flush();
    expect(result.failed).toHaveLength(1);
    expect(result.remaining).toBe(0);
    const [failed] = await outbox.entries();
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 });
    expect(failed?.last_error).toMatchObject({ code: 'validation_failed', status: 400 });
    expect(failed?.last_error?.problem).toMatchObject({
      errors: [{ path: 'body.fields.steps', message: 'Required' }],
    });

    await outbox.flush({ force: true });
    expect(server.requests).toHaveLength(1);

    server.handle((request, response) => tickets.handle(request, response));
    await outbox.retry(entry.id);
    expect((await outbox.flush()).delivered).toHaveLength(1);
    expect(tickets.deliveries).toBe(1);
  });

  it('lets the user discard a refused submission', async () => {
    server.handle((_request, response) => problem(response, 403, 'forbidden'));
    const outbox = page(createMemoryOutboxStorage());
    const entry = await outbox.enqueue({ kind: 'createTicket', payload: draftFixture });
    await outbox.flush();
    const seen: string[][] = [];
    outbox.onChange((entries) => seen.push(entries.map((kept) => kept.state)));
    await outbox.remove(entry.id);
    expect(await outbox.entries()).toEqual([]);
    expect(seen).toEqual([[]]);
    await outbox.flush({ force: true });
    expect(server.requests).toHaveLength(1);
  });

  it('stops a flush at the first transient failure and backs that entry off', async () => {
    server.handle((_request, response) => problem(response, 503, 'service_unavailable'));
    const outbox = page(createMemoryOutboxStorage());
    await outbox.enqueue({
      kind: 'createTicket',
      payload: draftFixture,
      idempotencyKey: 'key-first-1',
    });
    await outbox.enqueue({
      kind: 'createTicket',
      payload: draftFixture,
      idempotencyKey: 'key-second',
    });
    const before = Date.now();
    const result = await outbox.flush();
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['idempotency-key']).toBe('key-first-1');
    expect(result.remaining).toBe(2);
    const [first, second] = await outbox.entries();
    expect(first).toMatchObject({ id: 'key-first-1', attempts: 1, state: 'pending' });
    expect(first?.last_error?.code).toBe('service_unavailable');
    expect(first?.next_attempt_at).toBeGreaterThanOrEqual(before);
    expect(second).toMatchObject({ id: 'key-second', attempts: 0, last_error: null });
    // The second entry is due already: the next flush may run at once.
    expect(result.next_attempt_at).toBeLessThanOrEqual(Date.now());
  });

  it('does not try an entry again before its backoff ends unless forced', async () => {
    let clock = 5_000_000;
    server.handle((_request, response) => problem(response, 503, 'service_unavailable'));
    const client = createClient({ baseUrl: server.url, getToken: () => 't', retry: false });
    const outbox = createOutbox<CreateTicketRequest>({
      storage: createMemoryOutboxStorage(),
      now: () => clock,
      claimSettleMs: 1,
      backoff: { baseDelay: 10_000, maxDelay: 10_000 },
      send: (entry) => client.createTicket(entry.payload, { idempotencyKey: entry.id }),
    });
    await outbox.enqueue({ kind: 'createTicket', payload: draftFixture });
    await outbox.flush();
    const [entry] = await outbox.entries();
    clock = (entry?.next_attempt_at ?? 0) - 1;
    await outbox.flush();
    expect(server.requests).toHaveLength(1);
    await outbox.flush({ force: true });
    expect(server.requests).toHaveLength(2);
  });

  it('keeps one entry per idempotency key and tells listeners about changes', async () => {
    const outbox = page(createMemoryOutboxStorage());
    const seen: number[] = [];
    const unsubscribe = outbox.onChange((entries) => seen.push(entries.length));
    await outbox.enqueue({
      kind: 'createTicket',
      payload: draftFixture,
      idempotencyKey: 'draft-1234',
    });
    await outbox.enqueue({
      kind: 'createTicket',
      payload: draftFixture,
      idempotencyKey: 'draft-1234',
    });
    expect(await outbox.entries()).toHaveLength(1);
    await outbox.flush();
    expect(seen).toEqual([1, 0]);
    unsubscribe();
    await outbox.enqueue({ kind: 'createTicket', payload: draftFixture });
    expect(seen).toEqual([1, 0]);
  });

  it('shares one running flush between callers of the same outbox', async () => {
    const outbox = page(createMemoryOutboxStorage());
    await outbox.enqueue({ kind: 'createTicket', payload: draftFixture });
    const [first, second] = await Promise.all([outbox.flush(), outbox.flush()]);
    expect(first).toBe(second);
    expect(server.requests).toHaveLength(1);
  });
});

describe('web storage', () => {
  it('skips values it cannot read and keys of others, without deleting them', async () => {
    const localStorage = fakeLocalStorage();
    localStorage.setItem('aide:outbox:broken', '{not json');
    localStorage.setItem('aide:outbox:stranger', JSON.stringify({ id: 'x' }));
    localStorage.setItem('host:settings', '{"theme":"dark"}');
    const storage = createWebStorageOutboxStorage(localStorage);
    const outbox = page(storage);
    const entry = await outbox.enqueue({ kind: 'createTicket', payload: draftFixture });
    expect((await storage.list()).map((stored) => stored.id)).toEqual([entry.id]);
    expect(JSON.parse(localStorage.getItem(`aide:outbox:${entry.id}`) ?? '')).toMatchObject({
      payload: draftFixture,
    });
    await outbox.flush();
    expect([...localStorage.values.keys()].sort()).toEqual([
      'aide:outbox:broken',
      'aide:outbox:stranger',
      'host:settings',
    ]);
  });
});
