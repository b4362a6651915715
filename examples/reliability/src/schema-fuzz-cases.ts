import { type Category, descriptionMaxLength, type FieldMeta, subjectMaxLength } from '@aide/core';
import fc from 'fast-check';
import { naughtyStrings } from './naughty-strings';

// Create-ticket bodies for the schema fuzzer, built from each category's field metadata: valid
// ones as the widget would send them, and mutations of those. The generators only aim; whether
// a body is valid is decided by the widget's own validation, which the server must then agree
// with.

/** A body of POST /v1/tickets, as JSON (kept loose: mutations break its shape on purpose). */
export type Body = Record<string, unknown>;

/** Stands for a file to upload just before sending; `resolveUploads` swaps in a real id. */
export const uploadMarker = 'upload:png';

/** Longest text a generated value gets, below a field's own maximum, to keep bodies small. */
const generatedTextCap = 400;

const textKinds = new Set<FieldMeta['kind']>(['text', 'textarea', 'markdown']);

/** Text as people type it, as machines produce it, and as attackers write it. */
function textArbitrary(maxLength: number): fc.Arbitrary<string> {
  const cap = Math.min(maxLength, generatedTextCap);
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.lorem({ maxCount: 12, mode: 'words' }) },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: cap }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: cap }) },
      { weight: 2, arbitrary: fc.constantFrom(...naughtyStrings.map((entry) => entry.text)) },
    )
    .map((text) => text.slice(0, maxLength));
}

const pastInstant = fc
  .integer({ min: 1, max: 3 * 365 * 24 })
  .map((hours) => new Date(Date.now() - hours * 3_600_000).toISOString());

const futureDay = fc
  .integer({ min: 2, max: 365 })
  .map((days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10));

const httpsUrl = fc.webUrl({ validSchemes: ['https', 'http'], withQueryParameters: true });

const employee = fc.record({
  name: textArbitrary(200),
  employee_number: fc.stringMatching(/^[A-Z]{1,3}-?[0-9]{1,8}$/),
  profile_url: httpsUrl,
});

/** Format hints the metadata cannot carry (a VAT number has a pattern, not just a length). */
const formatHints: Record<string, fc.Arbitrary<string>> = {
  vat_number: fc.stringMatching(/^(FR|DE|BE|ES)[0-9]{9,11}$/),
};

function valueArbitrary(field: FieldMeta): fc.Arbitrary<unknown> {
  const hint = formatHints[field.name];
  if (hint !== undefined) {
    return hint;
  }
  switch (field.kind) {
    case 'text':
    case 'textarea':
    case 'markdown':
      return textArbitrary(field.max_length ?? 5000);
    case 'url':
      return httpsUrl;
    case 'email':
      return fc.emailAddress();
    case 'number':
      return fc.integer({ min: 0, max: 1000 });
    case 'select':
    case 'radio':
      return fc.constantFrom(...(field.options ?? []).map((option) => option.value));
    case 'date':
      return futureDay;
    case 'datetime':
      return pastInstant;
    case 'checkbox':
      // A required box is an acknowledgement: ticking it is the only valid answer.
      return field.required ? fc.constant(true) : fc.boolean();
    case 'attachments':
      return fc.integer({ min: 1, max: 2 }).map((count) => Array(count).fill(uploadMarker));
    case 'employees':
      return fc.array(employee, { minLength: 1, maxLength: 3 });
    default:
      return field.kind satisfies never;
  }
}

/** The category's own fields: required ones always, optional ones sometimes (or left blank). */
function fieldsArbitrary(category: Category): fc.Arbitrary<Body> {
  const entries = category.fields.map((field) =>
    fc
      .tuple(valueArbitrary(field), fc.constantFrom('set', 'set', 'omit', 'blank'))
      .map(([value, presence]) => ({ field, value, presence })),
  );
  return fc.tuple(...entries).map((values) => {
    const fields: Body = {};
    for (const { field, value, presence } of values) {
      if (field.required || presence === 'set') {
        fields[field.name] = value;
      } else if (presence === 'blank') {
        fields[field.name] = textKinds.has(field.kind) ? '' : null;
      }
    }
    return fields;
  });
}

