import { z } from 'zod';

/**
 * How a field is rendered. The value types are fixed per kind so that the widget, the server and
 * connectors agree: text kinds are strings, `number` a number, `select`/`radio` one option value
 * (or an array of them when `multiple`), `date` an ISO date (`2026-11-23`), `datetime` an ISO
 * date-time with offset, `checkbox` a boolean, `attachments` an array of attachment ids (as
 * returned by `POST /v1/attachments`), `employees` an array of `{ name, employee_number,
 * profile_url }`.
 */
export const fieldKinds = [
  'text',
  'textarea',
  'markdown',
  'url',
  'email',
  'number',
  'select',
  'radio',
  'date',
  'datetime',
  'checkbox',
  'attachments',
  'employees',
] as const;
export type FieldKind = (typeof fieldKinds)[number];

const fieldName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'field names are snake_case (they are JSON field names)')
  .max(64);
const messageKey = z.string().min(1).max(200);

export const fieldOptionSchema = z.object({
  value: z.string().min(1).max(100),
  label_key: messageKey,
});
export type FieldOption = z.infer<typeof fieldOptionSchema>;

export const visibleWhenSchema = z.object({
  /** Name of another field of the same category. */
  field: fieldName,
  /** The field is shown (and validated) only when that field's value is one of these. */
  equals: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
});
export type VisibleWhen = z.infer<typeof visibleWhenSchema>;

/**
 * What a form needs to render one field: the schema says what is valid, this says how to ask
 * for it. Labels, help texts and placeholders are i18n message keys, never literal text.
 */
export const fieldMetaSchema = z.object({
  name: fieldName,
  kind: z.enum(fieldKinds),
  label_key: messageKey,
  help_key: messageKey.optional(),
  placeholder_key: messageKey.optional(),
  /** Position in the form, ascending. */
  order: z.int().nonnegative(),
  /** Required when visible (a hidden field is never required). */
  required: z.boolean(),
  /** For `select` and `radio`. */
  options: z.array(fieldOptionSchema).min(1).optional(),
  visible_when: visibleWhenSchema.optional(),
  /** For `select`, `attachments` and `employees`: whether several values are accepted. */
  multiple: z.boolean().optional(),
  /** For `attachments`: accepted MIME types or patterns (`image/*`), as for `<input accept>`. */
  accept: z.array(z.string().min(1).max(127)).optional(),
  /** For text kinds: the maximum number of characters, mirrored from the schema. */
  max_length: z.int().positive().optional(),
});
export type FieldMeta = z.infer<typeof fieldMetaSchema>;
