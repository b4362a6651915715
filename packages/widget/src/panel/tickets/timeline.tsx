import type { Attachment, Message, Ticket, TicketEvent } from '@aide/core';
import type { ComponentChildren } from 'preact';
import { type PendingReply, type TimelineItem, timeline } from '../../models/tickets';
import { usePanel } from '../context';
import { Markdown } from '../markdown/markdown-view';
import { Button } from '../ui/button';
import { formatDate, formatSize } from './format';
import { type TicketsText, useText } from './text';

function eventText(event: TicketEvent, text: TicketsText): string {
  const kind = event.kind;
  switch (kind) {
    case 'created':
      return text('event.created');
    case 'status_changed': {
      const line = text('event.status_changed', {
        from: text(`status.${event.from}`),
        to: text(`status.${event.to}`),
      });
      return event.resolution ? `${line} (${text(`reason.${event.resolution.reason}`)})` : line;
    }
    case 'reminder_sent':
      return text('event.reminder_sent', { reminder: event.reminder });
    case 'sla_paused':
      return text('event.sla_paused');
    case 'sla_resumed':
      return text('event.sla_resumed');
    case 'renamed':
      return text('event.renamed', { from: event.from, to: event.to });
    case 'merged':
      return text('event.merged', { number: event.into_number });
    case 'rated':
      return text('event.rated', { score: text(`rating.${event.score}`) });
    default:
      return kind satisfies never;
  }
}

function Time({ iso }: { iso: string }) {
  const { locale } = usePanel();
  return (
    // Isolated, so a date keeps its order inside right-to-left text.
    <time dateTime={iso} dir="auto">
      {formatDate(iso, locale.value, true)}
    </time>
  );
}

function Attachments(props: {
  items: readonly Attachment[];
  onDownload: (item: Attachment) => void;
}) {
  const text = useText();
  const { locale } = usePanel();
  if (props.items.length === 0) {
    return null;
  }
  return (
    <ul class="message-files">
      {props.items.map((item) => (
        <li key={item.id}>
          <button type="button" class="link-button" onClick={() => props.onDownload(item)}>
            {text('ticket.attachment', {
              name: item.name,
              size: formatSize(item.size, locale.value),
            })}
          </button>
        </li>
      ))}
    </ul>
  );
}

function MessageItem(props: {
  author: Message['author'];
  body: string;
  at: string;
  attachments: readonly Attachment[];
  onDownload: (item: Attachment) => void;
  title?: string;
  children?: ComponentChildren;
}) {
  const text = useText();
  const mine = props.author.kind === 'customer';
  const name =
    props.author.kind === 'customer' ? props.author.name || text('ticket.you') : props.author.name;
  return (
    <li class="message" data-author={props.author.kind}>
      <p class="message-head">
        <span class="message-author" dir="auto">
          {name}
        </span>
        {props.title ? <span class="message-title"> · {props.title}</span> : null}
        <span class="message-time">
          {' · '}
          <Time iso={props.at} />
        </span>
      </p>
      <div class={mine ? 'message-body message-body-mine' : 'message-body'}>
        <Markdown source={props.body} />
        <Attachments items={props.attachments} onDownload={props.onDownload} />
      </div>
      {props.children}
    </li>
  );
}

export interface TimelineProps {
  ticket: Ticket;
  thread: { messages: Message[]; events: TicketEvent[] };
  pending: readonly PendingReply[];
  onDownload: (item: Attachment) => void;
  onRetry: (key: string) => void;
}

/**
 * The ticket's description, messages (customer and agent, as sanitized Markdown) and history
 * events in one list, oldest first; replies still being sent come last.
 */
export function Timeline({ ticket, thread, pending, onDownload, onRetry }: TimelineProps) {
  const text = useText();
  const items: TimelineItem[] = timeline(thread);
  return (
    <section class="timeline-section" aria-labelledby="aide-ticket-history">
      <h4 id="aide-ticket-history" class="section-title">
        {text('ticket.history')}
      </h4>
      <ol class="timeline">
        <MessageItem
          author={{ kind: 'customer', id: ticket.requester.id, name: ticket.requester.name }}
          title={text('ticket.description')}
          body={ticket.description}
          at={ticket.created_at}
          attachments={ticket.attachments}
          onDownload={onDownload}
        />
        {items.map((item) =>
          item.kind === 'message' ? (
            <MessageItem
              key={item.message.id}
              author={item.message.author}
              body={item.message.body}
              at={item.at}
              attachments={item.message.attachments}
              onDownload={onDownload}
            />
          ) : (
            <li key={item.event.id} class="event" data-kind={item.event.kind}>
              <span class="event-text" dir="auto">
                {eventText(item.event, text)}
              </span>
              <span class="event-time">
                {' · '}
                <Time iso={item.at} />
              </span>
            </li>
          ),
        )}
        {pending.map((reply) => (
          <MessageItem
            key={reply.key}
            author={{ kind: 'customer', id: null, name: text('ticket.you') }}
            body={reply.body}
            at={reply.created_at}
            attachments={reply.attachments}
            onDownload={onDownload}
          >
            <p
              class={reply.state === 'failed' ? 'message-state field-error' : 'message-state muted'}
            >
              {reply.state === 'failed' ? text('ticket.notSent') : text('ticket.sending')}
              {reply.state === 'failed' ? (
                <Button variant="ghost" onClick={() => onRetry(reply.key)}>
                  {text('ticket.resend')}
                </Button>
              ) : null}
            </p>
          </MessageItem>
        ))}
      </ol>
    </section>
  );
}
