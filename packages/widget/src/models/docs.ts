import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { DocOption } from '../types';
import type { Disposable } from './scope';
import type { SessionModel } from './session';

export interface DocEntry {
  title: string;
  url: string;
  kind: 'doc' | 'video';
  tags: readonly string[];
  routes: readonly string[];
}

/**
 * Whether a host route matches a link's route pattern: exact (`/invoices`), a trailing `*`
 * for everything below (`/invoices/*`), `:name` for one segment (`/candidates/:id`).
 *
 * @example
 * routeMatches('/invoices/*', '/invoices/2026/42'); // true
 */
export function routeMatches(pattern: string, route: string): boolean {
  const clean = (path: string) => path.replace(/[?#].*$/, '').replace(/\/+$/, '') || '/';
  const patternParts = clean(pattern).split('/');
  const routeParts = clean(route).split('/');
  for (let index = 0; index < patternParts.length; index++) {
    const part = patternParts[index];
    if (part === '*' && index === patternParts.length - 1) {
      return routeParts.length > index;
    }
    const actual = routeParts[index];
    if (actual === undefined) {
      return false;
    }
    if (part?.startsWith(':') ? actual === '' : part !== actual) {
      return false;
    }
  }
  return patternParts.length === routeParts.length;
}

/** Lower-case and without accents, so "resume" finds "Résumé". */
export function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

function isWebUrl(url: string): boolean {
  try {
    const protocol = new URL(url).protocol;
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export interface DocsModel extends Disposable {
  readonly query: ReadonlySignal<string>;
  setQuery(query: string): void;
  /** Links whose routes match the current route (a link without routes is not route-specific). */
  readonly forRoute: ReadonlySignal<DocEntry[]>;
  readonly others: ReadonlySignal<DocEntry[]>;
  readonly total: ReadonlySignal<number>;
}

/** The documentation tab: links from the host's options and GET /v1/config, route first. */
export function createDocsModel(deps: {
  docs: readonly DocOption[] | undefined;
  session: Pick<SessionModel, 'config'>;
  route: () => string;
}): DocsModel {
  const query = signal('');
  const route = signal(deps.route());
  const all = computed<DocEntry[]>(() => {
    const seen = new Set<string>();
    const entries: DocEntry[] = [];
    const fromConfig = deps.session.config.value?.docs ?? [];
    for (const link of [...(deps.docs ?? []), ...fromConfig]) {
      // Host options are not schema-checked like the API: refuse javascript: and friends here.
      if (seen.has(link.url) || !isWebUrl(link.url)) {
        continue;
      }
      seen.add(link.url);
      entries.push({
        title: link.title,
        url: link.url,
        kind: link.kind ?? 'doc',
        tags: link.tags ?? [],
        routes: link.routes ?? [],
      });
    }
    return entries;
  });
  const matching = computed(() => {
    const words = searchable(query.value).split(/\s+/).filter(Boolean);
    return all.value.filter((entry) => {
      const haystack = searchable(`${entry.title} ${entry.tags.join(' ')}`);
      return words.every((word) => haystack.includes(word));
    });
  });
  const isForRoute = (entry: DocEntry) =>
    entry.routes.some((pattern) => routeMatches(pattern, route.value));
  return {
    query,
    setQuery(next) {
      route.value = deps.route();
      query.value = next;
    },
    forRoute: computed(() => matching.value.filter(isForRoute)),
    others: computed(() => matching.value.filter((entry) => !isForRoute(entry))),
    total: computed(() => matching.value.length),
    dispose() {},
  };
}
