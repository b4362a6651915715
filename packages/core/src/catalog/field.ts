import { z } from '../zod';

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
  .check(
    z.regex(/^[a-z][a-z0-9_]*$/, 'field names are snake_case (they are JSON field names)'),
    z.maxLength(64),
  );
const messageKey = z.string().check(z.minLength(1), z.maxLength(200));

export const fieldOptionSchema = z.object({
  value: z.string().check(z.minLength(1), z.maxLength(100)),
  label_key: messageKey,
});
export type FieldOption = z.infer<typeof fieldOptionSchema>;

export const visibleWhenSchema = z.object({
  /** Name of another field of the same category. */
  field: fieldName,
  /** The field is shown (and validated) only when that field's value is one of these. */
  equals: z.array(z.union([z.string(), z.number(), z.boolean()])).check(z.minLength(1)),
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
  help_key: z.optional(messageKey),
  placeholder_key: z.optional(messageKey),
  /** Position in the form, ascending. */
  order: z.int().check(z.nonnegative()),
  /** Required when visible (a hidden field is never required). */
  required: z.boolean(),
  /** For `select` and `radio`. */
  options: z.optional(z.array(fieldOptionSchema).check(z.minLength(1))),
  visible_when: z.optional(visibleWhenSchema),
  /** For `select`, `attachments` and `employees`: whether several values are accepted. */
  multiple: z.optional(z.boolean()),
  /** For `attachments`: accepted MIME types or patterns (`image/*`), as for `<input accept>`. */
  accept: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(127)))),
  /** For text kinds: the maximum number of characters, mirrored from the schema. */
  max_length: z.optional(z.int().check(z.positive())),
});
export type FieldMeta = z.infer<typeof fieldMetaSchema>;
