import type { TicketSummary } from '@aide/core';
import { usePanel } from '../context';

/** Open tickets of the company that look like the one being written (a duplicate check). */
export function SimilarTickets(props: { items: readonly TicketSummary[] }) {
  const { t, navigate } = usePanel();
  if (props.items.length === 0) {
    return null;
  }
  return (
    <section class="similar" aria-labelledby="aide-similar-title">
      <h4 id="aide-similar-title">{t('new.similar.title')}</h4>
      <p class="field-hint">{t('new.similar.hint')}</p>
      <ul class="plain-list">
        {props.items.map((ticket) => (
          <li key={ticket.id}>
            <button
              type="button"
              class="link-button"
              onClick={() => navigate({ name: 'ticket', id: ticket.id })}
            >
              {t('new.similar.number', { number: ticket.number })} — {ticket.subject}
            </button>{' '}
            <span class="muted">({t(`status.${ticket.status}`)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
