import { commonFieldsSchema } from '../catalog/common';
import { customerActionSchema } from '../ticket/actions';
import { slaStateSchema } from '../ticket/sla-state';
import { ticketStatuses } from '../ticket/status';
import {
  attachmentSchema,
  messageSchema,
  ratingSchema,
  resolutionReasonSchema,
  statusSchema,
  ticketEventSchema,
  ticketSchema,
} from '../ticket/ticket';
import { z } from '../zod';
import { pageSchema, paginationQuerySchema } from './pagination';

// Request and response bodies of the widget's ticket endpoints (/v1/tickets...). Shapes reuse
// the ticket model's schemas so a field is described once.

const id = ticketSchema.shape.id;
const timestamp = ticketSchema.shape.created_at;

/** Path parameters of every `/:id` route. */
export const ticketParamsSchema = z.object({ id });
export type TicketParams = z.infer<typeof ticketParamsSchema>;

/** Ids of attachments uploaded beforehand with POST /v1/attachments. */
export const attachmentIdsSchema = z.array(attachmentSchema.shape.id).check(z.maxLength(20));

/**
 * POST /v1/tickets: the common fields of every ticket form (the same rules and defaults as the
 * widget's form), the category key and the category's own fields. The server then validates
 * the whole body with that category's form schema (`ticketFormSchema`).
 */
export const createTicketRequestSchema = z.extend(commonFieldsSchema, {
  category: ticketSchema.shape.category,
  fields: ticketSchema.shape.fields,
});
export type CreateTicketRequest = z.infer<typeof createTicketRequestSchema>;

/** One line of a ticket list. */
export const ticketSummarySchema = z.extend(
  z.pick(ticketSchema, {
    id: true,
    number: true,
    subject: true,
    category: true,
    status: true,
    resolution: true,
    priority: true,
    created_at: true,
    last_activity_at: true,
  }),
  { requester_name: ticketSchema.shape.requester.shape.name },
);
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

/**
 * A ticket as one user sees it: with its SLA state, what this user may do now and, for a
 * resolved ticket, until when it can be reopened.
 */
