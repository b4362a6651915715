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
