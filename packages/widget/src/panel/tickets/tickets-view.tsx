import { useEffect } from 'preact/hooks';
import { usePanel } from '../context';
import { Button } from '../ui/button';
import { describeError } from '../ui/error-message';
import { EmptyState, ErrorState } from '../ui/states';
import { Announcer } from './announcer';
import { useText } from './text';
import { TicketFilters } from './ticket-filters';
import { TicketRow } from './ticket-row';
import { useTicketsModel } from './use-tickets-model';
import { VirtualList } from './virtual-list';

/** Height of one list row in CSS pixels; tickets.css sizes the row content to fit it. */
export const ticketRowHeight = 76;

/** How often the list asks for new activity while it is on screen. */
const pollIntervalMs = 60_000;

function ListSkeleton({ label }: { label: string }) {
  return (
    <div class="ticket-skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">{label}</span>
      {[0, 1, 2, 3, 4].map((row) => (
        <span key={row} class="ticket-skeleton-row" aria-hidden="true">
          <span class="skeleton-line" />
          <span class="skeleton-line" />
          <span class="skeleton-line" />
        </span>
      ))}
    </div>
  );
}

/** *Mes demandes*: filters, then the (windowed) list of the user's or company's tickets. */
export function TicketsView() {
  const panel = usePanel();
  const { t, session, locale } = panel;
  const text = useText();
  const model = useTicketsModel();

  useEffect(() => {
    if (model.listState.value === 'idle') {
      void model.load();
    }
    return model.startPolling(pollIntervalMs);
  }, [model]);

  const state = model.listState.value;
  const items = model.items.value;
  const filters = model.filters.value;
  const unread = model.unreadIds.value;
  const now = panel.now();
  const canSeeCompany = session.me.value?.capabilities.can_view_company_tickets === true;

  let body = null;
  if (state === 'error') {
    body = (
      <ErrorState
        message={describeError(t, model.listError.value)}
        onRetry={() => void model.load()}
      >
        <p class="muted">{text('tickets.error')}</p>
      </ErrorState>
    );
  } else if ((state === 'loading' || state === 'idle') && items.length === 0) {
    body = <ListSkeleton label={text('tickets.loading')} />;
  } else if (items.length === 0) {
    body = (
      <EmptyState title={model.filtered.value ? text('tickets.empty') : text('tickets.none')}>
        {model.filtered.value ? (
          <Button variant="ghost" onClick={() => model.resetFilters()}>
            {text('tickets.reset')}
          </Button>
        ) : null}
      </EmptyState>
    );
  } else {
    body = (
      <div class="ticket-list" aria-busy={state === 'loading' ? 'true' : undefined}>
        <VirtualList
          items={items}
          rowHeight={ticketRowHeight}
          label={text('tickets.list')}
          getKey={(ticket) => ticket.id}
          onActivate={(ticket) => panel.navigate({ name: 'ticket', id: ticket.id })}
          renderRow={(ticket) => (
            <TicketRow
              ticket={ticket}
              locale={locale.value}
              now={now}
              unread={unread.has(ticket.id)}
              showRequester={filters.scope === 'company'}
            />
          )}
        />
        {model.hasMore.value || model.moreError.value ? (
          <div class="ticket-more">
            {model.moreError.value ? (
              <p class="field-error">{describeError(t, model.moreError.value)}</p>
            ) : null}
            <Button busy={model.loadingMore.value} onClick={() => void model.loadMore()}>
              {model.moreError.value ? t('common.retry') : text('tickets.loadMore')}
            </Button>
          </div>
        ) : null}
      </div>
    );
  }

  return (
    <div class="tickets">
      <TicketFilters
        model={model}
        categories={session.config.value?.categories ?? []}
        canSeeCompany={canSeeCompany}
      />
      <Announcer announcement={model.announcement} />
      {body}
    </div>
  );
}
