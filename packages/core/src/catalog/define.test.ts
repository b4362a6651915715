import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fr } from '../i18n/fr';
import { createTranslator } from '../i18n/translate';
import { validate } from '../i18n/validation';
import { defaultCatalog, getCategory } from './catalog';
import { defineCategory, isFieldVisible, visibleFields } from './define';
import type { FieldMeta } from './field';

const t = createTranslator({ locale: 'fr', messages: fr });

// A vendor's category: a training request where the remote link is asked only for remote
// sessions, and the platform only when the session is remote AND the vendor's tool is not used.
const training = defineCategory({
  key: 'acme.training',
  group: 'acme',
  label_key: 'acme.training.label',
  fields: [
    {
      name: 'platform',
      kind: 'text',
      label_key: 'acme.platform',
      order: 3,
      required: true,
      visible_when: { field: 'own_tool', equals: [false] },
    },
    { name: 'attendees', kind: 'number', label_key: 'acme.attendees', order: 0, required: true },
    { name: 'remote', kind: 'checkbox', label_key: 'acme.remote', order: 1, required: false },
    {
      name: 'own_tool',
      kind: 'checkbox',
      label_key: 'acme.own_tool',
      order: 2,
      required: false,
      visible_when: { field: 'remote', equals: [true] },
    },
  ],
  schema: z.object({
    attendees: z.int().min(1).max(30),
    remote: z.boolean().optional(),
    own_tool: z.boolean().optional(),
    platform: z.string().trim().min(1).max(50),
  }),
});

describe('defineCategory', () => {
  it('sorts the fields by their order', () => {
    expect(training.fields.map((field) => field.name)).toEqual([
      'attendees',
      'remote',
      'own_tool',
      'platform',
    ]);
  });

  it('does not require a field while it is hidden, and drops its value', () => {
    expect(validate(training.fieldsSchema, { attendees: 5, platform: 'Zoom' }, t)).toEqual({
      success: true,
      data: { attendees: 5 },
    });
    expect(
      validate(training.fieldsSchema, { attendees: 5, remote: true, own_tool: true }, t),
    ).toEqual({
      success: true,
      data: { attendees: 5, remote: true, own_tool: true },
    });
  });

  it('requires it once visible, through a chain of conditions', () => {
    expect(
      validate(training.fieldsSchema, { attendees: 5, remote: true, own_tool: false }, t),
    ).toEqual({
      success: false,
      errors: [{ path: 'platform', message: 'Ce champ est obligatoire.' }],
    });
    expect(
      validate(
        training.fieldsSchema,
        { attendees: 5, remote: true, own_tool: false, platform: 'Zoom' },
        t,
      ),
    ).toEqual({
      success: true,
      data: { attendees: 5, remote: true, own_tool: false, platform: 'Zoom' },
    });
  });

  it("validates a visible conditional field's value with its own rules", () => {
    expect(
      validate(
        training.fieldsSchema,
        { attendees: 40, remote: true, own_tool: false, platform: 'x'.repeat(51) },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [
        { path: 'attendees', message: 'Saisissez un nombre inférieur ou égal à 30.' },
        { path: 'platform', message: 'Saisissez au plus 50 caractères.' },
      ],
    });
  });

  it('treats blank text and null as absent', () => {
    expect(validate(training.fieldsSchema, { attendees: null, remote: null }, t)).toEqual({
      success: false,
      errors: [{ path: 'attendees', message: 'Ce champ est obligatoire.' }],
    });
  });

  it('refuses metadata that does not match the schema', () => {
    const base = {
      key: 'acme.broken',
      group: 'acme',
      label_key: 'acme.broken',
    };
    const name: FieldMeta = {
      name: 'name',
      kind: 'text',
      label_key: 'acme.name',
      order: 0,
      required: true,
    };
    expect(() =>
      defineCategory({ ...base, fields: [], schema: z.object({ name: z.string() }) }),
    ).toThrow('schema field "name" has no metadata');
    expect(() => defineCategory({ ...base, fields: [name], schema: z.object({}) })).toThrow(
      'field "name" is not in the schema',
    );
    expect(() =>
      defineCategory({
        ...base,
        fields: [name],
        schema: z.object({ name: z.string().optional() }),
      }),
    ).toThrow('field "name" is required in its metadata but not in the schema');
    expect(() =>
      defineCategory({ ...base, fields: [name, name], schema: z.object({ name: z.string() }) }),
    ).toThrow('field "name" is described twice');
    expect(() =>
      defineCategory({
        ...base,
        fields: [{ ...name, visible_when: { field: 'nope', equals: [true] } }],
        schema: z.object({ name: z.string() }),
      }),
    ).toThrow('field "name" depends on unknown field "nope"');
    expect(() =>
      defineCategory({
        ...base,
        fields: [
          { ...name, visible_when: { field: 'other', equals: ['x'] } },
          { ...name, name: 'other', visible_when: { field: 'name', equals: ['y'] } },
        ],
        schema: z.object({ name: z.string(), other: z.string() }),
      }),
    ).toThrow('visibility conditions of "name" loop');
    expect(() =>
      defineCategory({ ...base, key: 'Acme Broken', fields: [], schema: z.object({}) }),
    ).toThrow('the key must be snake_case words joined by dots');
    expect(() =>
      defineCategory({
        ...base,
        fields: [{ ...name, kind: 'slider' as 'text' }],
        schema: z.object({ name: z.string() }),
      }),
    ).toThrow('invalid metadata for field "name"');
  });
});

