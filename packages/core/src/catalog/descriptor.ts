import { z } from '../zod';
import { type Catalog, categoriesByGroup } from './catalog';
import type { Category } from './define';
import { fieldMetaSchema } from './field';

/**
 * A category as served by `GET /v1/categories`: everything a client needs to render and
 * validate the form without the zod schema itself.
 *
 * `fields` and `json_schema` cover the category's OWN fields only (the `fields` member of a
 * ticket). The common fields (subject, description, priority, attachments, share with account
 * manager, consent, context) are the same for every category: they are `commonFields` /
 * `commonFieldsSchema` in @aide/core and the rest of the create-ticket body in the API contract.
 */
export const categoryDescriptorSchema = z.object({
  key: z.string().check(z.minLength(1), z.maxLength(100)),
  group: z.string().check(z.minLength(1), z.maxLength(64)),
  label_key: z.string().check(z.minLength(1)),
  /** A literal label set by the vendor (`renameCategory`); wins over `label_key` when not null. */
  label: z.nullable(z.string()),
  description_key: z.nullable(z.string()),
  /** Display position in the catalog (groups in order, then categories within each group). */
  order: z.int().check(z.nonnegative()),
  fields: z.array(fieldMetaSchema),
  /** JSON Schema (draft 2020-12) of the category's own fields, as accepted on input. */
  json_schema: z.record(z.string(), z.unknown()),
});
export type CategoryDescriptor = z.infer<typeof categoryDescriptorSchema>;

/**
 * The descriptor of one category (`order` is its display position; 0 when described alone).
 *
 * @example
 * const descriptor = describeCategory(getCategory(defaultCatalog, 'technical.api')!);
 */
export function describeCategory(category: Category, order = 0): CategoryDescriptor {
  return {
    key: category.key,
    group: category.group,
    label_key: category.label_key,
    label: category.label ?? null,
    description_key: category.description_key ?? null,
    order,
    fields: category.fields.map((field) => ({ ...field })),
    json_schema: fieldsJsonSchema(category),
  };
}

/**
 * JSON Schema of the category's fields as a client sends them. A field required only when
 * visible is optional in zod's export; an `if`/`then` per such field states the condition (the
 * whole chain of conditions), so a connector validating with JSON Schema alone agrees with zod.
 */
function fieldsJsonSchema(category: Category): Record<string, unknown> {
  const cached = jsonSchemas.get(category);
  if (cached !== undefined) {
    return cached;
  }
  const built = deepFreeze(buildFieldsJsonSchema(category));
  jsonSchemas.set(category, built);
  return built;
}

// Categories are immutable, and exporting one costs about a millisecond: GET /v1/categories
// reuses the export. Frozen, so that no caller can change what the next one is served.
const jsonSchemas = new WeakMap<Category, Record<string, unknown>>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) {
      deepFreeze(inner);
    }
  }
  return value;
}

function buildFieldsJsonSchema(category: Category): Record<string, unknown> {
  const schema = z.toJSONSchema(category.fieldsSchema, { io: 'input' }) as Record<string, unknown>;
  const conditions = category.fields
    .filter((field) => field.required && field.visible_when !== undefined)
    .map((field) => {
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      let condition = field.visible_when;
      while (condition !== undefined) {
        properties[condition.field] = { enum: condition.equals };
        required.push(condition.field);
        const controlling = condition.field;
        condition = category.fields.find(
          (candidate) => candidate.name === controlling,
        )?.visible_when;
      }
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords, never awaited.
      return { if: { properties, required }, then: { required: [field.name] } };
    });
  return conditions.length === 0 ? schema : { ...schema, allOf: conditions };
}

/**
 * Descriptors of every category of a catalog, in display order.
 *
 * @example
 * app.get('/v1/categories', (c) => c.json({ items: describeCatalog(tenant.catalog) }));
 */
export function describeCatalog(catalog: Catalog): CategoryDescriptor[] {
  return categoriesByGroup(catalog)
    .flatMap((group) => group.categories)
    .map((category, order) => describeCategory(category, order));
}