const context = fc.record(
  {
    page_url: httpsUrl,
    route: fc.constantFrom('/candidates', '/settings/billing', '/'),
    app_version: fc.constantFrom('4.12.0', '5.0.0-beta.1'),
    locale: fc.constantFrom('fr', 'en', 'es', 'fr-CA'),
    timezone: fc.constantFrom('Europe/Paris', 'America/Montreal', 'Asia/Tokyo'),
    occurred_at: pastInstant,
    browser: fc.constantFrom('Mozilla/5.0 (X11; Linux x86_64) Chrome/141'),
    entities: fc.array(fc.record({ label: fc.constant('Candidat'), value: textArbitrary(500) }), {
      maxLength: 3,
    }),
  },
  { requiredKeys: [] },
);

/**
 * A valid body for the category, as the widget builds it (new-ticket.ts `body()`).
 *
 * @example
 * fc.sample(validBody(category), 1)[0].category; // category.key
 */
export function validBody(category: Category): fc.Arbitrary<Body> {
  return fc
    .record({
      subject: textArbitrary(subjectMaxLength),
      description: textArbitrary(descriptionMaxLength),
      priority: fc.constantFrom('low', 'normal', 'high', 'urgent'),
      fields: fieldsArbitrary(category),
      attachments: fc.constantFrom([], [uploadMarker]),
      share_with_account_manager: fc.boolean(),
      context,
    })
    .map((body) => ({
      category: category.key,
      ...body,
      consent: { accepted: true, text_version: '2026-01' },
    }));
}

/** What a mutation did, for the figures and for a readable failure. */
export interface Mutated {
  mutation: string;
  body: Body;
}

/** A path into the body (`['fields', 'steps_to_reproduce']`) and the field it holds, if any. */
interface Target {
  path: readonly string[];
  max?: number;
  field?: FieldMeta;
}

/** The text values of a body a mutation may hit, with their maximum length. */
export function textTargets(category: Category): Target[] {
  const targets: Target[] = [
    { path: ['subject'], max: subjectMaxLength },
    { path: ['description'], max: descriptionMaxLength },
  ];
  for (const field of category.fields) {
    if (textKinds.has(field.kind)) {
      targets.push({ path: ['fields', field.name], max: field.max_length ?? 5000, field });
    }
    if (field.kind === 'employees') {
      targets.push({ path: ['fields', field.name, '0', 'name'], max: 200, field });
      targets.push({ path: ['fields', field.name, '0', 'employee_number'], max: 50, field });
    }
  }
  return targets;
}

function allTargets(category: Category): Target[] {
  return [
    ...['category', 'subject', 'description', 'priority', 'fields', 'attachments'].map((name) => ({
      path: [name],
    })),
    ...['consent', 'share_with_account_manager', 'context'].map((name) => ({ path: [name] })),
    { path: ['consent', 'accepted'] },
    { path: ['consent', 'text_version'] },
    ...category.fields.map((field) => ({ path: ['fields', field.name], field })),
  ];
}

function clone(body: Body): Body {
  return structuredClone(body);
}

/** Sets (or, with `undefined`, deletes) the value at a path, creating objects on the way. */
export function setAt(body: Body, path: readonly string[], value: unknown): Body {
  const copy = clone(body);
  let node: Record<string, unknown> = copy;
  for (const segment of path.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null) {
      node[segment] = {};
    }
    node = node[segment] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) {
    delete node[last];
  } else {
    node[last] = value;
  }
  return copy;
}

function pick<T>(items: readonly T[], index: number): T {
  return items[index % items.length] as T;
}

// No well-typed value here: an attachment id that was never uploaded is a refusal only the
// server can make (the widget cannot know which ids exist), so it is not a disagreement.
const wrongTypes: readonly unknown[] = [42, -1.5, true, false, null, [], [42], {}, { a: 1 }, ''];
const blanks = ['', ' ', '\t\n', '\u00A0', '\u3000'];
const badEnums = ['unknown', 'LOW', ' low', 'Critical', '0', 'other ', '__proto__'];
const badUrls = [
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'ftp://example.test/file',
  'file:///etc/passwd',
  'not a url',
  'https://',
  'https://exa mple.test/',
  '//example.test/path',
];

/**
 * The mutations, each from a valid body and two random numbers that pick its target and
 * variant. Every one of them may keep the body valid (a blank optional field is fine): the
 * widget's validation says which.
 */
