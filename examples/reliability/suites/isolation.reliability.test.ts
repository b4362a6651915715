import {
  agentTicketPageSchema,
  isOpenStatus,
  similarTicketsResponseSchema,
  ticketPageSchema,
} from '@aide/core';
import { matrixLine, runAuthorizationMatrix } from '@aide/server/test-support/authorization-matrix';
import {
  addNoise,
  buildWorld,
  type Caller,
  leaksIn,
  mayList,
  type PersonName,
  people,
  postgresStores,
  type Registered,
  type StoreFactory,
  sqliteStores,
  startTestServer,
  tenantA,
  tenantB,
  type World,
} from '@aide/server/test-support/isolation';
import { type RunningPostgres, startPostgres } from '@aide/server/test-support/postgres';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printFigures } from '../src/figures';
import {
  categoryParam,
  cursorFits,
  cursorParam,
  expectedRows,
  limitParam,
  numberSearch,
  type Param,
  queryParam,
  queryString,
  scopeParam,
  similarQueryParam,
  statusMatches,
  statusParam,
} from '../src/list-fuzz';
import { scale, stress, timeout } from '../src/tier';

// Issue 9 item 5, the fuzzed half (the matrix itself runs in packages/server on both engines in
// `pnpm test`): random, junk, SQL-looking and wildcard filters and real, foreign, tampered and
// junk cursors on the list, similar-tickets and agent list endpoints, on SQLite and PostgreSQL,
// over a world of several companies and tenants. Every answer must be exactly 200 or 400 as the
// contract says, never show a row of another company or tenant (or another user's under
// `scope=mine`), honour its filters, and, when the filter can be checked without the server's
// text search, return exactly the rows DESIGN says this user sees. The matrix then runs over the
// same noisy world (SQLite in the fast tier, both engines in the stress tier).

const noisePerPerson = scale({ fast: 6, stress: 60 });
const listRuns = scale({ fast: 200, stress: 2000 });
const similarRuns = scale({ fast: 100, stress: 1000 });
const agentRuns = scale({ fast: 100, stress: 1000 });
/** Pages followed from one fuzzed request before judging what was seen. */
const maxPages = scale({ fast: 12, stress: 60 });

const figures = {
  engines: 0,
  cells: 0,
  'unexpected allows': 0,
  'fuzzed list requests': 0,
  'leaked rows': 0,
  '5xx': 0,
};
afterAll(() => printFigures('isolation', figures));

let postgres: RunningPostgres | undefined;
afterAll(() => postgres?.stop());

const engines: { name: string; factory: StoreFactory; matrix: boolean }[] = [
  { name: 'SQLite', factory: sqliteStores, matrix: true },
  {
    name: 'PostgreSQL',
    factory: postgresStores(async () => {
      postgres ??= await startPostgres();
      return postgres.url;
    }),
    matrix: stress,
  },
];

const personNames = Object.keys(people) as PersonName[];

/** One fuzzed list request: who asks, with what, and which registered tickets they may see. */
interface ListCall {
  endpoint: '/v1/tickets' | '/v1/agent/tickets';
  params: Record<string, Param>;
  credential: string;
  caller: Caller;
  visible: (ticket: Registered) => boolean;
  tenant: string;
}

