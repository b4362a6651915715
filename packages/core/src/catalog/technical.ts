import { z } from '../zod';
import { type Category, defineCategory } from './define';
import { builtInField } from './meta';
import {
  type CatalogOptions,
  futureDate,
  optionalText,
  pastDateTime,
  requiredText,
  systemClock,
  webUrl,
} from './rules';

export const impactLevels = ['low', 'medium', 'high', 'critical'] as const;
export const severityLevels = ['critical', 'major', 'minor', 'low'] as const;
export const reportFormats = ['csv', 'xlsx', 'json', 'other'] as const;

/**
 * The `technical` group: an API problem, an incident, an SQL report request. Date rules read
 * `options.now` (the system clock by default).
 *
 * @example
 * const [api, incident, sqlReport] = technicalCategories({ now: () => new Date('2026-11-23T10:00:00Z') });
 */
export function technicalCategories(options: CatalogOptions = {}): Category[] {
  const now = options.now ?? systemClock;

  const api = defineCategory({
    key: 'technical.api',
    group: 'technical',
    label_key: 'category.technical.api.label',
    description_key: 'category.technical.api.description',
    fields: [
      builtInField('endpoint_url', 'url', {
        order: 0,
        required: true,
        help: true,
        placeholder: true,
        max_length: 2048,
      }),
      builtInField('impact', 'select', { order: 1, required: true, options: impactLevels }),
      builtInField('error_message', 'textarea', {
        order: 2,
        required: false,
        help: true,
        max_length: 10_000,
      }),
      builtInField('steps_to_reproduce', 'textarea', {
        order: 3,
        required: true,
        help: true,
        placeholder: true,
        max_length: 5000,
      }),
      builtInField('expected_behaviour', 'textarea', {
        order: 4,
        required: false,
        max_length: 5000,
      }),
    ],
    schema: z.object({
      endpoint_url: webUrl(),
      impact: z.enum(impactLevels),
      error_message: optionalText(10_000),
      steps_to_reproduce: requiredText(5000),
      expected_behaviour: optionalText(5000),
    }),
  });

  const incident = defineCategory({
    key: 'technical.incident',
    group: 'technical',
    label_key: 'category.technical.incident.label',
    description_key: 'category.technical.incident.description',
    fields: [
      builtInField('severity', 'radio', {
        order: 0,
        required: true,
        help: true,
        options: severityLevels,
      }),
      builtInField('page_url', 'url', { order: 1, required: false, placeholder: true }),
      builtInField('started_at', 'datetime', { order: 2, required: true, help: true }),
      builtInField('steps_to_reproduce', 'textarea', {
        order: 3,
        required: false,
        help: true,
        placeholder: true,
        max_length: 5000,
      }),
      builtInField('steps_taken', 'textarea', {
        order: 4,
        required: false,
        help: true,
        max_length: 5000,
      }),
    ],
    schema: z.object({
      severity: z.enum(severityLevels),
      page_url: z.optional(webUrl()),
      started_at: pastDateTime(now),
      steps_to_reproduce: optionalText(5000),
      steps_taken: optionalText(5000),
    }),
  });

  const sqlReport = defineCategory({
    key: 'technical.sql_report',
    group: 'technical',
    label_key: 'category.technical.sql_report.label',
    description_key: 'category.technical.sql_report.description',
    fields: [
      builtInField('data_wanted', 'textarea', {
        order: 0,
        required: true,
        help: true,
        max_length: 5000,
      }),
      builtInField('filters', 'textarea', {
        order: 1,
        required: false,
        help: true,
        max_length: 5000,
      }),
      builtInField('output_format', 'select', {
        order: 2,
        required: true,
        options: reportFormats,
      }),
      builtInField('output_format_other', 'text', {
        order: 3,
        required: true,
        max_length: 100,
        visible_when: { field: 'output_format', equals: ['other'] },
      }),
      builtInField('wanted_by', 'date', { order: 4, required: false, help: true }),
    ],
    schema: z.object({
      data_wanted: requiredText(5000),
      filters: optionalText(5000),
      output_format: z.enum(reportFormats),
      output_format_other: requiredText(100),
      wanted_by: z.optional(futureDate(now)),
    }),
  });

  return [api, incident, sqlReport];
}