export const ticketDetailSchema = z.object({
  ticket: ticketSchema,
  sla: slaStateSchema,
  allowed_actions: z.array(customerActionSchema),
  reopen_until: z.nullable(timestamp),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;

/**
 * Values of the `status` filter: `open` (every status but resolved and closed), `closed`
 * (resolved or closed, i.e. not open), or one status. The exact status `closed` alone is not a
 * filter value: `closed` always means the group.
 */
export const ticketStatusFilters = [
  'open',
  'closed',
  ...ticketStatuses.filter((status) => status !== 'closed'),
] as const;
export type TicketStatusFilter = (typeof ticketStatusFilters)[number];
export const ticketStatusFilterSchema = z.enum(ticketStatusFilters);

export const ticketScopes = ['mine', 'company'] as const;
export type TicketScope = (typeof ticketScopes)[number];

const ticketFilters = {
  status: z.optional(ticketStatusFilterSchema),
  category: z.optional(ticketSchema.shape.category),
  /** Free text searched in subject, description and number. */
  q: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
};

/** GET /v1/tickets query. `company` scope needs the tenant's company-visibility setting. */
export const listTicketsQuerySchema = z.extend(paginationQuerySchema, {
  scope: z._default(z.enum(ticketScopes), 'mine'),
  ...ticketFilters,
});
export type ListTicketsQuery = z.input<typeof listTicketsQuerySchema>;

export const ticketPageSchema = pageSchema(ticketSummarySchema);
export type TicketPage = z.infer<typeof ticketPageSchema>;

/** GET /v1/tickets/similar query: a draft subject, to warn about duplicates before sending. */
export const similarTicketsQuerySchema = z.object({
  q: z.string().check(z.minLength(3), z.maxLength(200)),
  limit: z._default(z.coerce.number<number | string>().check(z.int(), z.gte(1), z.lte(20)), 5),
});
export type SimilarTicketsQuery = z.input<typeof similarTicketsQuerySchema>;

/** The company's open tickets like the draft, best first; `score` is 0 (unrelated) to 1. */
export const similarTicketsResponseSchema = z.object({
  items: z
    .array(z.extend(ticketSummarySchema, { score: z.number().check(z.gte(0), z.lte(1)) }))
    .check(z.maxLength(20)),
});
export type SimilarTicketsResponse = z.infer<typeof similarTicketsResponseSchema>;

/** GET /v1/tickets/:id/messages: the public thread and the history, both oldest first. */
export const threadSchema = z.object({
  messages: z.array(messageSchema),
  events: z.array(ticketEventSchema),
});
export type Thread = z.infer<typeof threadSchema>;

/** POST /v1/tickets/:id/messages. A reply to a waiting ticket puts it back in progress. */
export const replyRequestSchema = z.object({
  body: messageSchema.shape.body.check(z.minLength(1)),
  attachments: attachmentIdsSchema,
});
export type ReplyRequest = z.infer<typeof replyRequestSchema>;

const comment = z.string().check(z.minLength(1), z.maxLength(2000));

/** POST /v1/tickets/:id/close. */
export const closeTicketRequestSchema = z.object({ comment: z.optional(comment) });
export type CloseTicketRequest = z.infer<typeof closeTicketRequestSchema>;

/** POST /v1/tickets/:id/reopen, within the tenant's reopen window after resolution. */
export const reopenTicketRequestSchema = z.object({ comment: z.optional(comment) });
export type ReopenTicketRequest = z.infer<typeof reopenTicketRequestSchema>;

/** POST /v1/tickets/:id/rating, once, after resolution. */
export const rateTicketRequestSchema = z.object({
  score: ratingSchema.shape.score,
  comment: z.optional(comment),
});
export type RateTicketRequest = z.infer<typeof rateTicketRequestSchema>;

// Agent API (/v1/agent/...): the support team's side, authenticated with an agent API key.

/** A ticket list line for agents: which company it comes from too. */
export const agentTicketSummarySchema = z.extend(ticketSummarySchema, {
  company_id: ticketSchema.shape.company_id,
});
export type AgentTicketSummary = z.infer<typeof agentTicketSummarySchema>;

/** GET /v1/agent/tickets query: every ticket of the tenant, optionally one company's. */
export const agentListTicketsQuerySchema = z.extend(paginationQuerySchema, {
  ...ticketFilters,
  company: z.optional(ticketSchema.shape.company_id),
});
export type AgentListTicketsQuery = z.input<typeof agentListTicketsQuerySchema>;

export const agentTicketPageSchema = pageSchema(agentTicketSummarySchema);
export type AgentTicketPage = z.infer<typeof agentTicketPageSchema>;

/** A ticket as an agent sees it. */
export const agentTicketDetailSchema = z.object({ ticket: ticketSchema, sla: slaStateSchema });
export type AgentTicketDetail = z.infer<typeof agentTicketDetailSchema>;

/** POST /v1/agent/tickets/:id/messages. `agent` is who signs the answer the customer reads. */
export const agentReplyRequestSchema = z.extend(replyRequestSchema, {
  agent: z.optional(z.object({ id, name: z.string().check(z.minLength(1), z.maxLength(200)) })),
});
export type AgentReplyRequest = z.infer<typeof agentReplyRequestSchema>;

/**
 * POST /v1/agent/tickets/:id/status. Resolving needs a reason; a `duplicate` reason needs the
 * ticket it duplicates. Whether the move itself is allowed is the lifecycle's decision.
 */
export const agentSetStatusRequestSchema = z
  .object({
    status: statusSchema,
    reason: z.optional(resolutionReasonSchema),
    duplicate_of: z.optional(id),
    comment: z.optional(comment),
  })
  .check(
    z.superRefine((value, context) => {
      if (value.status === 'resolved' && value.reason === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['reason'],
          message: 'A resolution needs a reason',
        });
      }
      if (value.reason === 'duplicate' && value.duplicate_of === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['duplicate_of'],
          message: 'A duplicate needs the ticket it duplicates',
        });
      }
      if (value.reason !== 'duplicate' && value.duplicate_of !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['duplicate_of'],
          message: 'duplicate_of goes only with the duplicate reason',
        });
      }
    }),
  );
export type AgentSetStatusRequest = z.infer<typeof agentSetStatusRequestSchema>;

/** POST /v1/agent/tickets/:id/rename. */
export const agentRenameRequestSchema = z.object({ subject: ticketSchema.shape.subject });
export type AgentRenameRequest = z.infer<typeof agentRenameRequestSchema>;

/**
 * POST /v1/agent/tickets/:id/merge: this ticket is merged into `into` (the one kept); the
 * answer is this ticket, now with `merged_into` set.
 */
export const agentMergeRequestSchema = z.object({ into: id });
export type AgentMergeRequest = z.infer<typeof agentMergeRequestSchema>;
