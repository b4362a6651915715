import {
  type Category,
  createTranslator,
  defaultCatalog,
  fr,
  ticketFormSchema,
  validate,
} from '@aide/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printFigures } from '../src/figures';
import { type HostileInputServer, startHostileInputServer } from '../src/hostile-input-server';
import type { Engine } from '../src/inprocess-server';
import { naughtyStrings } from '../src/naughty-strings';
import {
  type Body,
  fuzzCase,
  setAt,
  textTargets,
  uploadMarker,
  validBody,
} from '../src/schema-fuzz-cases';
import { scale, timeout } from '../src/tier';

// Schema fuzzing (issue 9, item 4): for each of the ten default categories, valid and mutated
// create-ticket bodies and a list of naughty strings in every text field go through the
// widget's validation (core's `validate` with the category's form schema, as
// packages/widget/src/models/validation.ts does) and through the real server. They must agree
// on every case (valid ⇔ 201, invalid ⇔ 400 validation_failed), the server never answers 5xx,
// and every accepted text comes back from GET byte for byte as the shared schema reads it.

const t = createTranslator({ locale: 'fr', messages: fr });
const runsPerCategory = scale({ fast: 60, stress: 600 });
// Subject and description are the same in every category: the fast tier puts the naughty
// strings into them once, the stress tier in every category.
const commonTextsIn = scale({ fast: ['general.question'], stress: undefined });
// Both store engines get the naughty strings and the largest forms (PostgreSQL refuses text
// SQLite keeps); the generated bodies go to SQLite, and to both in the stress tier.
const engines: Engine[] = ['SQLite', 'PostgreSQL'];
const propertyEngines = scale<Engine[]>({ fast: ['SQLite'], stress: engines });

const pngBytes = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

interface CategoryCounts {
  cases: number;
  valid: number;
  invalid: number;
}

const counts = new Map<string, CategoryCounts>();
const totals = {
  agreements: 0,
  disagreements: 0,
  serverErrors: 0,
  identicalRoundTrips: 0,
  textsCompared: 0,
  textsDiffering: 0,
};
const disagreements: string[] = [];

const casesOn: Record<Engine, number> = { SQLite: 0, PostgreSQL: 0 };

// The engine under test: each describe block below starts its own server.
let server: HostileInputServer;
let engine: Engine;

afterAll(() => {
  const perCategory = Object.fromEntries(
    [...counts].map(([key, c]) => [`${key} (valid/invalid)`, `${c.valid}/${c.invalid}`]),
  );
  const cases = [...counts.values()].reduce((sum, c) => sum + c.cases, 0);
  printFigures('schema fuzzing', {
    categories: counts.size,
    cases,
    'on SQLite': casesOn.SQLite,
    'on PostgreSQL': casesOn.PostgreSQL,
    valid: [...counts.values()].reduce((sum, c) => sum + c.valid, 0),
    invalid: [...counts.values()].reduce((sum, c) => sum + c.invalid, 0),
    agreements: totals.agreements,
    disagreements: totals.disagreements,
    '5xx': totals.serverErrors,
    'byte-identical round trips': totals.identicalRoundTrips,
    'texts compared': totals.textsCompared,
    'texts differing': totals.textsDiffering,
    ...perCategory,
  });
});

/** Replaces upload markers with ids of PNGs just uploaded by the same administrator. */
async function resolveUploads(value: unknown): Promise<unknown> {
  if (value === uploadMarker) {
    const form = new FormData();
    form.set('file', new File([pngBytes], 'screenshot.png', { type: 'image/png' }));
    const response = await server.upload(form);
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }
  if (Array.isArray(value)) {
    return Promise.all(value.map(resolveUploads));
  }
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(
      Object.entries(value).map(async ([key, item]) => [key, await resolveUploads(item)] as const),
    );
    return Object.fromEntries(entries);
  }
  return value;
}

/** Every string inside a value, with its path, for the byte-for-byte comparison. */
function texts(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') {
    return [[path, value]];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => texts(item, `${path}.${key}`));
  }
  return [];
}

interface Outcome {
  agreed: boolean;
  why: string;
}

/**
 * One case: the widget's verdict, the server's answer, and for an accepted ticket the texts
 * read back. Returns whether everything held (and records it in the figures).
 */
