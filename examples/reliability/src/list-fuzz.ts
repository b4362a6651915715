import { isOpenStatus, type TicketStatus, ticketStatusFilters } from '@aide/core';
import type { Registered } from '@aide/server/test-support/isolation';
import fc from 'fast-check';
import { naughtyStrings } from './naughty-strings';

// Random list queries for the isolation suite: filters that are valid, junk, SQL-looking or
// full of wildcards, and cursors that are real, another user's, decoded and tampered with, or
// junk. Each generated value knows whether the API must accept it, so the suite can demand the
// exact status (200 or 400), not merely "not 5xx".

/** One query parameter value and whether the contract accepts it. */
export interface Param {
  value: string | undefined;
  valid: boolean;
}

const maxLimit = 100;
const maxCursorLength = 512;

const absent: Param = { value: undefined, valid: true };

/** Length as the contract's schemas count it: in code points. */
function length(text: string): number {
  return [...text].length;
}

/**
 * Whether a text fits the contract's `min`..`max` characters.
 *
 * @example
 * fits('𐀀 ', 3, 200); // false: two code points
 */
export function fits(text: string, min: number, max: number): boolean {
  return length(text) >= min && length(text) <= max;
}
const valid = (value: string): Param => ({ value, valid: true });
const invalid = (value: string): Param => ({ value, valid: false });

/** Text people (and attackers) type into a search box. */
const searchTexts: readonly string[] = [
  '%',
  '_',
  '*',
  '%%',
  '\\%',
  '\\',
  "'",
  '"',
  '`',
  "' OR '1'='1",
  "'; DROP TABLE tickets; --",
  '" OR 1=1 --',
  'export%',
  '%export_',
  'a_b',
  '100%',
  'SCOPE-%',
  'SCOPE-_cme',
  '*export*',
  '[a-z]',
  '(?:.*)',
  '$where',
  '{"$ne":null}',
  'écran',
  'ECRAN',
  'cœur',
  'coeur',
  'export csv',
  '  ',
  '\u0000',
  'null',
  'undefined',
  'company_id = company_id',
  'SCOPE-acme-saas-globex',
  'SCOPE-other-saas-acme',
];

const textArbitrary = fc
  .oneof(
    fc.constantFrom(...searchTexts),
    fc.constantFrom(...naughtyStrings.map((entry) => entry.text)),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    // Long URLs are refused by the HTTP layer (431) before the API sees them; keep to the API.
  )
  .filter((text) => text.length <= 300);

/**
 * `q` of the list endpoints: 1 to 200 characters, or a ticket number of anyone.
 *
 * @example
 * fc.sample(queryParam([1, 2]), 3); // e.g. [{ value: '%', valid: true }, { value: '#2', valid: true }, ...]
 */
export function queryParam(numbers: readonly number[]): fc.Arbitrary<Param> {
  return fc.oneof(
    fc.constant(absent),
    textArbitrary.map((text) => (fits(text, 1, 200) ? valid(text) : invalid(text))),
    fc
      .constantFrom(...numbers)
      .chain((n) => fc.constantFrom(valid(`#${n}`), valid(String(n)), valid(` ${n} `))),
    fc.constant(invalid('x'.repeat(201))),
  );
}

/** `q` of the similar-tickets endpoint: 3 to 200 characters. */
export const similarQueryParam: fc.Arbitrary<Param> = fc.oneof(
  textArbitrary.map((text) => ({ value: text, valid: fits(text, 3, 200) })),
  fc.constantFrom<Param>(invalid(''), { value: undefined, valid: false }),
);

export const scopeParam: fc.Arbitrary<Param> = fc.oneof(
  fc.constant(absent),
  fc.constantFrom(valid('mine'), valid('company')),
  fc.constantFrom(
    invalid('all'),
    invalid('Company'),
    invalid(''),
    invalid('company '),
    invalid('*'),
  ),
);

export const statusParam: fc.Arbitrary<Param> = fc.oneof(
  fc.constant(absent),
  fc.constantFrom(...ticketStatusFilters.map(valid)),
  fc.constantFrom(
    invalid('OPEN'),
    invalid('deleted'),
    invalid(''),
    invalid('open,closed'),
    invalid('%'),
  ),
);

const categories = ['general.question', 'technical.incident', 'billing.question', 'simple.other'];

/** Any 1 to 100 characters is a well-formed category filter (an unknown one matches nothing). */
export const categoryParam: fc.Arbitrary<Param> = fc.oneof(
  fc.constant(absent),
  fc.constantFrom(...categories.map(valid)),
  textArbitrary.map((text) => ({ value: text, valid: fits(text, 1, 100) })),
  fc.constant(invalid('c'.repeat(101))),
);

/**
 * `limit`: 1 to `max`, or out of range, fractional, negative, not a number, empty.
 *
 * @example
 * limitParam(20); // the similar-tickets limit
 */
export function limitParam(max = maxLimit): fc.Arbitrary<Param> {
  return fc.oneof(
    fc.constant(absent),
    fc.integer({ min: 1, max }).map((n) => valid(String(n))),
    fc.constantFrom(
      invalid('0'),
      invalid(String(max + 1)),
      invalid('-1'),
      invalid('1.5'),
      invalid('abc'),
      invalid(''),
    ),
  );
}

