import { messageSchema } from '../ticket/ticket';
import type { z } from '../zod';
import { categoriesResponseSchema, configResponseSchema, meResponseSchema } from './account';
import {
  attachmentParamsSchema,
  healthResponseSchema,
  openApiDocumentSchema,
  uploadedAttachmentSchema,
} from './system';
import {
  agentListTicketsQuerySchema,
  agentMergeRequestSchema,
  agentRenameRequestSchema,
  agentReplyRequestSchema,
  agentSetStatusRequestSchema,
  agentTicketDetailSchema,
  agentTicketPageSchema,
  closeTicketRequestSchema,
  createTicketRequestSchema,
  listTicketsQuerySchema,
  rateTicketRequestSchema,
  reopenTicketRequestSchema,
  replyRequestSchema,
  similarTicketsQuerySchema,
  similarTicketsResponseSchema,
  threadSchema,
  ticketDetailSchema,
  ticketPageSchema,
  ticketParamsSchema,
} from './tickets';

export type HttpMethod = 'GET' | 'POST';

/**
 * Who may call an endpoint:
 * - `user`: `Authorization: Bearer <host token>` (a JWT signed by the host backend);
 * - `agent`: `Authorization: Bearer <agent API key>`, accepted on `/v1/agent/*` only, and
 *   host tokens are never accepted there;
 * - `none`: public.
 */
export type EndpointAuth = 'user' | 'agent' | 'none';

export interface EndpointDefinition {
  /** Stable operation name, also the OpenAPI `operationId` and the client's method name. */
  readonly id: string;
  readonly method: HttpMethod;
  /** Hono-style path (`/v1/tickets/:id`). */
  readonly path: string;
  readonly auth: EndpointAuth;
  readonly summary: string;
  readonly tag: 'widget' | 'agent' | 'system';
  /** Path parameters, one per `:name` of the path. */
  readonly params?: z.ZodMiniObject;
  /** Query string; values arrive as strings, so numbers are coerced. */
  readonly query?: z.ZodMiniObject;
  /** JSON request body. */
  readonly body?: z.ZodMiniType;
  /** `multipart/form-data` body with one file in the field named `file`. */
  readonly upload?: true;
  /** JSON response body, or `binary` for a download. */
  readonly response: z.ZodMiniType | 'binary';
  /** Success status. */
  readonly status: 200 | 201;
  /** Needs an `Idempotency-Key` header: every POST does. */
  readonly idempotent?: true;
}

type Registry<T> = { readonly [K in keyof T]: T[K] & EndpointDefinition & { readonly id: K } };

function defineEndpoints<const T extends Record<string, EndpointDefinition>>(
  definitions: T & Registry<T>,
): Registry<T> {
  return definitions;
}

/**
 * Every endpoint of the API, described once. The server routes and validates from it, the
 * OpenAPI document is generated from it, and the client parses answers with it. Order matters
 * where paths overlap: `/v1/tickets/similar` comes before `/v1/tickets/:id`.
 */
