import { ticketStatusFilters } from '@aide/core';
import type { StatusFilter, TicketsModel } from '../../models/tickets';
import { useText } from './text';

export interface TicketFiltersProps {
  model: Pick<TicketsModel, 'filters' | 'setFilters'>;
  /** Category keys offered (the tenant's enabled categories). */
  categories: readonly string[];
  /** Whether the user may see the company's tickets (then mine / company is offered). */
  canSeeCompany: boolean;
}

const statusOptions: StatusFilter[] = ['all', ...ticketStatusFilters];

/** Status, category, mine / company and text search; the list follows as they change. */
export function TicketFilters({ model, categories, canSeeCompany }: TicketFiltersProps) {
  const text = useText();
  const filters = model.filters.value;
  const statusLabel = (value: StatusFilter) =>
    value === 'all' || value === 'open' || value === 'closed'
      ? text(`status_filter.${value}`)
      : text(`status.${value}`);
  return (
    <search class="ticket-filters" aria-label={text('tickets.filters')}>
      <div class="filter filter-search">
        <label class="field-label" for="aide-tickets-q">
          {text('tickets.search')}
        </label>
        <input
          id="aide-tickets-q"
          class="input"
          type="search"
          autoComplete="off"
          maxLength={200}
          value={filters.q}
          onInput={(event) => model.setFilters({ q: event.currentTarget.value })}
        />
      </div>
      <div class="filter">
        <label class="field-label" for="aide-tickets-status">
          {text('tickets.filter.status')}
        </label>
        <select
          id="aide-tickets-status"
          class="input"
          value={filters.status}
          onChange={(event) =>
            model.setFilters({ status: event.currentTarget.value as StatusFilter })
          }
        >
          {statusOptions.map((value) => (
            <option key={value} value={value}>
              {statusLabel(value)}
            </option>
          ))}
        </select>
      </div>
      {categories.length > 1 ? (
        <div class="filter">
          <label class="field-label" for="aide-tickets-category">
            {text('tickets.filter.category')}
          </label>
          <select
            id="aide-tickets-category"
            class="input"
            value={filters.category ?? ''}
            onChange={(event) => model.setFilters({ category: event.currentTarget.value || null })}
          >
            <option value="">{text('tickets.filter.category.all')}</option>
            {categories.map((key) => (
              <option key={key} value={key}>
                {text(`category.${key}.label`)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {canSeeCompany ? (
        <fieldset class="filter filter-scope">
          <legend class="field-label">{text('tickets.filter.scope')}</legend>
          <div class="segmented">
            {(['mine', 'company'] as const).map((scope) => (
              <label key={scope} class="segment">
                <input
                  type="radio"
                  name="aide-tickets-scope"
                  value={scope}
                  checked={filters.scope === scope}
                  onChange={() => model.setFilters({ scope })}
                />
                <span>{text(`tickets.scope.${scope}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
    </search>
  );
}
