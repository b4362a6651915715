import { type Catalog, type ConfigResponse, createCatalog, defaultCatalog } from '@aide/core';

function isCatalog(value: unknown): value is Catalog {
  return typeof value === 'object' && value !== null && 'categories' in value && 'groups' in value;
}

/**
 * The categories offered: the vendor's catalog (or the default one), narrowed and ordered by the
 * vendor's list of keys, else by the keys the server enables in GET /v1/config.
 */
export function enabledCatalog(
  option: Catalog | readonly string[] | undefined,
  config: ConfigResponse | null,
): Catalog {
  const base = isCatalog(option) ? option : defaultCatalog;
  const keys = Array.isArray(option)
    ? option
    : config?.categories.length
      ? config.categories
      : null;
  if (!keys) {
    return base;
  }
  const categories = keys.flatMap((key) =>
    base.categories.filter((category) => category.key === key),
  );
  return createCatalog(categories, { groups: base.groups });
}