export const endpoints = defineEndpoints({
  health: {
    id: 'health',
    method: 'GET',
    path: '/health',
    auth: 'none',
    summary: 'Liveness and storage check',
    tag: 'system',
    response: healthResponseSchema,
    status: 200,
  },
  openApi: {
    id: 'openApi',
    method: 'GET',
    path: '/v1/openapi.json',
    auth: 'none',
    summary: 'This OpenAPI 3.1 document',
    tag: 'system',
    response: openApiDocumentSchema,
    status: 200,
  },
  me: {
    id: 'me',
    method: 'GET',
    path: '/v1/me',
    auth: 'user',
    summary: 'The signed-in user, their company, capabilities and company administrators',
    tag: 'widget',
    response: meResponseSchema,
    status: 200,
  },
  config: {
    id: 'config',
    method: 'GET',
    path: '/v1/config',
    auth: 'user',
    summary: 'Docs and videos, enabled categories, SLA targets, support hours',
    tag: 'widget',
    response: configResponseSchema,
    status: 200,
  },
  categories: {
    id: 'categories',
    method: 'GET',
    path: '/v1/categories',
    auth: 'user',
    summary: 'The enabled categories with their fields and JSON Schema',
    tag: 'widget',
    response: categoriesResponseSchema,
    status: 200,
  },
  createTicket: {
    id: 'createTicket',
    method: 'POST',
    path: '/v1/tickets',
    auth: 'user',
    summary: 'File a ticket (administrators, unless the tenant allows every member)',
    tag: 'widget',
    body: createTicketRequestSchema,
    response: ticketDetailSchema,
    status: 201,
    idempotent: true,
  },
  listTickets: {
    id: 'listTickets',
    method: 'GET',
    path: '/v1/tickets',
    auth: 'user',
    summary: "The user's tickets, or their company's",
    tag: 'widget',
    query: listTicketsQuerySchema,
    response: ticketPageSchema,
    status: 200,
  },
  similarTickets: {
    id: 'similarTickets',
    method: 'GET',
    path: '/v1/tickets/similar',
    auth: 'user',
    summary: "The company's open tickets similar to a draft subject",
    tag: 'widget',
    query: similarTicketsQuerySchema,
    response: similarTicketsResponseSchema,
    status: 200,
  },
  getTicket: {
    id: 'getTicket',
    method: 'GET',
    path: '/v1/tickets/:id',
    auth: 'user',
    summary: 'One ticket with its SLA state and the actions this user may take',
    tag: 'widget',
    params: ticketParamsSchema,
    response: ticketDetailSchema,
    status: 200,
  },
  getThread: {
    id: 'getThread',
    method: 'GET',
    path: '/v1/tickets/:id/messages',
    auth: 'user',
    summary: 'Public thread and event history of a ticket',
    tag: 'widget',
    params: ticketParamsSchema,
    response: threadSchema,
    status: 200,
  },
  reply: {
    id: 'reply',
    method: 'POST',
    path: '/v1/tickets/:id/messages',
    auth: 'user',
    summary: 'Customer reply (resumes a ticket waiting on the customer)',
    tag: 'widget',
    params: ticketParamsSchema,
    body: replyRequestSchema,
    response: messageSchema,
    status: 201,
    idempotent: true,
  },
  closeTicket: {
    id: 'closeTicket',
    method: 'POST',
    path: '/v1/tickets/:id/close',
    auth: 'user',
    summary: 'Close a ticket, with an optional comment',
    tag: 'widget',
    params: ticketParamsSchema,
    body: closeTicketRequestSchema,
    response: ticketDetailSchema,
    status: 200,
    idempotent: true,
  },
  reopenTicket: {
    id: 'reopenTicket',
    method: 'POST',
    path: '/v1/tickets/:id/reopen',
    auth: 'user',
    summary: 'Reopen a resolved ticket within the reopen window',
    tag: 'widget',
    params: ticketParamsSchema,
    body: reopenTicketRequestSchema,
    response: ticketDetailSchema,
    status: 200,
    idempotent: true,
  },
  rateTicket: {
    id: 'rateTicket',
    method: 'POST',
    path: '/v1/tickets/:id/rating',
    auth: 'user',
    summary: 'Rate a resolved or closed ticket, once',
    tag: 'widget',
    params: ticketParamsSchema,
    body: rateTicketRequestSchema,
    response: ticketDetailSchema,
    status: 200,
    idempotent: true,
  },
  uploadAttachment: {
    id: 'uploadAttachment',
    method: 'POST',
    path: '/v1/attachments',
    auth: 'user',
    summary: 'Upload a file (multipart field `file`); its type is sniffed from the content',
    tag: 'widget',
    upload: true,
    response: uploadedAttachmentSchema,
    status: 201,
    idempotent: true,
  },
  downloadAttachment: {
    id: 'downloadAttachment',
    method: 'GET',
    path: '/v1/attachments/:id',
    auth: 'user',
    summary: 'Download a file (Content-Disposition: attachment, nosniff)',
    tag: 'widget',
    params: attachmentParamsSchema,
    response: 'binary',
    status: 200,
  },
  agentListTickets: {
    id: 'agentListTickets',
    method: 'GET',
    path: '/v1/agent/tickets',
    auth: 'agent',
    summary: 'Every ticket of the tenant, optionally of one company',
    tag: 'agent',
    query: agentListTicketsQuerySchema,
    response: agentTicketPageSchema,
    status: 200,
  },
  agentGetTicket: {
    id: 'agentGetTicket',
    method: 'GET',
    path: '/v1/agent/tickets/:id',
    auth: 'agent',
    summary: 'One ticket with its SLA state',
    tag: 'agent',
    params: ticketParamsSchema,
    response: agentTicketDetailSchema,
    status: 200,
  },
  agentGetThread: {
    id: 'agentGetThread',
    method: 'GET',
    path: '/v1/agent/tickets/:id/messages',
    auth: 'agent',
    summary: 'Thread and event history of a ticket',
    tag: 'agent',
    params: ticketParamsSchema,
    response: threadSchema,
    status: 200,
  },
  agentReply: {
    id: 'agentReply',
    method: 'POST',
    path: '/v1/agent/tickets/:id/messages',
    auth: 'agent',
    summary: 'Public answer to the customer',
    tag: 'agent',
    params: ticketParamsSchema,
    body: agentReplyRequestSchema,
    response: messageSchema,
    status: 201,
    idempotent: true,
  },
  agentSetStatus: {
    id: 'agentSetStatus',
    method: 'POST',
    path: '/v1/agent/tickets/:id/status',
    auth: 'agent',
    summary: 'Move a ticket to another status (with a reason when resolving)',
    tag: 'agent',
    params: ticketParamsSchema,
    body: agentSetStatusRequestSchema,
    response: agentTicketDetailSchema,
    status: 200,
    idempotent: true,
  },
  agentRenameTicket: {
    id: 'agentRenameTicket',
    method: 'POST',
    path: '/v1/agent/tickets/:id/rename',
    auth: 'agent',
    summary: 'Change the subject of a ticket',
    tag: 'agent',
    params: ticketParamsSchema,
    body: agentRenameRequestSchema,
    response: agentTicketDetailSchema,
    status: 200,
    idempotent: true,
  },
  agentMergeTicket: {
    id: 'agentMergeTicket',
    method: 'POST',
    path: '/v1/agent/tickets/:id/merge',
    auth: 'agent',
    summary: 'Merge this ticket into another one (the one kept)',
    tag: 'agent',
    params: ticketParamsSchema,
    body: agentMergeRequestSchema,
    response: agentTicketDetailSchema,
    status: 200,
    idempotent: true,
  },
  agentUploadAttachment: {
    id: 'agentUploadAttachment',
    method: 'POST',
    path: '/v1/agent/attachments',
    auth: 'agent',
    summary: 'Upload a file for an agent answer (multipart field `file`)',
    tag: 'agent',
    upload: true,
    response: uploadedAttachmentSchema,
    status: 201,
    idempotent: true,
  },
  agentDownloadAttachment: {
    id: 'agentDownloadAttachment',
    method: 'GET',
    path: '/v1/agent/attachments/:id',
    auth: 'agent',
    summary: 'Download any attachment of the tenant',
    tag: 'agent',
    params: attachmentParamsSchema,
    response: 'binary',
    status: 200,
  },
});

