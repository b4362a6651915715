import { randomBytes, randomUUID } from 'node:crypto';
import {
  type AideAgentClient,
  type AideClient,
  createAgentClient,
  createClient,
  type EndpointId,
  type Endpoints,
  endpointList,
  idempotencyKeyHeader,
  problemSchema,
} from '@aide/core';
import type { Store, StoreOperations } from '@aide/server/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Figures, printFigures } from '../src/figures';
import {
  type AgentName,
  agents,
  type Engine,
  hostToken,
  type OpenedStore,
  openEngine,
  type PersonName,
  people,
  questionBody,
  startInProcessServer,
} from '../src/inprocess-server';
import { scale, timeout } from '../src/tier';

// Issue 9, item 2: the idempotency matrix under concurrency, against the real server on SQLite
// and PostgreSQL. For every endpoint that takes an Idempotency-Key (DESIGN.md §5): concurrent
// identical requests have one effect and one answer; a key still in flight answers 409; the
// same key with another body 422; a missing or malformed key 400; and the key of one caller is
// nothing to another (same company, other company, same user id in another company, other
// tenant): no replay, nothing of the first caller's answer.

const rounds = scale({ fast: 2, stress: 10 });
const concurrency = scale({ fast: 10, stress: 48 });
const clientCalls = scale({ fast: 4, stress: 24 });
/** How long a second request may take while the first is held: a 409 is immediate. */
const inFlightAnswerMs = 5_000;

type IdempotentId = {
  [K in EndpointId]: Endpoints[K] extends { readonly idempotent: true } ? K : never;
}[EndpointId];

type Caller = { person: PersonName } | { agent: AgentName };
type Body = { json: unknown } | { file: { name: string; text: string } };

interface Answer {
  status: number;
  replayed: boolean;
  contentType: string;
  retryAfter: string | null;
  text: string;
}

/** One resource to write to, fresh for each check so that effects can be counted exactly. */
interface Target {
  path: string;
  /** Two different requests: the first is the one repeated, the second reuses its key. */
  bodies: [Body, Body];
  /** The effects this target has had so far (tickets, messages, status changes, files...). */
  effects(): Promise<number>;
  /** The same request through the real client (user or agent), with `key`. */
  viaClient(key: string): Promise<unknown>;
}

interface WriteCase {
  owner: Caller;
  /** A ticket the path names (others must get 404 where they may not see it), or none. */
  names: 'ticket' | 'nothing';
  /** A fresh resource to write to, named by `tag` so that its effects can be counted. */
  setup(tag: string): Promise<Target>;
}

interface Fixture {
  /** Two instances of the server over the one store, as in a multi-instance deployment. */
  urls: [string, string];
  tokens: Record<PersonName, string>;
  user: AideClient;
  agent: AideAgentClient;
  store: Store;
  gate: WriteGate;
}

interface WriteGate {
  /** Holds the next write inside its transaction, once its key is recorded, until released. */
  holdNext(): { reached: Promise<void>; release(): void };
}

/**
 * Wraps a store so that a test can hold one idempotent write in flight: the transaction stays
 * open right after its key is recorded (the state a slow write is in).
 */
function gateWrites(store: Store): { store: Store; gate: WriteGate } {
  let hold: { reached(): void; until: Promise<void> } | undefined;
  const holding = (tx: StoreOperations): StoreOperations =>
    new Proxy(tx, {
      get(target, property) {
        if (property === 'beginIdempotency') {
          return async (...args: Parameters<StoreOperations['beginIdempotency']>) => {
            const begun = await target.beginIdempotency(...args);
            const current = hold;
            if (current !== undefined && begun.state === 'started') {
              hold = undefined;
              current.reached();
              await current.until;
            }
            return begun;
          };
        }
        return bound(target, property);
      },
    });
  const gated = new Proxy(store, {
    get(target, property) {
      if (property === 'transaction') {
        return <T>(fn: (tx: StoreOperations) => Promise<T>) =>
          target.transaction((tx) => fn(holding(tx)));
      }
      return bound(target, property);
    },
  });
  return {
    store: gated,
    gate: {
      holdNext() {
        let reached = () => {};
        let release = () => {};
        const reachedPromise = new Promise<void>((resolve) => {
          reached = resolve;
        });
        const until = new Promise<void>((resolve) => {
          release = resolve;
        });
        hold = { reached, until };
        return { reached: reachedPromise, release };
      },
    },
  };
}

