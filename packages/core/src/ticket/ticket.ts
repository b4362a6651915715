import { z } from '../zod';
import { ticketStatuses } from './status';

// One schema per shape, used as the model, the API contract and the storage format alike.
// Field names are snake_case because they are the JSON field names of the API; timestamps are
// ISO 8601 strings in UTC (what travels over the wire and sorts as text).

const timestamp = z.iso.datetime({ offset: true });
const id = z.string().check(z.minLength(1), z.maxLength(64));

export const statusSchema = z.enum(ticketStatuses);

export const resolutionReasons = [
  'fixed',
  'answered',
  'declined',
  'duplicate',
  'no_response',
] as const;
export type ResolutionReason = (typeof resolutionReasons)[number];
export const resolutionReasonSchema = z.enum(resolutionReasons);

/** iSYBUY-style priority, common to every category. */
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];
export const prioritySchema = z.enum(priorities);

export const resolutionSchema = z.object({
  reason: resolutionReasonSchema,
  /** Set when reason is `duplicate`: the opaque id of the ticket this one duplicates. */
  duplicate_of: z.nullable(id),
});
export type Resolution = z.infer<typeof resolutionSchema>;

export const attachmentSchema = z.object({
  id,
  name: z.string().check(z.minLength(1), z.maxLength(255)),
  size: z.int().check(z.nonnegative()),
  /** MIME type sniffed from the content by the server, never the browser's claim. */
  type: z.string().check(z.minLength(1), z.maxLength(127)),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const personSchema = z.object({
  id,
  name: z.string().check(z.maxLength(200)),
  email: z.nullable(z.email()),
});
export type Person = z.infer<typeof personSchema>;

export const participantSchema = z.extend(personSchema, {
  role: z.enum(['requester', 'participant', 'agent']),
});
export type Participant = z.infer<typeof participantSchema>;

/** GDPR consent as given: which text the user agreed to, and when. */
export const consentSchema = z.object({
  text_version: z.string().check(z.minLength(1), z.maxLength(64)),
  granted_at: timestamp,
});
export type Consent = z.infer<typeof consentSchema>;

/** A named entity the host passes as context, for example { label: 'Candidat', value: '#42' }. */
export const contextEntitySchema = z.object({
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  value: z.string().check(z.maxLength(500)),
});

/**
 * Context captured by the widget when the ticket is written. Every item is optional because the
 * user may remove any of them before sending.
 */
export const capturedContextSchema = z.object({
  page_url: z.optional(z.string().check(z.maxLength(2048))),
  route: z.optional(z.string().check(z.maxLength(2048))),
  app_version: z.optional(z.string().check(z.maxLength(100))),
  user_id: z.optional(z.string().check(z.maxLength(200))),
  user_email: z.optional(z.string().check(z.maxLength(320))),
  company: z.optional(z.string().check(z.maxLength(200))),
  locale: z.optional(z.string().check(z.maxLength(35))),
  timezone: z.optional(z.string().check(z.maxLength(64))),
  occurred_at: z.optional(timestamp),
  browser: z.optional(z.string().check(z.maxLength(500))),
  entities: z.optional(z.array(contextEntitySchema).check(z.maxLength(20))),
});
export type CapturedContext = z.infer<typeof capturedContextSchema>;

export const ratingSchema = z.object({
  score: z.enum(['good', 'bad']),
  comment: z.nullable(z.string().check(z.maxLength(2000))),
  rated_at: timestamp,
});
export type Rating = z.infer<typeof ratingSchema>;

/** An interval during which the resolution clock was paused; `end` is null while paused. */
export const pausedIntervalSchema = z.object({ start: timestamp, end: z.nullable(timestamp) });
export type PausedInterval = z.infer<typeof pausedIntervalSchema>;

/**
 * What the SLA clock needs to be recomputed at any time (sla.ts derives elapsed, remaining,
 * breached from it): when the first agent response came, when the resolution clock started
 * (entering in_progress), its pauses, and when it stopped (resolution).
 */
export const slaRecordSchema = z.object({
  first_response_at: z.nullable(timestamp),
  clock_started_at: z.nullable(timestamp),
  paused_intervals: z.array(pausedIntervalSchema),
  clock_stopped_at: z.nullable(timestamp),
});
export type SlaRecord = z.infer<typeof slaRecordSchema>;

/** State of the waiting-on-customer policy: when the ticket started waiting and what was done. */
export const waitingStateSchema = z.object({
  since: timestamp,
  reminders_sent: z.int().check(z.gte(0), z.lte(10)),
});
export type WaitingState = z.infer<typeof waitingStateSchema>;

export const ticketSchema = z.object({
  /** Opaque id, unguessable, used in URLs. */
  id,
  /** Human-friendly number, per tenant, without gaps. */
  number: z.int().check(z.positive()),
  tenant_id: id,
  company_id: id,
  requester: personSchema,
  /** Category key, for example `technical.incident`. */
  category: z.string().check(z.minLength(1), z.maxLength(100)),
  subject: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Values of the category-specific fields, validated by the category's schema. */
  fields: z.record(z.string(), z.unknown()),
  /** Markdown. */
  description: z.string().check(z.maxLength(50_000)),
  priority: prioritySchema,
  status: statusSchema,
  resolution: z.nullable(resolutionSchema),
  sla: slaRecordSchema,
  waiting: z.nullable(waitingStateSchema),
  attachments: z.array(attachmentSchema),
  participants: z.array(participantSchema),
  consent: consentSchema,
  share_with_account_manager: z.boolean(),
  context: capturedContextSchema,
  created_at: timestamp,
  updated_at: timestamp,
  last_activity_at: timestamp,
  resolved_at: z.nullable(timestamp),
  closed_at: z.nullable(timestamp),
  rating: z.nullable(ratingSchema),
  /** Set when an agent merged this ticket into another: the kept ticket's opaque id. */
  merged_into: z.nullable(id),
});
export type Ticket = z.infer<typeof ticketSchema>;

export const authorSchema = z.object({
  kind: z.enum(['customer', 'agent', 'system']),
  id: z.nullable(id),
  name: z.string().check(z.maxLength(200)),
});
export type Author = z.infer<typeof authorSchema>;

/** A public message of the thread (customer or agent), Markdown body. */
export const messageSchema = z.object({
  id,
  ticket_id: id,
  author: authorSchema,
  body: z.string().check(z.maxLength(50_000)),
  attachments: z.array(attachmentSchema),
  created_at: timestamp,
});
export type Message = z.infer<typeof messageSchema>;

const eventBase = { id, ticket_id: id, at: timestamp, actor: authorSchema };

/** The event log rendered in a ticket's history. */
export const ticketEventSchema = z.discriminatedUnion('kind', [
  z.object({ ...eventBase, kind: z.literal('created') }),
  z.object({
    ...eventBase,
    kind: z.literal('status_changed'),
    from: statusSchema,
    to: statusSchema,
    resolution: z.nullable(resolutionSchema),
  }),
  z.object({
    ...eventBase,
    kind: z.literal('reminder_sent'),
    reminder: z.int().check(z.positive()),
  }),
  z.object({ ...eventBase, kind: z.literal('sla_paused') }),
  z.object({ ...eventBase, kind: z.literal('sla_resumed') }),
  z.object({ ...eventBase, kind: z.literal('renamed'), from: z.string(), to: z.string() }),
  z.object({
    ...eventBase,
    kind: z.literal('merged'),
    into: id,
    into_number: z.int().check(z.positive()),
  }),
  z.object({ ...eventBase, kind: z.literal('rated'), score: z.enum(['good', 'bad']) }),
]);
export type TicketEvent = z.infer<typeof ticketEventSchema>;
export type TicketEventKind = TicketEvent['kind'];
