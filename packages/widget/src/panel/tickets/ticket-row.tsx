import type { TicketSummary } from '@aide/core';
import { formatDate, formatRelative } from './format';
import { StatusBadge } from './status-badge';
import { useText } from './text';

export interface TicketRowProps {
  ticket: TicketSummary;
  locale: string;
  now: Date;
  unread: boolean;
  /** Shown in the company scope, where tickets of colleagues appear too. */
  showRequester: boolean;
}

/** One line of the list: number, status, subject, created and last activity. */
export function TicketRow({ ticket, locale, now, unread, showRequester }: TicketRowProps) {
  const text = useText();
  return (
    <>
      <span class="row-top">
        <span class="row-number">{text('tickets.number', { number: ticket.number })}</span>
        <StatusBadge status={ticket.status} resolution={ticket.resolution} />
        {unread ? (
          <span class="unread">
            <span class="unread-dot" aria-hidden="true" />
            <span class="visually-hidden">{text('tickets.unread')}</span>
          </span>
        ) : null}
      </span>
      <span class="row-subject" dir="auto">
        {ticket.subject}
      </span>
      <span class="row-meta" dir="auto">
        {text('tickets.created', { date: formatDate(ticket.created_at, locale) })}
        {' · '}
        {text('tickets.activity', { time: formatRelative(ticket.last_activity_at, now, locale) })}
        {showRequester ? ` · ${text('tickets.by', { name: ticket.requester_name })}` : ''}
      </span>
    </>
  );
}