/**
 * The list cursor as the server writes it: base64url of `[activity ms, ticket id]`.
 *
 * @example
 * encodeCursor([Number.MAX_SAFE_INTEGER, 'tkt_of_another_company']);
 */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Whether a cursor passes the contract's schema (1 to 512 characters).
 *
 * @example
 * cursorFits('A'.repeat(513)); // false
 */
export function cursorFits(cursor: string): boolean {
  return fits(cursor, 1, maxCursorLength);
}

/**
 * Whether the contract and the store accept a cursor (not whether it points anywhere).
 *
 * @example
 * cursorAccepted(encodeCursor([0, 'x'])); // true
 * cursorAccepted(encodeCursor([0.5, 'x'])); // false
 */
export function cursorAccepted(cursor: string): boolean {
  const value = decodeCursor(cursor);
  return (
    cursorFits(cursor) &&
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isSafeInteger(value[0]) &&
    typeof value[1] === 'string'
  );
}

const asCursor = (value: string): Param => ({ value, valid: cursorAccepted(value) });

/**
 * Cursors: real ones (of any user, any company, any tenant), real ones decoded and re-encoded
 * with another ticket id (another company's, another tenant's), huge or negative positions,
 * extra fields naming another company, and junk.
 *
 * @example
 * const cursor = cursorParam(realCursors, everyTicketId); // Param: { value, valid }
 */
export function cursorParam(
  real: readonly string[],
  foreignIds: readonly string[],
): fc.Arbitrary<Param> {
  const position = fc.oneof(
    fc.constantFrom(
      0,
      -1,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      Date.parse('2026-11-23T09:00:00Z'),
    ),
    fc.integer(),
  );
  const tampered = fc.constantFrom(...real).chain((cursor) => {
    const decoded = decodeCursor(cursor);
    const [at, id] = Array.isArray(decoded) ? decoded : [0, ''];
    return fc.oneof(
      fc.constantFrom(...foreignIds).map((other) => encodeCursor([at, other])),
      position.map((ms) => encodeCursor([ms, id])),
      fc.constantFrom(
        encodeCursor([at, id, 'globex']),
        encodeCursor({ at, id, company: 'globex', tenant: 'other-saas' }),
        encodeCursor([String(at), id]),
        encodeCursor([at + 0.5, id]),
        encodeCursor([1e21, id]),
        encodeCursor([at, 42]),
        encodeCursor([at, null]),
        encodeCursor([at, '\u0000']),
        encodeCursor([at, '\uD800']),
        encodeCursor([at, "' OR '1'='1"]),
        encodeCursor([at, '%']),
        encodeCursor([at, 'x'.repeat(600)]),
        encodeCursor([at]),
        encodeCursor([]),
        encodeCursor(null),
        `${cursor}=`,
        `${cursor}!!`,
        cursor.slice(0, -2),
        Buffer.from(cursor, 'base64url').toString('base64'),
      ),
    );
  });
  return fc.oneof(
    fc.constant(absent),
    fc.constantFrom(...real).map(valid),
    tampered.map(asCursor),
    fc
      .oneof(
        fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
        fc.string({ maxLength: 80 }),
        fc.constant('A'.repeat(maxCursorLength + 1)),
      )
      .map(asCursor),
  );
}

/**
 * The query string of a request (absent parameters left out).
 *
 * @example
 * queryString({ scope: { value: 'mine', valid: true }, q: { value: undefined, valid: true } }); // '?scope=mine'
 */
export function queryString(params: Record<string, Param>): string {
  const search = new URLSearchParams();
  for (const [name, param] of Object.entries(params)) {
    if (param.value !== undefined) {
      search.set(name, param.value);
    }
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A number search (`42`, `#42`) finds that ticket only and ignores the cursor.
 *
 * @example
 * numberSearch(' #42 '); // 42
 */
export function numberSearch(q: string | undefined): number | undefined {
  const match = q === undefined ? null : /^#?(\d{1,9})$/.exec(q.trim());
  return match === null ? undefined : Number(match[1]);
}

/**
 * Whether a status passes a list's status filter (DESIGN: open, closed or one status).
 *
 * @example
 * statusMatches('closed', 'resolved'); // true
 */
export function statusMatches(filter: string | undefined, status: TicketStatus): boolean {
  if (filter === undefined) {
    return true;
  }
  if (filter === 'open') {
    return isOpenStatus(status);
  }
  if (filter === 'closed') {
    return !isOpenStatus(status);
  }
  return filter === status;
}

/**
 * The registered tickets a filter must return, when the text filter is absent.
 *
 * @example
 * expectedRows(world.registry, (t) => t.company === 'acme', { status: 'open', category: undefined });
 */
export function expectedRows(
  registry: ReadonlyMap<string, Registered>,
  visible: (ticket: Registered) => boolean,
  filters: { status: string | undefined; category: string | undefined },
): Set<string> {
  const ids = new Set<string>();
  for (const ticket of registry.values()) {
    if (
      visible(ticket) &&
      statusMatches(filters.status, ticket.status) &&
      (filters.category === undefined || ticket.category === filters.category)
    ) {
      ids.add(ticket.id);
    }
  }
  return ids;
}