export type Endpoints = typeof endpoints;
export type EndpointId = keyof Endpoints;

/** The registry as a list, in routing order. */
export const endpointList: readonly EndpointDefinition[] = Object.values(endpoints);

type SchemaOf<E, K extends string> = E extends { readonly [P in K]: infer S extends z.ZodMiniType }
  ? S
  : never;

/** What a caller passes as the JSON body of an endpoint. */
export type EndpointBody<Id extends EndpointId> = z.input<SchemaOf<Endpoints[Id], 'body'>>;
/** What a caller passes as the query of an endpoint. */
export type EndpointQuery<Id extends EndpointId> = z.input<SchemaOf<Endpoints[Id], 'query'>>;
/** What a caller passes as path parameters. */
export type EndpointParams<Id extends EndpointId> = z.input<SchemaOf<Endpoints[Id], 'params'>>;
/** The parsed success answer of an endpoint (binary downloads are `Blob`s). */
export type EndpointResponse<Id extends EndpointId> =
  Endpoints[Id]['response'] extends z.ZodMiniType ? z.output<Endpoints[Id]['response']> : Blob;

/**
 * Fills the `:name` segments of an endpoint path, encoding each value.
 *
 * @example
 * endpointPath('/v1/tickets/:id/messages', { id: 't_1' }); // '/v1/tickets/t_1/messages'
 */
export function endpointPath(path: string, params: Readonly<Record<string, string>> = {}): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      throw new TypeError(`Missing path parameter "${name}" for ${path}`);
    }
    return encodeURIComponent(value);
  });
}
