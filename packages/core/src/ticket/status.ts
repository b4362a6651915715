/**
 * The seven ticket statuses. Keys are stable English identifiers shared by the API, the
 * database and the widget; what a person reads comes from the i18n catalogs.
 */
export const ticketStatuses = [
  'new',
  'in_progress',
  'escalated',
  'waiting_on_customer',
  'resolved_not_deployed',
  'resolved',
  'closed',
] as const;

export type TicketStatus = (typeof ticketStatuses)[number];

/** "Open" means every status but `resolved` and `closed`. */
export function isOpenStatus(status: TicketStatus): boolean {
  switch (status) {
    case 'new':
    case 'in_progress':
    case 'escalated':
    case 'waiting_on_customer':
    case 'resolved_not_deployed':
      return true;
    case 'resolved':
    case 'closed':
      return false;
    default:
      return status satisfies never;
  }
}
