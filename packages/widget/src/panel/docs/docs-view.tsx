import { useEffect } from 'preact/hooks';
import { createDocsModel, type DocEntry } from '../../models/docs';
import { useModel, usePanel } from '../context';
import { describeError } from '../ui/error-message';
import { EmptyState, ErrorState } from '../ui/states';
import { Skeleton } from '../ui/status';

function DocLinkItem(props: { entry: DocEntry }) {
  const { t } = usePanel();
  return (
    <li class="doc-item">
      <a class="doc-link" href={props.entry.url} target="_blank" rel="noopener noreferrer">
        <span class="doc-kind" data-kind={props.entry.kind}>
          {t(props.entry.kind === 'video' ? 'docs.kind.video' : 'docs.kind.doc')}
        </span>
        <span class="doc-title">{props.entry.title}</span>
        <span class="visually-hidden"> {t('docs.newTab')}</span>
      </a>
    </li>
  );
}

function DocSection(props: { id: string; title: string; entries: DocEntry[] }) {
  if (props.entries.length === 0) {
    return null;
  }
  return (
    <section class="doc-section" aria-labelledby={props.id}>
      <h3 id={props.id} class="section-title">
        {props.title}
      </h3>
      <ul class="doc-list">
        {props.entries.map((entry) => (
          <DocLinkItem key={entry.url} entry={entry} />
        ))}
      </ul>
    </section>
  );
}

/** The documentation tab: links for the current route first, then the rest, searchable. */
export function DocsView() {
  const panel = usePanel();
  const { t, session } = panel;
  const docs = useModel('docs', (context) =>
    createDocsModel({
      docs: context.options.docs,
      session: context.session,
      route: () => context.options.route ?? context.hostContext().route ?? location.pathname,
    }),
  );
  useEffect(() => {
    void session.load();
  }, [session]);
  const loading = session.status.value === 'loading' || session.status.value === 'idle';
  const hasQuery = docs.query.value.trim() !== '';
  const total = docs.total.value;
  return (
    <div class="docs">
      <div class="field">
        <label class="field-label" for="aide-docs-search">
          {t('docs.search')}
        </label>
        <input
          id="aide-docs-search"
          class="input"
          type="search"
          autoComplete="off"
          value={docs.query.value}
          onInput={(event) => docs.setQuery(event.currentTarget.value)}
        />
      </div>
      <div role="status" class="visually-hidden">
        {hasQuery ? t('docs.results', { count: total }) : ''}
      </div>
      {session.status.value === 'error' ? (
        <ErrorState
          message={describeError(t, session.error.value)}
          onRetry={() => void session.load()}
        />
      ) : null}
      {loading && total === 0 ? <Skeleton label={t('common.loading')} lines={4} /> : null}
      <DocSection
        id="aide-docs-route"
        title={t('docs.forThisPage')}
        entries={docs.forRoute.value}
      />
      <DocSection
        id="aide-docs-all"
        title={docs.forRoute.value.length ? t('docs.all') : t('tab.docs')}
        entries={docs.others.value}
      />
      {!loading && total === 0 ? (
        <EmptyState title={hasQuery ? t('docs.empty') : t('docs.none')} />
      ) : null}
    </div>
  );
}