function bound(target: object, property: string | symbol): unknown {
  const value: unknown = Reflect.get(target, property, target);
  return typeof value === 'function' ? value.bind(target) : value;
}

async function send(
  fx: Fixture,
  caller: Caller,
  path: string,
  key: string | null,
  body: Body,
  instance: 0 | 1 = 0,
): Promise<Answer> {
  const credential = 'person' in caller ? fx.tokens[caller.person] : agents[caller.agent].key;
  const headers = new Headers({ Authorization: `Bearer ${credential}` });
  if (key !== null) {
    headers.set(idempotencyKeyHeader, key);
  }
  let payload: BodyInit;
  if ('json' in body) {
    headers.set('Content-Type', 'application/json');
    payload = JSON.stringify(body.json);
  } else {
    payload = new FormData();
    payload.set('file', new File([body.file.text], body.file.name, { type: 'text/plain' }));
  }
  const response = await fetch(`${fx.urls[instance]}${path}`, {
    method: 'POST',
    headers,
    body: payload,
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotency-replayed') === 'true',
    contentType: response.headers.get('content-type') ?? '',
    retryAfter: response.headers.get('retry-after'),
    text: await response.text(),
  };
}

/** The problem code of a problem+json answer with `status`, or a description of what came. */
function problemCode(answer: Answer): string {
  const problem = answer.contentType.startsWith('application/problem+json')
    ? problemSchema.safeParse(parseJson(answer.text))
    : undefined;
  return problem?.success === true && problem.data.status === answer.status
    ? `${answer.status} ${problem.data.code}`
    : `${answer.status} (not problem+json: ${answer.contentType})`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isSuccess = (answer: Answer) => answer.status >= 200 && answer.status < 300;

function tag(): string {
  return `k${randomBytes(5).toString('hex')}`;
}

async function ticketOf(fx: Fixture, subject: string): Promise<string> {
  const { ticket } = await fx.user.createTicket(questionBody(subject));
  return ticket.id;
}

async function resolvedTicket(fx: Fixture, subject: string): Promise<string> {
  const id = await ticketOf(fx, subject);
  await fx.agent.setStatus(id, { status: 'resolved', reason: 'fixed' });
  return id;
}

async function eventCount(
  fx: Fixture,
  id: string,
  counts: (event: Awaited<ReturnType<AideAgentClient['getThread']>>['events'][number]) => boolean,
): Promise<number> {
  return (await fx.agent.getThread(id)).events.filter(counts).length;
}

async function messageCount(fx: Fixture, id: string, text: string): Promise<number> {
  return (await fx.agent.getThread(id)).messages.filter((message) => message.body === text).length;
}

async function uploadCount(fx: Fixture, name: string): Promise<number> {
  const unlinked = await fx.store.listUnlinkedAttachments(new Date(8.64e15), 100_000);
  return unlinked.filter((attachment) => attachment.name === name).length;
}

const jsonBodies = (first: unknown, second: unknown): [Body, Body] => [
  { json: first },
  { json: second },
];

const fileBodies = (name: string): [Body, Body] => [
  { file: { name: `${name}.txt`, text: `Journal ${name}\n` } },
  { file: { name: `${name}.txt`, text: `Journal ${name}, autre version\n` } },
];

function file(body: Body): File {
  if (!('file' in body)) {
    throw new TypeError('expected a file body');
  }
  return new File([body.file.text], body.file.name, { type: 'text/plain' });
}

/** Every endpoint that takes an Idempotency-Key; the type makes a new one a compile error here. */
function writeCases(fx: Fixture): Record<IdempotentId, WriteCase> {
  const ada: Caller = { person: 'ada' };
  const support: Caller = { agent: 'supportA' };
  return {
    createTicket: {
      owner: ada,
      names: 'nothing',
      setup: async (t) => {
        const body = questionBody(`Rapport ${t}`);
        return {
          path: '/v1/tickets',
          bodies: jsonBodies(body, questionBody(`Autre ${t}`)),
          effects: async () => (await fx.agent.listTickets({ q: t })).items.length,
          viaClient: (key) => fx.user.createTicket(body, { idempotencyKey: key }),
        };
      },
    },
    reply: {
      owner: ada,
      names: 'ticket',
      setup: async (t) => {
        const id = await ticketOf(fx, `Réponse ${t}`);
        const body = { body: `Toujours bloqué ${t}`, attachments: [] };
        return {
          path: `/v1/tickets/${id}/messages`,
          bodies: jsonBodies(body, { ...body, body: `Autre ${t}` }),
          effects: () => messageCount(fx, id, body.body),
          viaClient: (key) => fx.user.reply(id, body, { idempotencyKey: key }),
        };
      },
    },
    closeTicket: {
      owner: ada,
      names: 'ticket',
      setup: async (t) => {
        const id = await ticketOf(fx, `Fermeture ${t}`);
        const body = { comment: `Réglé ${t}` };
        return {
          path: `/v1/tickets/${id}/close`,
          bodies: jsonBodies(body, { comment: `Autre ${t}` }),
          effects: () =>
            eventCount(fx, id, (e) => e.kind === 'status_changed' && e.to === 'closed'),
          viaClient: (key) => fx.user.close(id, body, { idempotencyKey: key }),
        };
      },
    },
    reopenTicket: {
      owner: ada,
      names: 'ticket',
      setup: async (t) => {
        const id = await resolvedTicket(fx, `Réouverture ${t}`);
        const body = { comment: `Revenu ${t}` };
        return {
          path: `/v1/tickets/${id}/reopen`,
          bodies: jsonBodies(body, { comment: `Autre ${t}` }),
          effects: () =>
            eventCount(fx, id, (e) => e.kind === 'status_changed' && e.from === 'resolved'),
          viaClient: (key) => fx.user.reopen(id, body, { idempotencyKey: key }),
        };
      },
    },
    rateTicket: {
      owner: ada,
      names: 'ticket',
      setup: async (t) => {
        const id = await resolvedTicket(fx, `Note ${t}`);
        return {
          path: `/v1/tickets/${id}/rating`,
          bodies: jsonBodies({ score: 'good' }, { score: 'bad' }),
          effects: () => eventCount(fx, id, (e) => e.kind === 'rated'),
          viaClient: (key) => fx.user.rate(id, { score: 'good' }, { idempotencyKey: key }),
        };
      },
    },
    uploadAttachment: {
      owner: ada,
      names: 'nothing',
      setup: async (t) => {
        const bodies = fileBodies(`user-${t}`);
        const first = file(bodies[0]);
        return {
          path: '/v1/attachments',
          bodies,
          effects: () => uploadCount(fx, first.name),
          viaClient: (key) => fx.user.uploadAttachment(first, { idempotencyKey: key }),
        };
      },
    },
    agentReply: {
      owner: support,
      names: 'ticket',
      setup: async (t) => {
        const id = await ticketOf(fx, `Réponse agent ${t}`);
        const body = { body: `Corrigé en 4.2 ${t}`, attachments: [] };
        return {
          path: `/v1/agent/tickets/${id}/messages`,
          bodies: jsonBodies(body, { ...body, body: `Autre ${t}` }),
          effects: () => messageCount(fx, id, body.body),
          viaClient: (key) => fx.agent.reply(id, body, { idempotencyKey: key }),
        };
      },
    },
    agentSetStatus: {
      owner: support,
      names: 'ticket',
      setup: async (t) => {
        const id = await ticketOf(fx, `Statut ${t}`);
        return {
          path: `/v1/agent/tickets/${id}/status`,
          bodies: jsonBodies({ status: 'in_progress' }, { status: 'escalated' }),
          effects: () =>
            eventCount(fx, id, (e) => e.kind === 'status_changed' && e.to === 'in_progress'),
          viaClient: (key) =>
            fx.agent.setStatus(id, { status: 'in_progress' }, { idempotencyKey: key }),
        };
      },
    },
    agentRenameTicket: {
      owner: support,
      names: 'ticket',
      setup: async (t) => {
        const id = await ticketOf(fx, `Titre ${t}`);
        const body = { subject: `Renommé ${t}` };
        return {
          path: `/v1/agent/tickets/${id}/rename`,
          bodies: jsonBodies(body, { subject: `Autre ${t}` }),
          effects: () => eventCount(fx, id, (e) => e.kind === 'renamed'),
          viaClient: (key) => fx.agent.rename(id, body, { idempotencyKey: key }),
        };
      },
    },
    agentMergeTicket: {
      owner: support,
      names: 'ticket',
      setup: async (t) => {
        const id = await ticketOf(fx, `Doublon ${t}`);
        const into = await ticketOf(fx, `Original ${t}`);
        return {
          path: `/v1/agent/tickets/${id}/merge`,
          // Another body only has to be valid: a reused key is refused before any lookup.
          bodies: jsonBodies({ into }, { into: id }),
          effects: () => eventCount(fx, id, (e) => e.kind === 'merged'),
          viaClient: (key) => fx.agent.merge(id, { into }, { idempotencyKey: key }),
        };
      },
    },
    agentUploadAttachment: {
      owner: support,
      names: 'nothing',
      setup: async (t) => {
        const bodies = fileBodies(`agent-${t}`);
        const first = file(bodies[0]);
        return {
          path: '/v1/agent/attachments',
          bodies,
          effects: () => uploadCount(fx, first.name),
          viaClient: (key) => fx.agent.uploadAttachment(first, { idempotencyKey: key }),
        };
      },
    },
  };
}

/** Everyone else who may use the same key, and whether they may see the owner's ticket. */
function othersOf(owner: Caller): { caller: Caller; seesTicket: boolean }[] {
  if ('agent' in owner) {
    return [
      { caller: { agent: 'supportA2' }, seesTicket: true },
      { caller: { agent: 'supportB' }, seesTicket: false },
    ];
  }
  return [
    { caller: { person: 'ana' }, seesTicket: true },
    { caller: { person: 'gus' }, seesTicket: false },
    { caller: { person: 'adaAtGlobex' }, seesTicket: false },
    { caller: { person: 'olga' }, seesTicket: false },
  ];
}

const callerName = (caller: Caller) => ('person' in caller ? caller.person : caller.agent);

const malformedKeys = ['short', 'has space 1234', 'x'.repeat(256), 'clé-12345678', '<script>1234'];

interface Tally {
  cells: number;
  requests: number;
  effectsExpected: number;
  effectsObserved: number;
  conflicts: number;
  replays: number;
  mismatches: string[];
}

function newTally(): Tally {
  return {
    cells: 0,
    requests: 0,
    effectsExpected: 0,
    effectsObserved: 0,
    conflicts: 0,
    replays: 0,
    mismatches: [],
  };
}

/** Runs every check of one endpoint; what went wrong lands in `tally.mismatches`. */
async function checkEndpoint(fx: Fixture, id: IdempotentId, tally: Tally): Promise<void> {
  const write = writeCases(fx)[id];
  const wrong = (cell: string, what: string) => tally.mismatches.push(`${id} ${cell}: ${what}`);
  const fresh = async () => {
    const target = await write.setup(tag());
    return { target, bodies: target.bodies, before: await target.effects() };
  };
  const effectsOf = async (
    cell: string,
    { target, before }: { target: Target; before: number },
    expected: number,
  ) => {
    const observed = (await target.effects()) - before;
    tally.effectsExpected += expected;
    tally.effectsObserved += observed;
    if (observed !== expected) {
      wrong(cell, `${observed} effects, expected ${expected}`);
    }
  };

  // Concurrent identical requests: one effect; every success the same answer, all but one
  // flagged as replays; the others 409 in progress, then the same answer once retried. Every
  // other round spreads them over both instances, where only the store can keep them apart.
  for (let round = 0; round < rounds; round += 1) {
    tally.cells += 1;
    const run = await fresh();
    const key = randomUUID();
    const spread = round % 2 === 1;
    const burst = (_: unknown, index: number) =>
      send(fx, write.owner, run.target.path, key, run.bodies[0], spread && index % 2 === 1 ? 1 : 0);
    const answers = await Promise.all(Array.from({ length: concurrency }, burst));
    tally.requests += concurrency;
    const conflicts = answers.filter((answer) => !isSuccess(answer));
    tally.conflicts += conflicts.length;
    for (const conflict of conflicts) {
      if (problemCode(conflict) !== '409 idempotency_in_progress' || conflict.retryAfter !== '1') {
        wrong(
          'concurrent',
          `answered ${problemCode(conflict)}, Retry-After ${conflict.retryAfter}`,
        );
      }
    }
    const retried = await Promise.all(conflicts.map(burst));
    tally.requests += retried.length;
    const successes = [...answers.filter(isSuccess), ...retried];
    const originals = successes.filter((answer) => !answer.replayed);
    tally.replays += successes.length - originals.length;
    const first = originals[0];
    if (originals.length !== 1 || first === undefined) {
      wrong('concurrent', `${originals.length} answers not flagged as replays, expected 1`);
    } else {
      const differing = successes.filter(
        (answer) => answer.status !== first.status || answer.text !== first.text,
      );
      if (differing.length > 0) {
        wrong('concurrent', `${differing.length} answers differ from the first`);
      }
    }
    await effectsOf('concurrent', run, 1);
  }

  // The real client: concurrent calls with one key all resolve to the same result.
  {
    tally.cells += 1;
    const run = await fresh();
    const key = randomUUID();
    const results = await Promise.allSettled(
      Array.from({ length: clientCalls }, () => run.target.viaClient(key)),
    );
    tally.requests += clientCalls;
    const texts = new Set(
      results.map((result) =>
        result.status === 'fulfilled' ? JSON.stringify(result.value) : `failed ${result.reason}`,
      ),
    );
    if (texts.size !== 1 || results.some((result) => result.status === 'rejected')) {
      wrong('client', `${texts.size} distinct outcomes: ${[...texts][0]?.slice(0, 200)}`);
    }
    await effectsOf('client', run, 1);
  }

  // The first request held in flight: the same request answers 409 at once, another body 422.
  const run = await fresh();
  const key = randomUUID();
  const held = fx.gate.holdNext();
  const pending = send(fx, write.owner, run.target.path, key, run.bodies[0]);
  await held.reached;
  const whileHeld = async (body: Body) =>
    Promise.race([
      send(fx, write.owner, run.target.path, key, body).then(problemCode),
      new Promise<string>((resolve) =>
        setTimeout(resolve, inFlightAnswerMs, `no answer within ${inFlightAnswerMs} ms`),
      ),
    ]);
  const same = await whileHeld(run.bodies[0]);
  const other = await whileHeld(run.bodies[1]);
  held.release();
  const original = await pending;
  tally.cells += 2;
  tally.requests += 3;
  if (same !== '409 idempotency_in_progress') {
    wrong('in flight, same body', same);
  }
  if (other !== '422 idempotency_key_reused') {
    wrong('in flight, other body', other);
  }
  if (!isSuccess(original) || original.replayed) {
    wrong('in flight, first', `answered ${original.status} replayed=${original.replayed}`);
  }

  // Once done: the same request is replayed, another body is refused with 422.
  const replay = await send(fx, write.owner, run.target.path, key, run.bodies[0]);
  const reused = problemCode(await send(fx, write.owner, run.target.path, key, run.bodies[1]));
  tally.cells += 2;
  tally.requests += 2;
  if (!replay.replayed || replay.status !== original.status || replay.text !== original.text) {
    wrong('replay', `answered ${replay.status} replayed=${replay.replayed}, not the first answer`);
  }
  if (reused !== '422 idempotency_key_reused') {
    wrong('reused key', reused);
  }

  // No key, or a malformed one: 400, nothing written.
  const missing = problemCode(await send(fx, write.owner, run.target.path, null, run.bodies[0]));
  if (missing !== '400 idempotency_key_missing') {
    wrong('missing key', missing);
  }
  for (const malformed of malformedKeys) {
    const code = problemCode(
      await send(fx, write.owner, run.target.path, malformed, run.bodies[0]),
    );
    if (code !== '400 validation_failed') {
      wrong(`malformed key ${malformed.slice(0, 12)}`, code);
    }
  }
  tally.cells += 1 + malformedKeys.length;
  tally.requests += 1 + malformedKeys.length;
  await effectsOf('held, replayed, reused, missing and malformed keys', run, 1);

  // The same key, path and body from anyone else: never the owner's answer, nor any id the
  // server generated for it (`tkt_…`, `att_…`) unless they may see that ticket anyway.
  const ownerIds = [...original.text.matchAll(/"id":"([a-z]+_[\w-]{12,})"/g)].map(
    (match) => match[1] ?? '',
  );
  for (const { caller, seesTicket } of othersOf(write.owner)) {
    const answer = await send(fx, caller, run.target.path, key, run.bodies[0]);
    tally.cells += 1;
    tally.requests += 1;
    const cell = `key of ${callerName(write.owner)} used by ${callerName(caller)}`;
    if (answer.replayed || answer.text === original.text) {
      wrong(cell, 'got the owner’s answer replayed');
    }
    const leaked = ownerIds.filter((ownerId) => answer.text.includes(ownerId));
    if ((write.names === 'nothing' || !seesTicket) && leaked.length > 0) {
      wrong(cell, `answer names ${leaked.join(', ')} from the owner's answer`);
    }
    if (write.names === 'ticket' && !seesTicket && problemCode(answer) !== '404 not_found') {
      wrong(cell, `answered ${problemCode(answer)} for a ticket they may not see`);
    }
    if (write.names === 'nothing' && answer.status !== 201) {
      wrong(cell, `answered ${problemCode(answer)} to their own new request`);
    }
  }
}

const idempotentIds = endpointList
  .filter((endpoint) => endpoint.idempotent)
  .map((endpoint) => endpoint.id as IdempotentId);
const engines: Engine[] = ['SQLite', 'PostgreSQL'];
const totals = newTally();

afterAll(() => {
  const figures: Figures = {
    engines: engines.length,
    endpoints: idempotentIds.length,
    'cells tested': totals.cells,
    'requests sent': totals.requests,
    'effects expected': totals.effectsExpected,
    'effects observed': totals.effectsObserved,
    '409 in progress (concurrent)': totals.conflicts,
    replays: totals.replays,
    mismatches: totals.mismatches.length,
  };
  printFigures('idempotency', figures);
});

describe.each(engines)('idempotency matrix on %s', (engine) => {
  let opened: OpenedStore;
  let fx: Fixture;
  let close: () => Promise<void>;

  beforeAll(async () => {
    opened = await openEngine(engine);
    const { store, gate } = gateWrites(opened.store);
    const first = await startInProcessServer(store);
    const second = await startInProcessServer(store);
    close = async () => {
      await first.close();
      await second.close();
    };
    const names = Object.keys(people) as PersonName[];
    const tokens = Object.fromEntries(
      await Promise.all(names.map(async (name) => [name, await hostToken(people[name])])),
    ) as Record<PersonName, string>;
    fx = {
      urls: [first.url, second.url],
      tokens,
      user: createClient({ baseUrl: first.url, getToken: () => tokens.ada }),
      agent: createAgentClient({ baseUrl: first.url, apiKey: agents.supportA.key }),
      store: opened.store,
      gate,
    };
  }, timeout(120_000));
  afterAll(async () => {
    await close?.();
    await opened?.dispose();
  });

  it.each(idempotentIds)(
    '%s: one effect, one answer, 409 in flight, 422 reused, 400 without a key, scoped per caller',
    async (id) => {
      const tally = newTally();
      await checkEndpoint(fx, id, tally);
      for (const [name, value] of Object.entries(tally) as [keyof Tally, unknown][]) {
        if (typeof value === 'number') {
          (totals[name] as number) += value;
        }
      }
      totals.mismatches.push(...tally.mismatches.map((line) => `[${engine}] ${line}`));
      expect(tally.mismatches).toEqual([]);
      expect(tally.effectsObserved).toBe(tally.effectsExpected);
    },
    timeout(60_000),
  );
});
