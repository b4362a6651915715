import {
  type Catalog,
  type ConfigResponse,
  defaultCatalog,
  defaultSlaTargets,
  type LifecyclePolicy,
  type SlaOptions,
} from '@aide/core';
import type { TenantConfig } from '../config/config';

/** Version of the consent text the widget shows; a new ticket records which one was accepted. */
export const consentTextVersion = '2026-01';

/** A configured tenant with what its settings mean for the lifecycle, the SLA and the catalog. */
export interface Tenant {
  id: string;
  config: TenantConfig;
  policy: LifecyclePolicy;
  sla: SlaOptions;
  /** The enabled categories only, in display order. */
  catalog: Catalog;
}

/**
 * Derives a tenant's runtime settings from its configuration.
 *
 * @example
 * const tenant = buildTenant(config.tenants[0]);
 * tenant.policy.reminderDays; // [2, 5]
 */
export function buildTenant(config: TenantConfig): Tenant {
  const enabled = config.categories;
  const categories =
    enabled === undefined
      ? defaultCatalog.categories
      : enabled
          .map((key) => defaultCatalog.categories.find((category) => category.key === key))
          .filter((category) => category !== undefined);
  if (enabled !== undefined && categories.length !== enabled.length) {
    const unknown = enabled.filter((key) => !defaultCatalog.categories.some((c) => c.key === key));
    throw new Error(`tenant ${config.id}: unknown categories ${unknown.join(', ')}`);
  }
  const groups = defaultCatalog.groups.filter((group) => categories.some((c) => c.group === group));
  return {
    id: config.id,
    config,
    policy: {
      reopenWindowDays: config.reopen_window_days,
      reminderDays: [
        config.reminder_delays.first_reminder_days,
        config.reminder_delays.second_reminder_days,
      ],
      autoResolveDays: config.reminder_delays.auto_resolve_days,
    },
    sla: {
      targets: { ...defaultSlaTargets, ...config.sla_targets },
      hours: config.support_hours,
    },
    catalog: { categories, groups },
  };
}

/** GET /v1/config for a tenant. */
export function tenantConfigResponse(tenant: Tenant): ConfigResponse {
  return {
    docs: tenant.config.docs.map((doc, index) => ({
      id: doc.id ?? `doc-${index + 1}`,
      title: doc.title,
      url: doc.url,
      kind: doc.kind,
      tags: doc.tags,
      routes: doc.routes,
    })),
    categories: tenant.catalog.categories.map((category) => category.key),
    sla_targets: tenant.sla.targets,
    support_hours: tenant.config.support_hours,
    reopen_window_days: tenant.config.reopen_window_days,
    consent_text_version: consentTextVersion,
  };
}
