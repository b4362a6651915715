// @aide/core public surface. Everything exported here is listed in index.test.ts.
// Sections are owned by folders; add names to your section only.

export { type CustomerAction, customerActionSchema, customerActions } from './ticket/actions';
export {
  type SlaState,
  type SlaTargetState,
  slaStateSchema,
  slaTargetStateSchema,
} from './ticket/sla-state';
// Ticket model (ticket/)
export { isOpenStatus, type TicketStatus, ticketStatuses } from './ticket/status';
export {
  type Attachment,
  type Author,
  attachmentSchema,
  authorSchema,
  type CapturedContext,
  type Consent,
  capturedContextSchema,
  consentSchema,
  contextEntitySchema,
  type Message,
  messageSchema,
  type Participant,
  type PausedInterval,
  type Person,
  type Priority,
  participantSchema,
  personSchema,
  priorities,
  prioritySchema,
  type Rating,
  type Resolution,
  type ResolutionReason,
  ratingSchema,
  resolutionReasonSchema,
  resolutionReasons,
  resolutionSchema,
  type SlaRecord,
  slaRecordSchema,
  statusSchema,
  type Ticket,
  type TicketEvent,
  type TicketEventKind,
  ticketEventSchema,
  ticketSchema,
  type WaitingState,
  waitingStateSchema,
} from './ticket/ticket';

// Category catalog (catalog/)

// i18n (i18n/): French ships in the main entry; English and Spanish are separate entries
export { fr, type MessageKey, type Messages } from './i18n/fr';

// API contract (contract/)

// API client and outbox (client/)
