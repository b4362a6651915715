import { billingCategories } from './billing';
import type { Category } from './define';
import { generalCategories } from './general';
import type { CatalogOptions } from './rules';
import { securityCategories } from './security';
import { simpleCategories } from './simple';
import { technicalCategories } from './technical';

/**
 * An ordered set of categories and the order of their groups. Immutable: every helper returns
 * a new catalog.
 */
export interface Catalog {
  readonly categories: readonly Category[];
  /** Every group used by a category, in display order. */
  readonly groups: readonly string[];
}

/** Where `withCategory` puts a new category: next to an existing one. */
export type CategoryPosition = { before: string } | { after: string };

export interface CategoryGroup {
  group: string;
  /** Message key of the group's title (`group.<group>`). */
  label_key: string;
  categories: Category[];
}

function withGroups(categories: readonly Category[], groupOrder: readonly string[]): Catalog {
  const groups = groupOrder.filter((group) => categories.some((c) => c.group === group));
  for (const category of categories) {
    if (!groups.includes(category.group)) {
      groups.push(category.group);
    }
  }
  return { categories, groups };
}

/**
 * A catalog from categories in display order; groups are ordered by first appearance unless
 * `groups` says otherwise. Throws when two categories share a key.
 *
 * @example
 * const catalog = createCatalog([...generalCategories(), training], { groups: ['general'] });
 */
export function createCatalog(
  categories: readonly Category[],
  options: { groups?: readonly string[] } = {},
): Catalog {
  const keys = new Set<string>();
  for (const category of categories) {
    if (keys.has(category.key)) {
      throw new Error(`createCatalog: category ${JSON.stringify(category.key)} appears twice`);
    }
    keys.add(category.key);
  }
  return withGroups([...categories], options.groups ?? []);
}

/**
 * The ten categories of the default catalog. Pass `now` to fix the clock of date rules (tests,
 * or a server that validates with its own clock).
 *
 * @example
 * const catalog = createDefaultCatalog({ now: () => new Date('2026-11-23T10:00:00Z') });
 */
export function createDefaultCatalog(options: CatalogOptions = {}): Catalog {
  return createCatalog([
    ...generalCategories(options),
    ...technicalCategories(options),
    ...billingCategories(options),
    ...securityCategories(options),
  ]);
}

/**
 * The `simple` preset: question, problem, need, other.
 *
 * @example
 * mountAide({ categories: createSimpleCatalog(), ... });
 */
export function createSimpleCatalog(options: CatalogOptions = {}): Catalog {
  return createCatalog(simpleCategories(options));
}

/** The default catalog (general, technical, billing, security), on the system clock. */
// Marked pure so that a bundle using only one preset drops the other.
export const defaultCatalog: Catalog = /* @__PURE__ */ createDefaultCatalog();

/** The `simple` preset on the system clock. */
export const simpleCatalog: Catalog = /* @__PURE__ */ createSimpleCatalog();

/**
 * The category with this key, if the catalog has it.
 *
 * @example
 * const incident = getCategory(defaultCatalog, 'technical.incident');
 */
export function getCategory(catalog: Catalog, key: string): Category | undefined {
  return catalog.categories.find((category) => category.key === key);
}

/**
 * Adds a category, or replaces the one with the same key in place. A new category goes at the
 * end, or before/after the category named in `position`.
 *
 * @example
 * const catalog = withCategory(defaultCatalog, training, { after: 'general.question' });
 */
export function withCategory(
  catalog: Catalog,
  category: Category,
  position?: CategoryPosition,
): Catalog {
  const existing = catalog.categories.findIndex((c) => c.key === category.key);
  if (existing !== -1) {
    const categories = [...catalog.categories];
    categories[existing] = category;
    return withGroups(categories, catalog.groups);
  }
  const categories = [...catalog.categories];
  if (position === undefined) {
    categories.push(category);
  } else {
    const anchorKey = 'before' in position ? position.before : position.after;
    const anchor = categories.findIndex((c) => c.key === anchorKey);
    if (anchor === -1) {
      throw new Error(`withCategory: no category ${JSON.stringify(anchorKey)} to place it next to`);
    }
    categories.splice('before' in position ? anchor : anchor + 1, 0, category);
  }
  return withGroups(categories, catalog.groups);
}

/**
 * Removes categories by key (unknown keys are ignored, so a vendor's list can outlive a
 * category). A group left empty disappears.
 *
 * @example
 * const catalog = withoutCategory(defaultCatalog, ['technical.sql_report']);
 */
export function withoutCategory(catalog: Catalog, keys: string | readonly string[]): Catalog {
  const removed = new Set(typeof keys === 'string' ? [keys] : keys);
  return withGroups(
    catalog.categories.filter((category) => !removed.has(category.key)),
    catalog.groups,
  );
}

/**
 * Renames a category: either another message key (translated like any string) or a literal
 * label shown as is in every language.
 *
 * @example
 * const catalog = renameCategory(defaultCatalog, 'general.question', { label: 'Une question ?' });
 */
export function renameCategory(
  catalog: Catalog,
  key: string,
  rename: { label_key: string } | { label: string },
): Catalog {
  const category = getCategory(catalog, key);
  if (category === undefined) {
    throw new Error(`renameCategory: no category ${JSON.stringify(key)}`);
  }
  const renamed: Category =
    'label' in rename
      ? { ...category, label: rename.label }
      : (() => {
          const { label: _label, ...rest } = category;
          return { ...rest, label_key: rename.label_key };
        })();
  return withCategory(catalog, renamed);
}

/**
 * Puts the listed categories first, in that order; the others keep their relative order after
 * them. Group order is unchanged (see `reorderGroups`).
 *
 * @example
 * const catalog = reorderCategories(defaultCatalog, ['technical.incident', 'general.question']);
 */
export function reorderCategories(catalog: Catalog, keys: readonly string[]): Catalog {
  const first: Category[] = [];
  for (const key of keys) {
    const category = getCategory(catalog, key);
    if (category === undefined) {
      throw new Error(`reorderCategories: no category ${JSON.stringify(key)}`);
    }
    if (!first.includes(category)) {
      first.push(category);
    }
  }
  const rest = catalog.categories.filter((category) => !first.includes(category));
  return withGroups([...first, ...rest], catalog.groups);
}

/**
 * Puts the listed groups first, in that order; the others follow in their current order.
 *
 * @example
 * const catalog = reorderGroups(defaultCatalog, ['security', 'billing']);
 */
export function reorderGroups(catalog: Catalog, groups: readonly string[]): Catalog {
  for (const group of groups) {
    if (!catalog.groups.includes(group)) {
      throw new Error(`reorderGroups: no group ${JSON.stringify(group)}`);
    }
  }
  return withGroups(catalog.categories, [...new Set([...groups, ...catalog.groups])]);
}

/**
 * Categories grouped for display: groups in catalog order, categories in catalog order within
 * each group, empty groups left out.
 *
 * @example
 * for (const { label_key, categories } of categoriesByGroup(defaultCatalog)) { ... }
 */
export function categoriesByGroup(catalog: Catalog): CategoryGroup[] {
  return catalog.groups
    .map((group) => ({
      group,
      label_key: `group.${group}`,
      categories: catalog.categories.filter((category) => category.group === group),
    }))
    .filter((entry) => entry.categories.length > 0);
}
