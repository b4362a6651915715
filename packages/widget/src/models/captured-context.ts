import type { CapturedContext, MeResponse } from '@aide/core';
import type { HostContext } from '../types';

/** One line of the captured-context preview; `key` is what "remove" refers to. */
export interface ContextItem {
  key: string;
  /** Widget string key of the label, or a literal label for host entities. */
  labelKey?: string;
  label?: string;
  value: string;
}

export interface ContextSources {
  host: HostContext;
  route: string;
  me: MeResponse | null;
  locale: string;
  occurredAt: Date;
  pageUrl: string;
  userAgent: string;
  timezone: string;
}

/** What would be sent, as removable lines in display order. */
export function contextItems(sources: ContextSources): ContextItem[] {
  const items: ContextItem[] = [];
  const add = (key: string, value: string | undefined) => {
    if (value) {
      items.push({ key, labelKey: `new.context.${key}`, value });
    }
  };
  add('page_url', sources.pageUrl);
  add('route', sources.route);
  add('app_version', sources.host.appVersion);
  add(
    'user',
    sources.me
      ? `${sources.me.user.name}${sources.me.user.email ? ` <${sources.me.user.email}>` : ''}`
      : undefined,
  );
  add('company', sources.me?.company.name);
  add('locale', sources.locale);
  add('timezone', sources.timezone);
  add(
    'occurred_at',
    new Intl.DateTimeFormat(sources.locale || 'fr', {
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).format(sources.occurredAt),
  );
  add('browser', sources.userAgent);
  sources.host.entities?.forEach((entity, index) => {
    items.push({ key: `entity.${index}`, label: entity.label, value: entity.value });
  });
  return items;
}

/** The `context` member of a ticket, without the items the user removed. */
export function capturedContext(
  sources: ContextSources,
  removed: ReadonlySet<string>,
): CapturedContext {
  const keep = (key: string) => !removed.has(key);
  const context: CapturedContext = {};
  const cut = (value: string, max: number) => value.slice(0, max);
  if (keep('page_url') && sources.pageUrl) {
    context.page_url = cut(sources.pageUrl, 2048);
  }
  if (keep('route') && sources.route) {
    context.route = cut(sources.route, 2048);
  }
  if (keep('app_version') && sources.host.appVersion) {
    context.app_version = cut(sources.host.appVersion, 100);
  }
  if (keep('user') && sources.me) {
    context.user_id = sources.me.user.id;
    if (sources.me.user.email) {
      context.user_email = sources.me.user.email;
    }
  }
  if (keep('company') && sources.me) {
    context.company = cut(sources.me.company.name, 200);
  }
  if (keep('locale') && sources.locale) {
    context.locale = cut(sources.locale, 35);
  }
  if (keep('timezone') && sources.timezone) {
    context.timezone = cut(sources.timezone, 64);
  }
  if (keep('occurred_at')) {
    context.occurred_at = sources.occurredAt.toISOString();
  }
  if (keep('browser') && sources.userAgent) {
    context.browser = cut(sources.userAgent, 500);
  }
  const entities = (sources.host.entities ?? [])
    .map((entity, index) => ({ entity, index }))
    .filter(({ index }) => keep(`entity.${index}`))
    .slice(0, 20)
    .map(({ entity }) => ({ label: cut(entity.label, 100), value: cut(entity.value, 500) }));
  if (entities.length) {
    context.entities = entities;
  }
  return context;
}