for (const engine of engines) {
  describe(`isolation on ${engine.name}`, () => {
    let world: World;
    const tokens = new Map<PersonName, string>();
    const realCursors: string[] = [];
    let numbers: number[] = [];
    let ids: string[] = [];

    beforeAll(async () => {
      figures.engines += 1;
      world = await buildWorld(await startTestServer(engine.factory));
      await addNoise(world, noisePerPerson);
      for (const name of personNames) {
        tokens.set(name, await world.server.token(people[name]));
      }
      // Real cursors of everyone: both scopes of every user, and both tenants' agents.
      const firstPages = [
        ...personNames.flatMap((name) =>
          ['mine', 'company'].map((scope) => ({
            path: `/v1/tickets?scope=${scope}&limit=2`,
            credential: tokens.get(name) as string,
          })),
        ),
        ...[world.credentials.agent, world.credentials.other_tenant_agent].map((credential) => ({
          path: '/v1/agent/tickets?limit=3',
          credential: credential as string,
        })),
      ];
      for (const { path, credential } of firstPages) {
        const response = await world.server.fetch(path, {
          headers: { Authorization: `Bearer ${credential}` },
        });
        const page = (await response.json()) as { next_cursor: string | null };
        if (page.next_cursor !== null) {
          realCursors.push(page.next_cursor);
        }
      }
      numbers = [...new Set([...world.registry.values()].map((ticket) => ticket.number))];
      ids = [...world.registry.keys()];
    }, timeout(120_000));
    afterAll(() => world?.server.close());

    /** One GET, counted; a 5xx is counted and reported. */
    async function get(path: string, credential: string) {
      const response = await world.server.fetch(path, {
        headers: { Authorization: `Bearer ${credential}` },
      });
      figures['fuzzed list requests'] += 1;
      if (response.status >= 500) {
        figures['5xx'] += 1;
      }
      return { status: response.status, text: await response.text() };
    }

    /**
     * Follows a list from `params` page by page and judges every row: known, visible to the
     * caller, matching the filters, never twice. Returns the problems and the ids seen.
     */
    async function follow({ endpoint, params, credential, caller, visible }: ListCall) {
      const problems: string[] = [];
      const seen = new Set<string>();
      const accepted = Object.values(params).every((param) => param.valid);
      // A number search answers that ticket alone and never decodes the cursor.
      const numberQuery =
        numberSearch(params.q?.value) !== undefined &&
        Object.entries(params).every(([name, param]) =>
          name === 'cursor' ? param.value === undefined || cursorFits(param.value) : param.valid,
        );
      const pageSchema = endpoint === '/v1/tickets' ? ticketPageSchema : agentTicketPageSchema;
      let cursor = params.cursor ?? { value: undefined, valid: true };
      let complete = false;
      for (let pages = 0; pages < maxPages; pages += 1) {
        const path = `${endpoint}${queryString({ ...params, cursor })}`;
        const { status, text } = await get(path, credential);
        const expected = accepted || numberQuery ? 200 : 400;
        if (status !== expected) {
          problems.push(`${path}: ${status}, expected ${expected}: ${text.slice(0, 300)}`);
          break;
        }
        if (status !== 200) {
          break;
        }
        const leaked = leaksIn(text, caller);
        if (leaked.length > 0) {
          problems.push(`${path} shows ${leaked.join(', ')}`);
        }
        const page = pageSchema.safeParse(JSON.parse(text));
        if (!page.success) {
          problems.push(`${path}: not a page: ${text.slice(0, 300)}`);
          break;
        }
        const limit = params.limit?.value === undefined ? 20 : Number(params.limit.value);
        if (page.data.items.length > limit) {
          problems.push(`${path}: ${page.data.items.length} rows for limit ${limit}`);
        }
        for (const item of page.data.items) {
          const known = ticketOf(item.id);
          if (known === undefined || !visible(known)) {
            figures['leaked rows'] += 1;
            problems.push(`${path}: row ${item.id} (${item.subject}) must not be shown`);
          }
          if (!statusMatches(params.status?.value, item.status)) {
            problems.push(`${path}: row ${item.id} is ${item.status}`);
          }
          const category = params.category?.value;
          if (category !== undefined && item.category !== category) {
            problems.push(`${path}: row ${item.id} is in ${item.category}`);
          }
          if (seen.has(item.id)) {
            problems.push(`${path}: row ${item.id} shown twice`);
          }
          seen.add(item.id);
        }
        if (page.data.next_cursor === null) {
          complete = true;
          break;
        }
        cursor = { value: page.data.next_cursor, valid: true };
      }
      return { problems, seen, complete };
    }

    function ticketOf(id: string): Registered | undefined {
      return world.registry.get(id);
    }

    /** Without a text search or a starting cursor, a list must show exactly what DESIGN says. */
    function completeness(
      { params, visible, tenant }: ListCall,
      outcome: { seen: Set<string>; complete: boolean },
    ): string[] {
      const number = numberSearch(params.q?.value);
      const accepted = Object.values(params).every((param) => param.valid);
      if (
        !accepted ||
        !outcome.complete ||
        params.cursor?.value !== undefined ||
        (params.q?.value !== undefined && number === undefined)
      ) {
        return [];
      }
      const expected = expectedRows(
        world.registry,
        (ticket) =>
          visible(ticket) &&
          (number === undefined || (ticket.number === number && ticket.tenant === tenant)),
        { status: params.status?.value, category: params.category?.value },
      );
      const missing = [...expected].filter((id) => !outcome.seen.has(id));
      return missing.length === 0
        ? []
        : [`${queryString(params)}: ${missing.length} rows missing (${missing.slice(0, 3)})`];
    }

    /** Everything wrong with one fuzzed list request, followed page by page. */
    async function checkList(call: ListCall): Promise<string[]> {
      const outcome = await follow(call);
      return [...outcome.problems, ...completeness(call, outcome)];
    }

    /** The filters both list endpoints share. */
    const filters = () => ({
      status: statusParam,
      category: categoryParam,
      q: queryParam(numbers),
      limit: limitParam(),
      cursor: cursorParam(realCursors, ids),
    });

    it(
      'lists: fuzzed filters and cursors never show another company, tenant or user',
      async () => {
        const request = fc.record({
          person: fc.constantFrom(...personNames),
          scope: scopeParam,
          ...filters(),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ person: name, ...params }) => {
            const person = people[name];
            const scope = params.scope.value === 'company' ? 'company' : 'mine';
            const problems = await checkList({
              endpoint: '/v1/tickets',
              params,
              credential: tokens.get(name) as string,
              caller: { kind: 'user', person: name },
              visible: (ticket) => mayList(person, ticket, scope),
              tenant: person.tenant,
            });
            expect(problems).toEqual([]);
          }),
          { numRuns: listRuns },
        );
      },
      timeout(120_000),
    );

    it(
      "similar tickets: any draft subject finds only the company's open tickets",
      async () => {
        const request = fc.record({
          person: fc.constantFrom(...personNames),
          q: similarQueryParam,
          limit: limitParam(20),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ person: name, ...params }) => {
            const person = people[name];
            const path = `/v1/tickets/similar${queryString(params)}`;
            const { status, text } = await get(path, tokens.get(name) as string);
            const accepted = params.q.valid && params.limit.valid;
            expect(status, `${path}: ${text.slice(0, 300)}`).toBe(accepted ? 200 : 400);
            if (status !== 200) {
              return;
            }
            expect(leaksIn(text, { kind: 'user', person: name })).toEqual([]);
            const items = similarTicketsResponseSchema.parse(JSON.parse(text)).items;
            expect(items.length).toBeLessThanOrEqual(Number(params.limit.value ?? 5));
            for (const item of items) {
              const known = ticketOf(item.id);
              const allowed =
                known !== undefined &&
                mayList(person, known, 'company') &&
                isOpenStatus(known.status);
              if (!allowed) {
                figures['leaked rows'] += 1;
              }
              expect(allowed, `${path}: row ${item.id} (${item.subject})`).toBe(true);
            }
          }),
          { numRuns: similarRuns },
        );
      },
      timeout(120_000),
    );

    it(
      "agent lists: fuzzed filters and cursors never show another tenant's tickets",
      async () => {
        const company = fc.oneof(
          fc.constant<Param>({ value: undefined, valid: true }),
          fc
            .constantFrom('acme', 'globex', 'agents', '%', "' OR '1'='1")
            .map((value): Param => ({ value, valid: true })),
          fc.constantFrom<Param>(
            { value: '', valid: false },
            { value: 'c'.repeat(65), valid: false },
          ),
        );
        const request = fc.record({
          tenant: fc.constantFrom(tenantA, tenantB),
          company,
          ...filters(),
        });
        await fc.assert(
          fc.asyncProperty(request, async ({ tenant, ...params }) => {
            const credential =
              tenant === tenantA ? world.credentials.agent : world.credentials.other_tenant_agent;
            const problems = await checkList({
              endpoint: '/v1/agent/tickets',
              params,
              credential: credential as string,
              caller: { kind: 'agent', tenant },
              visible: (ticket) =>
                ticket.tenant === tenant &&
                (params.company.value === undefined || ticket.company === params.company.value),
              tenant,
            });
            expect(problems).toEqual([]);
          }),
          { numRuns: agentRuns },
        );
      },
      timeout(120_000),
    );

    if (!engine.matrix) {
      return;
    }
    it(
      'the authorization matrix holds over the noisy world',
      async () => {
        const report = await runAuthorizationMatrix(world);
        console.log(matrixLine(engine.name, report));
        figures.cells += report.cells;
        figures['unexpected allows'] += report.unexpectedAllows.length;
        figures['5xx'] += report.serverErrors;
        expect([
          ...report.unexpectedAllows,
          ...report.mismatches,
          ...report.leaks,
          ...report.existenceOracles,
          ...report.refusalsThatChanged,
        ]).toEqual([]);
        expect(report.serverErrors).toBe(0);
      },
      timeout(180_000),
    );
  });
}
