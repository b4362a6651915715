import {
  type CreateTicketRequest,
  createClient,
  createIdempotencyKey,
  createMemoryOutboxStorage,
  createOutbox,
  type FetchFunction,
  type OutboxError,
  type TicketDetail,
} from '@aide/core';
import { type Random, randomInt } from './seeded-random';

// Many users filing tickets at once through the widget's own machinery: the real core client
// (ky, its retries, timeouts and idempotency keys) under core's outbox, which keeps a failed
// submission and sends it again with the SAME idempotency key until an answer comes, as the
// widget does after a network error. Whatever the network and the server do meanwhile, each
// intended ticket must end up stored exactly once and its user must be told which one.

/** One ticket a user meant to file, with the key every attempt of it carries. */
export interface IntendedTicket {
  key: string;
  client: number;
  body: CreateTicketRequest;
}

export interface FleetOptions {
  /** Where the clients send their requests (the fault proxy). */
  baseUrl: string;
  clients: number;
  ticketsPerClient: number;
  /** Signs a host token for client `index` (each client is one admin user). */
  token: (client: number) => Promise<string>;
  /** Per-attempt timeout of the client: how long a hung connection is waited for. */
  timeoutMs: number;
  /** A ticket still unanswered after this long is given up (and counted against the run). */
  giveUpAfterMs: number;
  /** Marks this run's subjects, so that nothing else can be counted as one of its tickets. */
  runId: string;
  random: Random;
}

export interface FleetResult {
  intended: IntendedTicket[];
  /** The answer each user finally got, by idempotency key. */
  answers: Map<string, TicketDetail>;
  /** Tickets refused for good, or given up: each is a failure of the run. */
  failures: { key: string; error: OutboxError | null }[];
  /** Sends by the outboxes (each one a client call with its own retries inside). */
  sends: number;
  /** HTTP requests the clients made, every retry included. */
  httpAttempts: number;
  /** Answers marked `Idempotency-Replayed`: the server had done the work on an earlier try. */
  replays: number;
  /** Answers with a 5xx status: the server failed instead of doing or refusing the work. */
  serverErrors: number;
}

export interface Fleet {
  /** Tickets answered so far, to time the server kills on the fleet's progress. */
  answered(): number;
  done: Promise<FleetResult>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts every client at once; `done` resolves when each has an answer for each of its tickets
 * (or gave up on it).
 *
 * @example
 * const fleet = runFleet({ baseUrl: proxy.url, clients: 30, ticketsPerClient: 10, ... });
 * const result = await fleet.done;
 */
export function runFleet(options: FleetOptions): Fleet {
  const result: FleetResult = {
    intended: [],
    answers: new Map(),
    failures: [],
    sends: 0,
    httpAttempts: 0,
    replays: 0,
    serverErrors: 0,
  };
  const countingFetch: FetchFunction = async (input, init) => {
    result.httpAttempts++;
    const response = await fetch(input, init);
    if (response.headers.get('idempotency-replayed') === 'true') {
      result.replays++;
    }
    if (response.status >= 500) {
      result.serverErrors++;
    }
    return response;
  };

  const runClient = async (index: number) => {
    const client = createClient({
      baseUrl: options.baseUrl,
      getToken: () => options.token(index),
      fetch: countingFetch,
      timeout: options.timeoutMs,
      // A couple of quick retries inside the call; the outbox takes over beyond them.
      retry: { limit: 2, baseDelay: 50, maxDelay: 400 },
    });
    const outbox = createOutbox<CreateTicketRequest, TicketDetail>({
      storage: createMemoryOutboxStorage(),
      send: (entry) => {
        result.sends++;
        return client.createTicket(entry.payload, { idempotencyKey: entry.id });
      },
      // One outbox per storage here: no other tab to settle a claim with.
      claimSettleMs: 0,
      backoff: { baseDelay: 100, maxDelay: 1_000 },
    });
    for (let number = 1; number <= options.ticketsPerClient; number++) {
      const key = createIdempotencyKey();
      const body = ticketBody(options.runId, index, number, key);
      result.intended.push({ key, client: index, body });
      await outbox.enqueue({ kind: 'createTicket', payload: body, idempotencyKey: key });
      const giveUpAt = Date.now() + options.giveUpAfterMs;
      for (;;) {
        const flushed = await outbox.flush();
        for (const { entry, result: detail } of flushed.delivered) {
          result.answers.set(entry.id, detail);
        }
        for (const entry of flushed.failed) {
          result.failures.push({ key: entry.id, error: entry.last_error });
          await outbox.remove(entry.id);
        }
        if (flushed.remaining === 0) {
          break;
        }
        if (Date.now() > giveUpAt) {
          result.failures.push({ key, error: null });
          await outbox.remove(key);
          break;
        }
        await sleep(Math.max(0, (flushed.next_attempt_at ?? 0) - Date.now()));
      }
      // A person takes a moment between two tickets; it also spreads the load over the kills.
      await sleep(randomInt(options.random, 0, 40));
    }
  };

  const done = Promise.all(
    Array.from({ length: options.clients }, (_, index) => runClient(index)),
  ).then(() => result);
  return { answered: () => result.answers.size + result.failures.length, done };
}

function ticketBody(
  runId: string,
  client: number,
  number: number,
  key: string,
): CreateTicketRequest {
  return {
    category: 'general.question',
    subject: `Fault run ${runId}: client ${client} ticket ${number}`,
    description: `Ticket ${number} of client ${client} in run ${runId} (key ${key}).`,
    priority: 'normal',
    fields: {},
    attachments: [],
    consent: { accepted: true, text_version: '2026-01' },
    share_with_account_manager: false,
    context: { route: '/faults', locale: 'fr' },
  };
}
