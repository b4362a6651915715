import type { TicketDetail, TicketEvent } from '@aide/core';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { usePanel } from '../context';
import { EmptyState, ErrorState } from '../ui/states';
import { Announcer } from './announcer';
import { errorText } from './error-text';
import { ReplyBox } from './reply-box';
import { SlaIndicator } from './sla-indicator';
import { StatusBadge } from './status-badge';
import { useText } from './text';
import { CloseControl, RatingControl, ReopenControl } from './ticket-actions';
import { Timeline } from './timeline';
import { useTicketsModel } from './use-tickets-model';

function DetailSkeleton({ label }: { label: string }) {
  return (
    <div class="detail-skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">{label}</span>
      <span class="skeleton-line skeleton-title" aria-hidden="true" />
      <span class="skeleton-line" aria-hidden="true" />
      <span class="skeleton-block" aria-hidden="true" />
      <span class="skeleton-block" aria-hidden="true" />
    </div>
  );
}

/** The number of the ticket this one was merged into, from the merge event when there is one. */
function mergedNumber(events: readonly TicketEvent[], into: string): number | null {
  for (const event of events) {
    if (event.kind === 'merged' && event.into === into) {
      return event.into_number;
    }
  }
  return null;
}

function Detail({ detail }: { detail: TicketDetail }) {
  const panel = usePanel();
  const text = useText();
  const model = useTicketsModel();
  const state = model.current.value;
  const { ticket } = detail;
  const allowed = new Set(detail.allowed_actions);
  const busy = model.busy.value;
  const failure = model.actionError.value;
  const mergedInto = ticket.merged_into;
  const intoNumber = mergedInto ? mergedNumber(state?.thread?.events ?? [], mergedInto) : null;
  return (
    <article class="ticket-detail" aria-labelledby="aide-ticket-title">
      <header class="ticket-header">
        <h3 id="aide-ticket-title" class="ticket-title">
          <span class="ticket-number">{text('ticket.title', { number: ticket.number })}</span>
          <span class="ticket-subject" dir="auto">
            {ticket.subject}
          </span>
        </h3>
        <p class="ticket-status">
          <span class="visually-hidden">{text('ticket.status')} : </span>
          <StatusBadge status={ticket.status} resolution={ticket.resolution} />
        </p>
        {ticket.resolution ? (
          <p class="ticket-reason">
            {text('ticket.reason', { reason: text(`reason.${ticket.resolution.reason}`) })}
            {ticket.resolution.duplicate_of ? (
              <>
                {' '}
                <button
                  type="button"
                  class="link-button"
                  onClick={() =>
                    panel.navigate({ name: 'ticket', id: ticket.resolution?.duplicate_of ?? '' })
                  }
                >
                  {text('ticket.duplicateOf')}
                </button>
              </>
            ) : null}
          </p>
        ) : null}
      </header>
      {mergedInto ? (
        <div class="notice merged-notice">
          <p>{text('ticket.merged', { number: intoNumber ?? '…' })}</p>
          <button
            type="button"
            class="link-button"
            onClick={() => panel.navigate({ name: 'ticket', id: mergedInto })}
          >
            {text('ticket.mergedLink', { number: intoNumber ?? '…' })}
          </button>
        </div>
      ) : null}
      <section class="ticket-sla" aria-label={text('ticket.sla')}>
        <SlaIndicator sla={detail.sla} waitingOnYou={ticket.status === 'waiting_on_customer'} />
      </section>
      {state?.thread ? (
        <Timeline
          ticket={ticket}
          thread={state.thread}
          pending={model.pending.value}
          onDownload={(attachment) => void model.download(attachment)}
          onRetry={(key) => void model.retryReply(key)}
        />
      ) : null}
      {failure ? (
        <p class="notice notice-error" role="alert">
          {text('action.failed')} {errorText(text, panel.t, failure.error)}
        </p>
      ) : null}
      {allowed.has('reopen') ? (
        <ReopenControl
          until={detail.reopen_until}
          busy={busy === 'reopen'}
          onReopen={() => void model.reopen()}
        />
      ) : null}
      <RatingControl
        rating={ticket.rating}
        canRate={allowed.has('rate')}
        busy={busy === 'rate'}
        onRate={(score, comment) => void model.rate(score, comment)}
      />
      {allowed.has('reply') ? <ReplyBox model={model} /> : null}
      {allowed.has('close') ? (
        <CloseControl busy={busy === 'close'} onClose={(comment) => model.close(comment)} />
      ) : null}
    </article>
  );
}

/** One ticket: status with reason, SLA, thread and history, and what the user may do now. */
export function TicketDetailView({ id }: { id: string }) {
  const panel = usePanel();
  const text = useText();
  const model = useTicketsModel();
  const back = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    void model.openTicket(id);
  }, [model, id]);
  // Moving to a ticket moves focus to its view, so keyboard users start at the top of it.
  useLayoutEffect(() => {
    back.current?.focus();
  }, [id]);

  const state = model.current.value;
  let body = null;
  if (!state || state.id !== id || state.state === 'loading' || state.state === 'idle') {
    body = <DetailSkeleton label={text('ticket.loading')} />;
  } else if (state.state === 'error') {
    body = (
      <ErrorState
        message={errorText(text, panel.t, state.error)}
        onRetry={() => void model.openTicket(id)}
      >
        <p class="muted">{text('ticket.error')}</p>
      </ErrorState>
    );
  } else if (state.detail) {
    body = <Detail detail={state.detail} />;
  } else {
    body = <EmptyState title={text('ticket.error')} />;
  }

  return (
    <div class="ticket-view">
      <button
        ref={back}
        type="button"
        class="link-button back-link"
        onClick={() => panel.navigate({ name: 'tickets' })}
      >
        <span aria-hidden="true">← </span>
        {text('ticket.back')}
      </button>
      <Announcer announcement={model.announcement} />
      {body}
    </div>
  );
}
