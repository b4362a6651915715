import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDefaultCatalog, defaultCatalog, renameCategory, simpleCatalog } from './catalog';
import { defineCategory } from './define';
import { categoryDescriptorSchema, describeCatalog, describeCategory } from './descriptor';

describe('describeCatalog', () => {
  it('describes the ten default categories in display order, each a valid descriptor', () => {
    const descriptors = describeCatalog(defaultCatalog);
    expect(descriptors.map((descriptor) => [descriptor.order, descriptor.key])).toEqual([
      [0, 'general.question'],
      [1, 'general.ui_issue'],
      [2, 'general.improvement'],
      [3, 'technical.api'],
      [4, 'technical.incident'],
      [5, 'technical.sql_report'],
      [6, 'billing.question'],
      [7, 'billing.company_details'],
      [8, 'security.user_deletion'],
      [9, 'security.mfa_reset'],
    ]);
    for (const descriptor of descriptors) {
      // A descriptor survives the trip through JSON unchanged and matches the contract schema.
      const wire: unknown = JSON.parse(JSON.stringify(descriptor));
      expect(categoryDescriptorSchema.parse(wire)).toEqual(descriptor);
    }
  });

  it('exports every category of both presets to JSON Schema', () => {
    for (const descriptor of [
      ...describeCatalog(defaultCatalog),
      ...describeCatalog(simpleCatalog),
    ]) {
      expect(descriptor.json_schema).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
      });
      const properties = Object.keys(descriptor.json_schema.properties as object);
      expect(properties.sort()).toEqual(descriptor.fields.map((field) => field.name).sort());
    }
  });

  it('lists a field as required in JSON Schema only when it is required whatever the other answers', () => {
    const sqlReport = describeCatalog(createDefaultCatalog()).find(
      (descriptor) => descriptor.key === 'technical.sql_report',
    );
    expect(sqlReport?.json_schema.required).toEqual(['data_wanted', 'output_format']);
    expect(sqlReport?.fields.find((field) => field.name === 'output_format_other')).toMatchObject({
      required: true,
      visible_when: { field: 'output_format', equals: ['other'] },
    });
  });

  it('carries a literal label set by the vendor and null when there is none', () => {
    const renamed = renameCategory(defaultCatalog, 'general.question', { label: 'Une question ?' });
    const [question, uiIssue] = describeCatalog(renamed);
    expect(question).toMatchObject({
      label: 'Une question ?',
      label_key: 'category.general.question.label',
    });
    expect(uiIssue?.label).toBeNull();
  });

  it('describes a vendor category without a description as description_key null', () => {
    const training = defineCategory({
      key: 'general.training',
      group: 'general',
      label_key: 'acme.training',
      fields: [
        {
          name: 'attendees',
          kind: 'number',
          label_key: 'acme.attendees',
          order: 0,
          required: true,
        },
      ],
      schema: z.object({ attendees: z.int().min(1).max(30) }),
    });
    expect(describeCategory(training)).toMatchObject({
      key: 'general.training',
      description_key: null,
      order: 0,
      json_schema: { properties: { attendees: { type: 'integer', minimum: 1, maximum: 30 } } },
    });
  });
});

describe('describeCategory', () => {
  it('serves the same frozen JSON Schema on every call, so no caller can alter the next answer', () => {
    const first = describeCatalog(defaultCatalog)[5];
    const second = describeCatalog(defaultCatalog)[5];
    expect(second?.json_schema).toBe(first?.json_schema);
    expect(Object.isFrozen(first?.json_schema)).toBe(true);
    expect(() => {
      (first?.json_schema.properties as Record<string, unknown>).injected = {};
    }).toThrow(TypeError);
  });
});

describe('json_schema', () => {
  // A connector validating with JSON Schema alone must agree with zod on what a form holds.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const at = new Date('2026-11-23T10:00:00Z');
  const descriptors = describeCatalog(createDefaultCatalog({ now: () => at }));
  const check = (key: string, fields: unknown): boolean => {
    const descriptor = descriptors.find((candidate) => candidate.key === key);
    if (descriptor === undefined) {
      throw new Error(`no category ${key}`);
    }
    return ajv.validate(descriptor.json_schema, fields);
  };
  const grace = {
    name: 'Grace Hopper',
    employee_number: 'E-0042',
    profile_url: 'https://app.acme.test/people/42',
  };

  it('accepts what zod accepts for every default category', () => {
    expect(check('general.question', {})).toBe(true);
    expect(check('general.ui_issue', { steps_to_reproduce: 'x', screenshot: ['a'] })).toBe(true);
    expect(check('general.improvement', {})).toBe(true);
    expect(
      check('technical.api', {
        endpoint_url: 'https://api.acme.test/v1',
        impact: 'low',
        steps_to_reproduce: 'x',
      }),
    ).toBe(true);
    expect(
      check('technical.incident', { severity: 'minor', started_at: '2026-11-23T09:00:00Z' }),
    ).toBe(true);
    expect(check('technical.sql_report', { data_wanted: 'x', output_format: 'csv' })).toBe(true);
    expect(check('billing.question', {})).toBe(true);
    expect(
      check('billing.company_details', { new_company_name: 'Acme', supporting_document: ['a'] }),
    ).toBe(true);
    expect(
      check('security.user_deletion', {
        employees: [grace],
        business_justification: 'Départ',
        irreversible_ack: true,
      }),
    ).toBe(true);
    expect(check('security.mfa_reset', { employees: [grace], irreversible_ack: true })).toBe(true);
  });

  it('rejects missing required fields, unknown options, bad URLs and unticked boxes', () => {
    expect(check('general.ui_issue', { steps_to_reproduce: 'x', screenshot: [] })).toBe(false);
    expect(
      check('technical.api', {
        endpoint_url: 'pas une url',
        impact: 'low',
        steps_to_reproduce: 'x',
      }),
    ).toBe(false);
    expect(
      check('technical.incident', { severity: 'blocker', started_at: '2026-11-23T09:00:00Z' }),
    ).toBe(false);
    expect(check('security.mfa_reset', { employees: [], irreversible_ack: true })).toBe(false);
    expect(check('security.mfa_reset', { employees: [grace], irreversible_ack: false })).toBe(
      false,
    );
  });

  it('requires a conditional field exactly when its condition holds', () => {
    expect(check('technical.sql_report', { data_wanted: 'x', output_format: 'other' })).toBe(false);
    expect(
      check('technical.sql_report', {
        data_wanted: 'x',
        output_format: 'other',
        output_format_other: 'Parquet',
      }),
    ).toBe(true);
  });
});
