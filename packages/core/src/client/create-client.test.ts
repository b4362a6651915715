import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { defaultCatalog } from '../catalog/catalog';
import { describeCatalog } from '../catalog/descriptor';
import { createClient } from './create-client';
import { type AideError, isAideError } from './errors';
import { draftFixture, meFixture, summaryFixture, ticketDetailFixture } from './test-fixtures';
import { json, problem, startTestServer, type TestServer } from './test-server';
import type { FetchFunction } from './transport';

const fastRetry = { limit: 3, baseDelay: 5, maxDelay: 20 };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

function client(overrides: Partial<Parameters<typeof createClient>[0]> = {}) {
  return createClient({
    baseUrl: server.url,
    getToken: () => 'token-1',
    retry: fastRetry,
    // Only the timeout tests below wait for a timeout, with their own; elsewhere it only bounds
    // a hang, with room for a busy machine's round trips.
    timeout: 10_000,
    ...overrides,
  });
}

/**
 * The answers as the client receives them, through its `fetch` option: `first(status)` resolves
 * with the time the first answer of that status reached the client.
 */
function answersSeen() {
  const answers: { status: number; at: number }[] = [];
  const recording: FetchFunction = async (input, init) => {
    const response = await fetch(input, init);
    answers.push({ status: response.status, at: Date.now() });
    return response;
  };
  return {
    fetch: recording,
    async first(status: number): Promise<number> {
      const answer = await vi.waitFor(
        () => {
          const found = answers.find((each) => each.status === status);
          expect(found).toBeDefined();
          return found as { at: number };
        },
        { timeout: 10_000 },
      );
      return answer.at;
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<AideError> {
  try {
    await promise;
  } catch (error) {
    if (isAideError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('authentication', () => {
  it('sends the host token as a bearer and parses the answer', async () => {
    server.handle((_request, response) => json(response, 200, meFixture));
    await expect(client().me()).resolves.toEqual(meFixture);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/me' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer token-1');
    expect(server.requests[0]?.headers.accept).toBe('application/json');
  });

  it('asks for a fresh token once on 401 and retries with it', async () => {
    server.handle((request, response) =>
      request.headers.authorization === 'Bearer fresh'
        ? json(response, 200, meFixture)
        : problem(response, 401, 'unauthorized'),
    );
    const getToken = vi.fn(({ refresh }: { refresh: boolean }) => (refresh ? 'fresh' : 'stale'));
    const aide = client({ getToken });
    await expect(aide.me()).resolves.toEqual(meFixture);
    expect(getToken.mock.calls).toEqual([[{ refresh: false }], [{ refresh: true }]]);
    // The fresh token is kept for the next calls.
    await aide.me();
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer stale',
      'Bearer fresh',
      'Bearer fresh',
    ]);
  });

  it('gives up with unauthorized when the fresh token is refused too', async () => {
    server.handle((_request, response) => problem(response, 401, 'unauthorized'));
    const getToken = vi.fn(() => 'refused');
    const error = await failure(client({ getToken }).me());
    expect(error).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(error.problem?.code).toBe('unauthorized');
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(server.requests).toHaveLength(2);
  });

  it('shares one refresh between calls refused together', async () => {
    server.handle((request, response) =>
      request.headers.authorization === 'Bearer fresh'
        ? json(response, 200, meFixture)
        : problem(response, 401, 'unauthorized'),
    );
    const getToken = vi.fn(({ refresh }: { refresh: boolean }) => (refresh ? 'fresh' : 'stale'));
    const aide = client({ getToken });
    await Promise.all([aide.me(), aide.me(), aide.me()]);
    expect(getToken).toHaveBeenCalledTimes(2);
  });

  it('asks the host again after a failed refresh', async () => {
    server.handle((request, response) =>
      request.headers.authorization === 'Bearer fresh'
        ? json(response, 200, meFixture)
        : problem(response, 401, 'unauthorized'),
    );
    let refreshes = 0;
    const aide = client({
      getToken: ({ refresh }) => {
        if (!refresh) {
          return 'stale';
        }
        refreshes += 1;
        if (refreshes === 1) {
          throw new Error('host backend down');
        }
        return 'fresh';
      },
    });
    expect((await failure(aide.me())).code).toBe('unauthorized');
    await expect(aide.me()).resolves.toEqual(meFixture);
    expect(refreshes).toBe(2);
  });

  it('reports a failing getToken as unauthorized without calling the server', async () => {
    const error = await failure(
      client({
        getToken: () => {
          throw new Error('host session expired');
        },
      }).me(),
    );
    expect(error.code).toBe('unauthorized');
    expect((error.cause as Error).message).toBe('host session expired');
    expect(server.requests).toHaveLength(0);
  });
});

describe('idempotency', () => {
  it('sends one generated key on every retry of the same POST', async () => {
    server.handle((_request, response, index) =>
      index < 2
        ? problem(response, 503, 'service_unavailable')
        : json(response, 201, ticketDetailFixture()),
    );
    await expect(client().createTicket(draftFixture)).resolves.toEqual(ticketDetailFixture());
    const keys = server.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(uuid);
    expect(new Set(keys).size).toBe(1);
    expect(JSON.parse(server.requests[0]?.body.toString() ?? '')).toEqual(draftFixture);
  });

  it('uses the caller key, also across a token refresh', async () => {
    server.handle((request, response) =>
      request.headers.authorization === 'Bearer fresh'
        ? json(response, 201, ticketDetailFixture())
        : problem(response, 401, 'unauthorized'),
    );
    const aide = client({ getToken: ({ refresh }) => (refresh ? 'fresh' : 'stale') });
    await aide.createTicket(draftFixture, { idempotencyKey: 'draft-7f3a9c' });
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'draft-7f3a9c',
      'draft-7f3a9c',
    ]);
  });

  it('gives two logical calls two different keys', async () => {
    server.handle((_request, response) => json(response, 201, ticketDetailFixture()));
    const aide = client();
    await aide.createTicket(draftFixture);
    await aide.createTicket(draftFixture);
    const [first, second] = server.requests.map((request) => request.headers['idempotency-key']);
    expect(first).not.toBe(second);
  });

  it('sends no key on GET', async () => {
    server.handle((_request, response) => json(response, 200, meFixture));
    await client().me();
    expect(server.requests[0]?.headers['idempotency-key']).toBeUndefined();
  });
});

describe('retries', () => {
  it.each([
    [408, 'timeout'],
    [409, 'idempotency_in_progress'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'service_unavailable'],
    [504, 'server_error'],
  ])('retries after %i (%s) and succeeds', async (status, code) => {
    server.handle((_request, response, index) =>
      index === 0 ? problem(response, status, code) : json(response, 201, ticketDetailFixture()),
    );
    await expect(client().createTicket(draftFixture)).resolves.toEqual(ticketDetailFixture());
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    [400, 'validation_failed'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'invalid_transition'],
    [409, 'already_rated'],
    [422, 'idempotency_key_reused'],
    [413, 'payload_too_large'],
  ])('does not retry %i %s and passes the code through', async (status, code) => {
    server.handle((_request, response) =>
      problem(response, status, code, { errors: [{ path: 'body.subject', message: 'Required' }] }),
    );
    const error = await failure(client().createTicket(draftFixture));
    expect(error).toMatchObject({ code, status });
    expect(error.problem?.errors).toEqual([{ path: 'body.subject', message: 'Required' }]);
    expect(error.transient).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('derives a code from the status when the body is not a problem', async () => {
    server.handle((_request, response) => {
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<h1>Not found</h1>');
    });
    const error = await failure(client().getTicket('tk_404'));
    expect(error).toMatchObject({ code: 'not_found', status: 404 });
    expect(error.problem).toBeUndefined();
  });

  /** Starts an error answer, then drops the connection in the middle of its JSON body. */
  function cutOff(response: ServerResponse, status: number) {
    response.writeHead(status, {
      'content-type': 'application/problem+json',
      'content-length': '400',
    });
    response.write('{"type":"about:blank","title":"A request with th', () => {
      response.socket?.destroy();
    });
  }

  it('retries an error answer cut off in its body, with the same idempotency key', async () => {
    // Without its body, this 409 could be "still in progress": giving up would lose the ticket.
    server.handle((_request, response, index) =>
      index === 0 ? cutOff(response, 409) : json(response, 201, ticketDetailFixture()),
    );
    await expect(client().createTicket(draftFixture)).resolves.toEqual(ticketDetailFixture());
    const [first, second] = server.requests;
    expect(server.requests).toHaveLength(2);
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
  });

  it('reports answers still cut off after the retries as a transient network_error', async () => {
    server.handle((_request, response) => cutOff(response, 403));
    const error = await failure(client().createTicket(draftFixture));
    expect(error).toMatchObject({ code: 'network_error' });
    expect(error.status).toBeUndefined();
    // An outbox keeps such a submission and sends it again later.
    expect(error.transient).toBe(true);
    expect(server.requests).toHaveLength(fastRetry.limit + 1);
  });

  it('stops after the retry limit, with backoff between attempts', async () => {
    // Full jitter draws each wait between 0 and the exponential delay: pinning the draw at its
    // top makes the waits 100 ms, then 200 ms. Only lower bounds are checked, which a slow
    // machine cannot break (it only makes the gaps longer).
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.999);
    onTestFinished(() => random.mockRestore());
    server.handle((_request, response) => problem(response, 500, 'server_error'));
    const error = await failure(
      client({ retry: { limit: 2, baseDelay: 100, maxDelay: 1000 } }).me(),
    );
    expect(error).toMatchObject({ code: 'server_error', status: 500 });
    expect(error.transient).toBe(true);
    expect(server.requests).toHaveLength(3);
    const [first, second, third] = server.requests.map((request) => request.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(95);
    // The delay doubles: a second wait of the base delay again would be about 100 ms.
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(190);
  });

  it('waits only a random share of each delay (full jitter), never more than maxDelay', async () => {
    server.handle((_request, response) => problem(response, 500, 'server_error'));
    const random = vi.spyOn(Math, 'random');
    onTestFinished(() => random.mockRestore());
    // Unjittered or uncapped, each wait below would last over 16 minutes; jittered and capped it
    // is 100 to 200 ms. The 10 s bound is a slow machine's margin, not a measure.
    random.mockReturnValue(0.0001);
    let started = Date.now();
    await failure(client({ retry: { limit: 2, baseDelay: 1_000_000, maxDelay: 1e9 } }).me());
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(10_000);
    random.mockReturnValue(0.999);
    started = Date.now();
    await failure(client({ retry: { limit: 2, baseDelay: 1_000_000, maxDelay: 100 } }).me());
    expect(server.requests).toHaveLength(6);
    expect(Date.now() - started).toBeLessThan(10_000);
    const [, fourth, fifth, sixth] = server.requests.slice(2).map((request) => request.at);
    expect((fifth ?? 0) - (fourth ?? 0)).toBeGreaterThanOrEqual(95);
    expect((sixth ?? 0) - (fifth ?? 0)).toBeGreaterThanOrEqual(95);
  }, 20_000);

  it('retries a dropped connection, then succeeds', async () => {
    server.handle((_request, response, index) => {
      if (index === 0) {
        response.socket?.destroy();
        return;
      }
      json(response, 200, meFixture);
    });
    await expect(client().me()).resolves.toEqual(meFixture);
    expect(server.requests).toHaveLength(2);
  });

  it('reports an unreachable server as network_error after its retries', async () => {
    await server.close();
    const fetchCalls = vi.fn(fetch);
    const error = await failure(
      client({ fetch: fetchCalls, retry: { limit: 2, baseDelay: 1 } }).me(),
    );
    expect(error.code).toBe('network_error');
    expect(error.transient).toBe(true);
    expect(fetchCalls).toHaveBeenCalledTimes(3);
    server = await startTestServer();
  });
});

describe('Retry-After', () => {
  it('waits as long as the server asks (delay-seconds)', async () => {
    server.handle((_request, response, index) =>
      index === 0
        ? problem(response, 429, 'rate_limited', {}, { 'retry-after': '1' })
        : json(response, 200, meFixture),
    );
    await client().me();
    const [first, second] = server.requests.map((request) => request.at);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('waits until an HTTP date', async () => {
    // HTTP dates have a one-second resolution: ask for the next whole second plus one.
    const until = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    server.handle((_request, response, index) =>
      index === 0
        ? problem(response, 503, 'service_unavailable', {}, { 'retry-after': until.toUTCString() })
        : json(response, 200, meFixture),
    );
    await client().me();
    expect(server.requests[1]?.at ?? 0).toBeGreaterThanOrEqual(until.getTime() - 20);
  });

  it('holds every call of the client during the pause: no storm after a 429', async () => {
    server.handle((request, response, index) => {
      if (index === 0) {
        problem(response, 429, 'rate_limited', {}, { 'retry-after': '1' });
        return;
      }
      json(response, 200, request.path === '/v1/me' ? meFixture : { items: [], next_cursor: null });
    });
    const seen = answersSeen();
    const aide = client({ fetch: seen.fetch });
    const first = aide.me();
    // The pause starts when the client reads the 429, not when the server sends it.
    const pausedAt = await seen.first(429);
    // Calls started during the pause wait for its end instead of hitting the server.
    const others = Promise.all([aide.listTickets(), aide.listTickets(), aide.listTickets()]);
    await Promise.all([first, others]);
    expect(server.requests).toHaveLength(5);
    // Checked on arrival times rather than by peeking after a fixed sleep: a slow machine only
    // delays the requests further.
    for (const request of server.requests.slice(1)) {
      expect(request.at - pausedAt).toBeGreaterThanOrEqual(950);
    }
  });

  it('releases the calls held by a pause spread over time, not in one wave', async () => {
    server.handle((request, response, index) =>
      index === 0
        ? problem(response, 429, 'rate_limited', {}, { 'retry-after': '1' })
        : json(
            response,
            200,
            request.path === '/v1/me' ? meFixture : { items: [], next_cursor: null },
          ),
    );
    const seen = answersSeen();
    const aide = client({ fetch: seen.fetch });
    const first = aide.me();
    await seen.first(429);
    await Promise.all([first, ...Array.from({ length: 8 }, () => aide.listTickets())]);
    const resumed = server.requests.slice(1).map((request) => request.at);
    expect(resumed).toHaveLength(9);
    // Nine calls resuming at random within a second: all within 300 ms has odds below 1 in 1,000.
    expect(Math.max(...resumed) - Math.min(...resumed)).toBeGreaterThan(300);
  });

  it('fails at once with rate_limited when the wait is longer than maxRetryAfter', async () => {
    server.handle((_request, response) =>
      problem(response, 429, 'rate_limited', {}, { 'retry-after': '3600' }),
    );
    const started = Date.now();
    const error = await failure(client().me());
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfter: 3_600_000 });
    expect(server.requests).toHaveLength(1);
    // One round trip, where waiting would take an hour (or maxRetryAfter, 30 s): the bound
    // leaves a loaded machine seconds for that round trip.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('timeouts and cancellation', () => {
  // The timeouts leave a loaded CI machine room to deliver each request before it is cut: the
  // server records a request only once it has read it whole.
  it('times out each attempt, retries, then reports timeout', async () => {
    server.handle(() => {
      // never answers: each attempt can only end by its timeout
    });
    const error = await failure(client({ timeout: 400, retry: { limit: 1, baseDelay: 1 } }).me());
    expect(error.code).toBe('timeout');
    expect(server.requests).toHaveLength(2);
  });

  it('recovers when only the first attempt is slow', async () => {
    server.handle((_request, response, index) => {
      if (index > 0) {
        json(response, 200, meFixture);
      }
    });
    // The second attempt needs a whole round trip within its timeout, not just its delivery.
    await expect(client({ timeout: 1000 }).me()).resolves.toEqual(meFixture);
    expect(server.requests).toHaveLength(2);
  });

  it('aborts a call in flight', async () => {
    server.handle(() => {
      // Never answers: however slow the machine, the call can only end by its abort.
    });
    const controller = new AbortController();
    const pending = client().me({ signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    const error = await failure(pending);
    expect(error.code).toBe('aborted');
    expect(error.transient).toBe(false);
  });

  it('aborts during a backoff wait without another attempt', async () => {
    server.handle((_request, response) =>
      problem(response, 503, 'service_unavailable', {}, { 'retry-after': '20' }),
    );
    const seen = answersSeen();
    const controller = new AbortController();
    const pending = client({ fetch: seen.fetch }).me({ signal: controller.signal });
    // Abort once the client holds the 503, so the abort lands in the 20 s wait for the retry.
    await seen.first(503);
    const abortedAt = Date.now();
    controller.abort();
    expect((await failure(pending)).code).toBe('aborted');
    // At once, not when the wait would have ended: the 10 s bound only leaves a slow machine room.
    expect(Date.now() - abortedAt).toBeLessThan(10_000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.requests).toHaveLength(1);
  }, 20_000);

  it('does not even send a call whose signal is already aborted', async () => {
    const error = await failure(client().me({ signal: AbortSignal.abort() }));
    expect(error.code).toBe('aborted');
    expect(server.requests).toHaveLength(0);
  });
});

describe('validation', () => {
  it('refuses an answer that does not match the contract, without retrying', async () => {
    server.handle((_request, response) => json(response, 200, { ...meFixture, user: null }));
    const error = await failure(client().me());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('user');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses an answer that is not JSON', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>captive portal</html>');
    });
    expect((await failure(client().me())).code).toBe('invalid_response');
  });

  it('checks the request against the contract before sending it', async () => {
    const error = await failure(
      client().createTicket({ ...draftFixture, subject: '' }, { idempotencyKey: 'draft-key-1' }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.problem?.errors?.map((entry) => entry.path)).toEqual(['body.subject']);
    expect(server.requests).toHaveLength(0);
  });
});

describe('tickets', () => {
  it('walks every page with the async iterator, passing the filters', async () => {
    server.handle((request, response) => {
      const url = new URL(request.path, server.url);
      const cursor = url.searchParams.get('cursor');
      const page = cursor === null ? 1 : Number(cursor);
      json(response, 200, {
        items: [summaryFixture(page * 2 - 1), summaryFixture(page * 2)],
        next_cursor: page < 3 ? String(page + 1) : null,
      });
    });
    const numbers: number[] = [];
    for await (const page of client().iterateTickets({ status: 'open', limit: 2 })) {
      numbers.push(...page.items.map((ticket) => ticket.number));
    }
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    const queries = server.requests.map(
      (request) => new URL(request.path, server.url).searchParams,
    );
    expect(queries.map((query) => query.get('cursor'))).toEqual([null, '2', '3']);
    for (const query of queries) {
      expect(query.get('status')).toBe('open');
      expect(query.get('limit')).toBe('2');
    }
  });

  it('stops iterating when the caller breaks out', async () => {
    server.handle((_request, response) =>
      json(response, 200, { items: [summaryFixture(1)], next_cursor: 'more' }),
    );
    for await (const page of client().iterateTickets()) {
      expect(page.items).toHaveLength(1);
      break;
    }
    expect(server.requests).toHaveLength(1);
  });

  it('reaches each ticket route with the id encoded', async () => {
    server.handle((request, response) => {
      if (request.path.endsWith('/messages') && request.method === 'GET') {
        json(response, 200, { messages: [], events: [] });
      } else if (request.path.endsWith('/messages')) {
        json(response, 201, {
          id: 'm_1',
          ticket_id: 'tk/1',
          author: { kind: 'customer', id: 'user_1', name: 'Alice' },
          body: 'Still broken',
          attachments: [],
          created_at: '2026-11-02T10:00:00.000Z',
        });
      } else {
        json(response, 200, ticketDetailFixture());
      }
    });
    const aide = client();
    await aide.getTicket('tk/1');
    await aide.getThread('tk/1');
    await aide.reply('tk/1', { body: 'Still broken', attachments: [] });
    await aide.close('tk/1');
    await aide.reopen('tk/1', { comment: 'Back again' });
    await aide.rate('tk/1', { score: 'good' });
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /v1/tickets/tk%2F1',
      'GET /v1/tickets/tk%2F1/messages',
      'POST /v1/tickets/tk%2F1/messages',
      'POST /v1/tickets/tk%2F1/close',
      'POST /v1/tickets/tk%2F1/reopen',
      'POST /v1/tickets/tk%2F1/rating',
    ]);
    expect(JSON.parse(server.requests[5]?.body.toString() ?? '')).toEqual({ score: 'good' });
  });

  it('keeps the path of a base URL', async () => {
    server.handle((_request, response) =>
      json(response, 200, { items: [{ ...summaryFixture(3), score: 0.8 }] }),
    );
    const result = await client({ baseUrl: `${server.url}/support/` }).similarTickets({
      q: 'export',
    });
    expect(result.items[0]?.score).toBe(0.8);
    expect(server.requests[0]?.path).toBe('/support/v1/tickets/similar?q=export&limit=5');
  });
});

describe('tenant settings', () => {
  it('reads the config and the category catalog the server describes', async () => {
    const config = {
      docs: [
        {
          id: 'doc_1',
          title: 'Exporter vos données',
          url: 'https://help.example.com/export',
          kind: 'doc',
          tags: ['export'],
          routes: ['/exports/*'],
        },
      ],
      categories: ['general.question', 'technical.api'],
      sla_targets: {
        low: { first_response_minutes: 1440, resolution_minutes: null },
        normal: { first_response_minutes: 480, resolution_minutes: 7200 },
        high: { first_response_minutes: 240, resolution_minutes: 1440 },
        urgent: { first_response_minutes: 60, resolution_minutes: 480 },
      },
      support_hours: {
        timezone: 'Europe/Paris',
        days: [{ day: 'monday', opens: '09:00', closes: '18:00' }],
      },
      reopen_window_days: 14,
      consent_text_version: '2026-01',
    };
    const categories = { items: describeCatalog(defaultCatalog) };
    server.handle((request, response) =>
      json(response, 200, request.path === '/v1/config' ? config : categories),
    );
    const aide = client();
    await expect(aide.config()).resolves.toEqual(config);
    const catalog = await aide.categories();
    expect(catalog.items.map((category) => category.key)).toContain('technical.api');
  });

  it('refuses a doc link that is not http(s), so it never becomes a script URL', async () => {
    server.handle((_request, response) =>
      json(response, 200, {
        docs: [
          {
            id: 'doc_1',
            title: 'Click me',
            url: 'javascript:alert(1)',
            kind: 'doc',
            tags: [],
            routes: [],
          },
        ],
        categories: [],
        sla_targets: {
          low: { first_response_minutes: null, resolution_minutes: null },
          normal: { first_response_minutes: null, resolution_minutes: null },
          high: { first_response_minutes: null, resolution_minutes: null },
          urgent: { first_response_minutes: null, resolution_minutes: null },
        },
        support_hours: null,
        reopen_window_days: 14,
        consent_text_version: '2026-01',
      }),
    );
    const error = await failure(client().config());
    expect(error.code).toBe('invalid_response');
    expect(error.message).toContain('docs.0.url');
  });
});

describe('attachments', () => {
  it('uploads a file as multipart with progress from start to end', async () => {
    const content = 'x'.repeat(256 * 1024);
    server.handle((_request, response) =>
      json(response, 201, {
        id: 'att_1',
        name: 'log.txt',
        size: content.length,
        type: 'text/plain',
      }),
    );
    const progress: { loaded: number; total: number }[] = [];
    const file = Object.assign(new Blob([content], { type: 'text/plain' }), { name: 'log.txt' });
    const uploaded = await client().uploadAttachment(file, {
      onProgress: (event) => progress.push(event),
    });
    expect(uploaded).toEqual({
      id: 'att_1',
      name: 'log.txt',
      size: content.length,
      type: 'text/plain',
    });
    const request = server.requests[0];
    expect(request?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(request?.headers['idempotency-key']).toMatch(uuid);
    const body = request?.body.toString() ?? '';
    expect(body).toContain('name="file"; filename="log.txt"');
    expect(body).toContain(content);
    expect(progress[0]).toEqual({ loaded: 0, total: content.length });
    expect(progress.at(-1)).toEqual({ loaded: content.length, total: content.length });
    const loaded = progress.map((event) => event.loaded);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  });

  it('cancels an upload', async () => {
    server.handle(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const pending = client().uploadAttachment(new Blob(['data']), { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    expect((await failure(pending)).code).toBe('aborted');
  });

  it('downloads a file as a Blob', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-disposition': 'attachment; filename="log.txt"',
      });
      response.end(Buffer.from([1, 2, 3, 250]));
    });
    const blob = await client().downloadAttachment('att_1');
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3, 250]);
    expect(server.requests[0]?.path).toBe('/v1/attachments/att_1');
  });
});