const mutations: Record<string, (body: Body, category: Category, a: number, b: number) => Body> = {
  wrong_type: (body, category, a, b) =>
    setAt(body, pick(allTargets(category), a).path, pick(wrongTypes, b)),
  missing_key: (body, category, a) => setAt(body, pick(allTargets(category), a).path, undefined),
  extra_key: (body, _category, a, b) =>
    setAt(
      body,
      [...pick([[], ['fields'], ['consent'], ['context']], a), pick(['extra', '__proto__'], b)],
      'unexpected',
    ),
  too_long: (body, category, a) => {
    const target = pick(textTargets(category), a);
    return setAt(body, target.path, 'x'.repeat((target.max ?? 100) + 1));
  },
  exact_length: (body, category, a, b) => {
    const target = pick(textTargets(category), a);
    // Surrounding blanks do not count against the length, on either side.
    const padding = pick(['', ' ', '\n\t'], b);
    return setAt(body, target.path, `${padding}${'é'.repeat(target.max ?? 100)}${padding}`);
  },
  blank: (body, category, a, b) =>
    setAt(body, pick(textTargets(category), a).path, pick(blanks, b)),
  unknown_option: (body, category, a, b) => {
    const choices = [
      ['priority'],
      ...category.fields
        .filter((field) => field.options !== undefined)
        .map((field) => ['fields', field.name]),
    ];
    return setAt(body, pick(choices, a), pick(badEnums, b));
  },
  bad_url: (body, category, a, b) => {
    const urls = category.fields.filter((field) => field.kind === 'url');
    const paths = [
      ...urls.map((field) => ['fields', field.name]),
      ...category.fields
        .filter((field) => field.kind === 'employees')
        .map((field) => ['fields', field.name, '0', 'profile_url']),
    ];
    return paths.length === 0 ? body : setAt(body, pick(paths, a), pick(badUrls, b));
  },
  bad_date: (body, category, a, b) => {
    const dates = category.fields.filter((f) => f.kind === 'date' || f.kind === 'datetime');
    if (dates.length === 0) {
      return body;
    }
    const field = pick(dates, a);
    const day = 86_400_000;
    const values =
      field.kind === 'date'
        ? [new Date(Date.now() - 2 * day).toISOString().slice(0, 10), '2026-02-30', '31/12/2030']
        : [new Date(Date.now() + day).toISOString(), '2026-11-23T10:00:00', 'yesterday'];
    return setAt(body, ['fields', field.name], pick(values, b));
  },
  conditional_toggle: (body, category, a, b) => {
    const conditional = category.fields.filter((field) => field.visible_when !== undefined);
    if (conditional.length === 0) {
      return body;
    }
    const field = pick(conditional, a);
    const condition = field.visible_when as NonNullable<FieldMeta['visible_when']>;
    const controller = category.fields.find((candidate) => candidate.name === condition.field);
    const otherValues = (controller?.options ?? [])
      .map((option) => option.value)
      .filter((value) => !condition.equals.includes(value));
    const shown = b % 2 === 0;
    const toggled = setAt(
      body,
      ['fields', condition.field],
      shown ? condition.equals[0] : pick(otherValues, b),
    );
    // Shown without a value, or hidden with a (possibly bad) one: both must agree.
    return setAt(toggled, ['fields', field.name], pick([undefined, '', 'x'.repeat(500), 7], b));
  },
  consent: (body, _category, a) =>
    setAt(
      body,
      ['consent'],
      pick(
        [
          { accepted: false, text_version: '2026-01' },
          { accepted: 'true', text_version: '2026-01' },
          { accepted: true, text_version: '' },
          { accepted: true, text_version: 'v'.repeat(65) },
          { accepted: true },
        ],
        a,
      ),
    ),
  subject_boundary: (body, _category, a) =>
    setAt(body, ['subject'], 's'.repeat(pick([subjectMaxLength, subjectMaxLength + 1, 200], a))),
};

export const mutationNames = Object.keys(mutations);

/**
 * A valid body of the category, then (three times out of four) one or two mutations of it.
 *
 * @example
 * fc.assert(fc.asyncProperty(fuzzCase(category), async ({ mutation, body }) => { ... }));
 */
export function fuzzCase(category: Category): fc.Arbitrary<Mutated> {
  const step = fc.record({
    name: fc.constantFrom(...mutationNames),
    a: fc.nat(),
    b: fc.nat(),
  });
  return fc
    .tuple(validBody(category), fc.array(step, { minLength: 0, maxLength: 2 }), fc.nat(3))
    .map(([body, steps, keep]) => {
      const applied = keep === 0 ? [] : steps;
      let mutated = body;
      for (const { name, a, b } of applied) {
        mutated = (mutations[name] as (typeof mutations)[string])(mutated, category, a, b);
      }
      const mutation = applied.length === 0 ? 'none' : applied.map((s) => s.name).join('+');
      return { mutation, body: mutated };
    });
}
