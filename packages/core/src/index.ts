// @aide/core public surface. Everything exported here is listed in index.test.ts.

// i18n (French ships in the main entry; English and Spanish are separate entries)
export { fr, type MessageKey, type Messages } from './i18n/fr';
// Ticket model
export { isOpenStatus, type TicketStatus, ticketStatuses } from './ticket/status';