async function check(category: Category, mutation: string, raw: Body): Promise<Outcome> {
  const body = (await resolveUploads(raw)) as Body;
  const widget = validate(ticketFormSchema(category), body, t);
  const tally = counts.get(category.key) ?? { cases: 0, valid: 0, invalid: 0 };
  counts.set(category.key, tally);
  tally.cases += 1;
  tally[widget.success ? 'valid' : 'invalid'] += 1;
  casesOn[engine] += 1;

  const response = await server.postJson('/v1/tickets', body);
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status >= 500) {
    totals.serverErrors += 1;
  }
  const refusedCleanly =
    response.status === 400 &&
    response.headers.get('content-type')?.startsWith('application/problem+json') === true &&
    answer.code === 'validation_failed';
  const agreed = widget.success ? response.status === 201 : refusedCleanly;
  const describeCase = () =>
    `${category.key} [${mutation}] widget ${widget.success ? 'valid' : `invalid ${JSON.stringify(widget.errors.slice(0, 3))}`}, server ${response.status} ${JSON.stringify(answer).slice(0, 300)} — body ${JSON.stringify(body).slice(0, 400)}`;
  if (!agreed) {
    totals.disagreements += 1;
    disagreements.push(describeCase());
    return { agreed, why: describeCase() };
  }
  totals.agreements += 1;
  if (!widget.success) {
    return { agreed, why: '' };
  }

  // Accepted: the stored texts are what the shared schema read (blanks around a text trimmed,
  // nothing else touched), byte for byte.
  const id = (answer.ticket as { id: string }).id;
  const stored = (await (await server.get(`/v1/tickets/${id}`)).json()) as {
    ticket: Record<string, unknown>;
  };
  const expected = widget.data as Record<string, unknown>;
  const pairs: [string, unknown, unknown][] = [
    ['subject', expected.subject, stored.ticket.subject],
    ['description', expected.description, stored.ticket.description],
    ...texts(expected.fields, 'fields').map(([path, text]): [string, unknown, unknown] => [
      path,
      text,
      path
        .split('.')
        .slice(1)
        .reduce<unknown>(
          (node, key) => (node as Record<string, unknown> | undefined)?.[key],
          stored.ticket.fields,
        ),
    ]),
  ];
  for (const [path, want, got] of pairs) {
    totals.textsCompared += 1;
    if (want !== got) {
      totals.textsDiffering += 1;
      return {
        agreed: false,
        why: `${describeCase()} — ${path} stored ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
      };
    }
  }
  totals.identicalRoundTrips += 1;
  return { agreed, why: '' };
}

/** A valid body of the category with a fixed seed: the base the naughty strings go into. */
async function baseline(category: Category): Promise<Body> {
  for (const body of fc.sample(validBody(category), { seed: 42, numRuns: 200 })) {
    const plain = setAt(setAt(body, ['subject'], 'Base'), ['description'], 'Base');
    if (validate(ticketFormSchema(category), plain, t).success) {
      return plain;
    }
  }
  throw new Error(`no valid baseline for ${category.key}`);
}

describe.each(engines)('schema fuzzing on %s: widget validation and server agree', (name) => {
  beforeAll(async () => {
    engine = name;
    server = await startHostileInputServer({ engine });
  }, timeout(60_000));
  afterAll(() => server.close());

  it('covers the ten default categories', () => {
    expect(defaultCatalog.categories.map((category) => category.key)).toHaveLength(10);
  });

  for (const category of propertyEngines.includes(name) ? defaultCatalog.categories : []) {
    it(
      `${category.key}: generated and mutated bodies`,
      async () => {
        await fc.assert(
          fc.asyncProperty(fuzzCase(category), async ({ mutation, body }) => {
            const outcome = await check(category, mutation, body);
            if (!outcome.agreed) {
              throw new Error(outcome.why);
            }
          }),
          { numRuns: runsPerCategory, endOnFailure: true },
        );
      },
      timeout(60_000),
    );
  }

  for (const category of defaultCatalog.categories) {
    it(
      `${category.key}: naughty strings in every text field`,
      async () => {
        const base = await baseline(category);
        const targets = textTargets(category).filter(
          (target) =>
            commonTextsIn === undefined ||
            commonTextsIn.includes(category.key) ||
            target.path[0] === 'fields',
        );
        const cases = targets.flatMap((target) =>
          naughtyStrings.map(({ probe, text }) => ({
            mutation: `naughty ${probe} in ${target.path.join('.')}`,
            body: setAt(base, target.path, text.slice(0, target.max)),
          })),
        );
        const failures: string[] = [];
        // A few requests in flight at once, as several users of one tenant would send them.
        const next = cases.entries();
        await Promise.all(
          Array.from({ length: 6 }, async () => {
            for (const [, { mutation, body }] of next) {
              const outcome = await check(category, mutation, body);
              if (!outcome.agreed) {
                failures.push(outcome.why);
              }
            }
          }),
        );
        expect(failures).toEqual([]);
      },
      timeout(60_000),
    );
  }

  it(
    'the largest valid form fits the request limit, whatever its characters',
    async () => {
      // A control character costs six bytes in JSON (\u0001): the worst case for the body size.
      for (const category of defaultCatalog.categories) {
        let body = await baseline(category);
        for (const target of textTargets(category)) {
          body = setAt(body, target.path, `a${'\u0001'.repeat((target.max ?? 1) - 1)}`);
        }
        const outcome = await check(category, 'largest form', body);
        expect(outcome.why).toBe('');
      }
    },
    timeout(60_000),
  );

  it('agrees on every case, never answers 5xx', () => {
    expect(disagreements).toEqual([]);
    expect(totals.serverErrors).toBe(0);
    expect(totals.textsDiffering).toBe(0);
    // Every ticket the widget calls valid was created and read back identical.
    const valid = [...counts.values()].reduce((sum, c) => sum + c.valid, 0);
    expect(totals.identicalRoundTrips).toBe(valid);
  });
});