describe('visibility on a multiple choice', () => {
  const onboarding = defineCategory({
    key: 'acme.onboarding',
    group: 'acme',
    label_key: 'acme.onboarding',
    fields: [
      {
        name: 'modules',
        kind: 'select',
        label_key: 'acme.modules',
        order: 0,
        required: true,
        multiple: true,
        options: [
          { value: 'payroll', label_key: 'acme.payroll' },
          { value: 'planning', label_key: 'acme.planning' },
        ],
      },
      {
        name: 'payroll_provider',
        kind: 'text',
        label_key: 'acme.provider',
        order: 1,
        required: true,
        visible_when: { field: 'modules', equals: ['payroll'] },
      },
    ],
    schema: z.object({
      modules: z.array(z.enum(['payroll', 'planning'])).min(1),
      payroll_provider: z.string().trim().min(1),
    }),
  });

  it('shows the field when any chosen value matches', () => {
    expect(visibleFields(onboarding, { modules: ['planning'] }).map((field) => field.name)).toEqual(
      ['modules'],
    );
    expect(validate(onboarding.fieldsSchema, { modules: ['planning', 'payroll'] }, t)).toEqual({
      success: false,
      errors: [{ path: 'payroll_provider', message: 'Ce champ est obligatoire.' }],
    });
    expect(validate(onboarding.fieldsSchema, { modules: ['planning'] }, t)).toEqual({
      success: true,
      data: { modules: ['planning'] },
    });
  });
});

describe('hidden fields, whatever their value', () => {
  const sqlReport = getCategory(defaultCatalog, 'technical.sql_report');

  it('never produce an error and are never kept', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('csv', 'xlsx', 'json'),
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.object()),
        (output_format, hidden) => {
          const result = sqlReport?.fieldsSchema.safeParse({
            data_wanted: 'Factures',
            output_format,
            output_format_other: hidden,
          });
          expect(result?.success && result.data).toEqual({
            data_wanted: 'Factures',
            output_format,
          });
        },
      ),
    );
  });
});

describe('visibleFields', () => {
  it('lists what the form shows for the current answers', () => {
    expect(visibleFields(training, {}).map((field) => field.name)).toEqual(['attendees', 'remote']);
    expect(visibleFields(training, { remote: true }).map((field) => field.name)).toEqual([
      'attendees',
      'remote',
      'own_tool',
    ]);
    expect(
      visibleFields(training, { remote: true, own_tool: false }).map((field) => field.name),
    ).toEqual(['attendees', 'remote', 'own_tool', 'platform']);
  });

  it('hides a field whose controlling field is itself hidden', () => {
    const platform = training.fields.find((field) => field.name === 'platform');
    expect(
      platform && isFieldVisible(platform, { remote: false, own_tool: false }, training.fields),
    ).toBe(false);
  });
});
