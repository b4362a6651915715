import { z } from 'zod';
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
  key: z.string().min(1).max(100),
  group: z.string().min(1).max(64),
  label_key: z.string().min(1),
  /** A literal label set by the vendor (`renameCategory`); wins over `label_key` when not null. */
  label: z.string().nullable(),
  description_key: z.string().nullable(),
  /** Display position in the catalog (groups in order, then categories within each group). */
  order: z.int().nonnegative(),
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
    // Input side: what a client sends (defaults are optional, blank values count as absent).
    json_schema: z.toJSONSchema(category.fieldsSchema, { io: 'input' }) as Record<string, unknown>,
  };
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
