import { z } from '../zod';
import { type FieldMeta, fieldMetaSchema } from './field';

const categoryKeyPattern = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const groupPattern = /^[a-z][a-z0-9_]*$/;

/** The values of a category's own fields, keyed by field name. */
export type CategoryFields = Record<string, unknown>;

export interface CategoryDefinition<Shape extends z.core.$ZodShape = z.core.$ZodShape> {
  /** Stable identifier, `group.name` by convention (`technical.incident`). */
  key: string;
  /** Group the category is listed under (`general`, `technical`...). */
  group: string;
  label_key: string;
  description_key?: string;
  /** How to render each field of `schema`, one entry per field. */
  fields: FieldMeta[];
  /**
   * The category's own fields as a zod object; what it says when every field is visible. Any
   * zod 4 object works, from `zod/mini` (as core's own) or classic `zod`.
   */
  schema: z.core.$ZodObject<Shape>;
}

/**
 * A ticket category: field metadata for the form plus the schema that validates the category's
 * own fields (`fieldsSchema`, the `fields` member of a ticket). Built by `defineCategory`.
 */
export interface Category<Fields extends CategoryFields = CategoryFields> {
  readonly key: string;
  readonly group: string;
  readonly label_key: string;
  readonly description_key?: string;
  /** A literal label chosen by the vendor; when set it wins over `label_key`. */
  readonly label?: string;
  /** Field metadata sorted by `order`. */
  readonly fields: readonly FieldMeta[];
  /**
   * Validates the category's fields. Blank values (empty or whitespace-only strings, null) count
   * as absent; fields hidden by `visible_when` are dropped before validation, so a hidden field
   * is never required and never rejected.
   */
  readonly fieldsSchema: z.ZodMiniType<Fields>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBlank(value: unknown): boolean {
  return value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * Whether a field is shown for the current values. A field whose controlling field is hidden is
 * hidden too, so chains of conditions behave as a person expects.
 *
 * @example
 * isFieldVisible(outputFormatOther, { output_format: 'other' }, category.fields); // true
 */
export function isFieldVisible(
  field: FieldMeta,
  values: Readonly<Record<string, unknown>>,
  fields: readonly FieldMeta[],
): boolean {
  let current: FieldMeta | undefined = field;
  // Bounded by the number of fields: defineCategory rejects cycles, this guards anything else.
  for (let depth = 0; current?.visible_when !== undefined && depth <= fields.length; depth++) {
    const condition: FieldMeta['visible_when'] = current.visible_when;
    const controlling: unknown = values[condition.field];
    // A multiple choice shows the field when any of its chosen values matches.
    const chosen: unknown[] = Array.isArray(controlling) ? controlling : [controlling];
    if (!condition.equals.some((accepted) => chosen.includes(accepted))) {
      return false;
    }
    current = fields.find((candidate) => candidate.name === condition.field);
  }
  return true;
}

/**
 * The fields to show for the current values, in form order.
 *
 * @example
 * visibleFields(category, { output_format: 'csv' }).map((field) => field.name);
 */
export function visibleFields(
  category: Pick<Category, 'fields'>,
  values: Readonly<Record<string, unknown>>,
): FieldMeta[] {
  return category.fields.filter((field) => isFieldVisible(field, values, category.fields));
}

function assertDefinition(definition: CategoryDefinition): void {
  const where = `defineCategory(${JSON.stringify(definition.key)})`;
  if (!categoryKeyPattern.test(definition.key)) {
    throw new Error(`${where}: the key must be snake_case words joined by dots`);
  }
  if (!groupPattern.test(definition.group)) {
    throw new Error(`${where}: the group must be one snake_case word`);
  }
  const shape: z.core.$ZodShape = definition.schema._zod.def.shape;
  const names = new Set<string>();
  for (const field of definition.fields) {
    const parsed = fieldMetaSchema.safeParse(field);
    if (!parsed.success) {
      throw new Error(`${where}: invalid metadata for field ${JSON.stringify(field.name)}`, {
        cause: parsed.error,
      });
    }
    if (names.has(field.name)) {
      throw new Error(`${where}: field ${JSON.stringify(field.name)} is described twice`);
    }
    names.add(field.name);
    const fieldSchema = shape[field.name];
    if (fieldSchema === undefined) {
      throw new Error(`${where}: field ${JSON.stringify(field.name)} is not in the schema`);
    }
    const optional = z.safeParse(fieldSchema, undefined).success;
    if (field.required === optional) {
      throw new Error(
        `${where}: field ${JSON.stringify(field.name)} is ${field.required ? 'required' : 'optional'} in its metadata but not in the schema`,
      );
    }
  }
  for (const name of Object.keys(shape)) {
    if (!names.has(name)) {
      throw new Error(`${where}: schema field ${JSON.stringify(name)} has no metadata`);
    }
  }
  for (const field of definition.fields) {
    const seen = new Set<string>([field.name]);
    let condition = field.visible_when;
    while (condition !== undefined) {
      if (!names.has(condition.field)) {
        throw new Error(
          `${where}: field ${JSON.stringify(field.name)} depends on unknown field ${JSON.stringify(condition.field)}`,
        );
      }
      if (seen.has(condition.field)) {
        throw new Error(`${where}: visibility conditions of ${JSON.stringify(field.name)} loop`);
      }
      seen.add(condition.field);
      const controlling = definition.fields.find(
        (candidate) => candidate.name === condition?.field,
      );
      condition = controlling?.visible_when;
    }
  }
}

/**
 * Defines a ticket category from field metadata and a zod object of its fields.
 * Throws (at definition time, for the developer) when metadata and schema disagree.
 *
 * @example
 * const training = defineCategory({
 *   key: 'general.training',
 *   group: 'general',
 *   label_key: 'acme.category.training',
 *   fields: [{ name: 'attendees', kind: 'number', label_key: 'acme.attendees', order: 0, required: true }],
 *   schema: z.object({ attendees: z.int().check(z.gte(1), z.lte(30)) }),
 * });
 */
export function defineCategory<Shape extends z.core.$ZodShape>(
  definition: CategoryDefinition<Shape>,
): Category<z.output<z.core.$ZodObject<Shape>>> {
  assertDefinition(definition);
  const fields = [...definition.fields].sort((a, b) => a.order - b.order);
  const conditional = fields.filter((field) => field.visible_when !== undefined);

  // Conditional fields become optional in the object; presence is required again below, only
  // while the field is visible.
  const relaxed: Record<string, z.core.$ZodType> = {};
  for (const field of conditional) {
    const fieldSchema = (definition.schema._zod.def.shape as z.core.$ZodShape)[field.name];
    if (fieldSchema !== undefined) {
      relaxed[field.name] = z.optional(fieldSchema);
    }
  }
  // safeExtend keeps the object's own refinements (for example "at least one of two fields").
  // Both work on a classic object too: they clone it with its own class.
  const object =
    conditional.length === 0
      ? definition.schema
      : z.safeExtend(definition.schema as unknown as z.ZodMiniObject, relaxed);

  const normalize = (input: unknown): unknown => {
    if (!isRecord(input)) {
      return input;
    }
    const output: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(input)) {
      if (!isBlank(value)) {
        output[name] = value;
      }
    }
    for (const field of conditional) {
      if (!isFieldVisible(field, output, fields)) {
        delete output[field.name];
      }
    }
    return output;
  };

  // The presence check runs even when other fields already failed (`when`), so a person sees
  // every problem of the form at once.
  const requireVisible = z.superRefine<unknown>(
    (values, context) => {
      if (!isRecord(values)) {
        return;
      }
      for (const field of conditional) {
        const missing = field.required && values[field.name] === undefined;
        if (missing && isFieldVisible(field, values, fields)) {
          context.addIssue({ code: 'custom', message: 'validation.required', path: [field.name] });
        }
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );
  // A pipe from a transform is what classic zod's `preprocess` builds: JSON Schema export reads
  // the object as the input.
  const fieldsSchema = z.pipe(z.transform(normalize), object).check(requireVisible);

  return {
    key: definition.key,
    group: definition.group,
    label_key: definition.label_key,
    ...(definition.description_key === undefined
      ? {}
      : { description_key: definition.description_key }),
    fields,
    fieldsSchema: fieldsSchema as unknown as z.ZodMiniType<z.output<z.core.$ZodObject<Shape>>>,
  };
}
