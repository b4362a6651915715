import {
  type AgentListTicketsQuery,
  type AgentMergeRequest,
  type AgentRenameRequest,
  type AgentReplyRequest,
  type AgentSetStatusRequest,
  type CloseTicketRequest,
  type CreateTicketRequest,
  describeCatalog,
  type EndpointDefinition,
  type EndpointId,
  type ListTicketsQuery,
  type MeResponse,
  type RateTicketRequest,
  type ReopenTicketRequest,
  type ReplyRequest,
  type SimilarTicketsQuery,
  type Ticket,
} from '@aide/core';
import { createOpenApiDocument } from '@aide/core/openapi';
import type { Context } from 'hono';
import type { AppDeps } from '../app';
import { contentDisposition, type StagedFile } from '../attachments/files';
import { ApiError } from '../http/problem';
import type { AgentIdentity, UserIdentity } from '../identity/identity';
import type { Tenant } from '../services/tenants';
import { tenantConfigResponse } from '../services/tenants';
import {
  agentDetail,
  agentMerge,
  agentRename,
  agentReply,
  agentSetStatus,
  type CustomerDecision,
  canSee,
  createTicket,
  customerAnswer,
  customerDecision,
  customerEvents,
  customerReply,
  customerTicket,
  findByNumber,
  listPage,
  listTickets,
  summary,
  type TicketContext,
  ticketFilter,
  ticketForUser,
  uploaderOf,
} from '../services/tickets';
import { rankSimilar } from '../similar/similar';
import type { StoreOperations } from '../store/store';

export type Actor = { kind: 'user'; user: UserIdentity } | { kind: 'agent'; agent: AgentIdentity };

/** Work done before the transaction (writing an upload to disk), undone if it rolls back. */
export interface Prepared {
  staged: StagedFile;
  discard(): Promise<void>;
}

export interface HandlerInput {
  c: Context;
  deps: AppDeps;
  endpoint: EndpointDefinition;
  actor: Actor | null;
  tenant: Tenant | undefined;
  /** Validated with the endpoint's schemas (hence the casts to their types below). */
  params: Record<string, string>;
  query: unknown;
  body: unknown;
  upload: File | undefined;
  now: Date;
  /** The store, or the transaction of an idempotent POST. */
  db: StoreOperations;
  prepared: Prepared | undefined;
}

export interface HandlerResult {
  status?: number;
  body?: unknown;
  /** A raw response (downloads); never used by idempotent endpoints. */
  response?: Response;
}

export interface Handler {
  prepare?(input: Omit<HandlerInput, 'db' | 'prepared'>): Promise<Prepared>;
  run(input: HandlerInput): Promise<HandlerResult>;
}

function user(input: HandlerInput): UserIdentity {
  if (input.actor?.kind !== 'user') {
    throw new ApiError('unauthorized', 'Authentication required');
  }
  return input.actor.user;
}

function agent(input: HandlerInput): AgentIdentity {
  if (input.actor?.kind !== 'agent') {
    throw new ApiError('unauthorized', 'Authentication required');
  }
  return input.actor.agent;
}

function tenantOf(input: HandlerInput): Tenant {
  if (input.tenant === undefined) {
    throw new ApiError('unauthorized', 'Authentication required');
  }
  return input.tenant;
}

function ticketContext(input: HandlerInput): TicketContext {
  return { tenant: tenantOf(input), now: input.now, limits: input.deps.config.limits };
}

function agentActor(input: HandlerInput, signedAs?: { id: string; name: string }) {
  const identity = agent(input);
  return {
    id: signedAs?.id ?? `agent:${identity.name}`,
    name: signedAs?.name ?? identity.name,
    uploaderId: `agent:${identity.name}`,
  };
}

const uploadHandler = (
  ownerOf: (input: HandlerInput | Omit<HandlerInput, 'db' | 'prepared'>) => string,
): Handler => ({
  async prepare(input) {
    const tenant = input.tenant;
    if (tenant === undefined || input.upload === undefined) {
      throw new ApiError('validation_failed', 'No file');
    }
    // Resolved before writing anything, so that a refused identity never leaves a file behind.
    ownerOf(input);
    const staged = await input.deps.files.stage(
      tenant.id,
      input.upload,
      input.deps.config.limits.attachment_bytes,
    );
    return { staged, discard: staged.discard };
  },
  async run(input) {
    const staged = input.prepared?.staged;
    if (staged === undefined) {
      throw new ApiError('validation_failed', 'No file');
    }
    await input.db.insertAttachment({
      id: staged.id,
      tenantId: tenantOf(input).id,
      uploaderId: ownerOf(input),
      name: staged.attachment.name,
      size: staged.attachment.size,
      type: staged.attachment.type,
      storageKey: staged.storageKey,
      ticketId: null,
      messageId: null,
      createdAt: input.now,
    });
    return { body: staged.attachment };
  },
});

async function download(
  input: HandlerInput,
  allowed: (ticketId: string | null, uploaderId: string) => Promise<boolean>,
) {
  const tenant = tenantOf(input);
  const record = await input.db.getAttachment(tenant.id, input.params.id ?? '');
  if (record === null || !(await allowed(record.ticketId, record.uploaderId))) {
    throw new ApiError('not_found', 'Attachment not found');
  }
  const bytes = await input.deps.files.read(record);
  return {
    response: new Response(bytes, {
      status: 200,
      headers: {
        'Content-Type': record.type,
        'Content-Length': String(bytes.length),
        'Content-Disposition': contentDisposition(record.name),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    }),
  };
}

/** One handler per endpoint of core's registry (a missing one is a type error). */
/** Close, reopen and rate differ only in the decision they hand to the ticket service. */
function decisionHandler(decisionOf: (input: HandlerInput) => CustomerDecision): Handler {
  return {
    async run(input) {
      const body = await customerDecision(
        input.db,
        ticketContext(input),
        user(input),
        input.params.id ?? '',
        decisionOf(input),
      );
      return { body };
    },
  };
}

export const handlers: Record<EndpointId, Handler> = {
  health: {
    async run() {
      return { body: { status: 'ok' } };
    },
  },
  openApi: {
    async run(input) {
      const origin = new URL(input.c.req.url).origin;
      return { body: createOpenApiDocument({ serverUrl: origin }) };
    },
  },
  me: {
    async run(input) {
      const me = user(input);
      const tenant = tenantOf(input);
      const body: MeResponse = {
        user: { id: me.userId, name: me.name, email: me.email, role: me.role },
        company: { id: me.companyId, name: me.companyName },
        capabilities: {
          can_create_ticket: me.role === 'admin' || !tenant.config.only_admins_create,
          can_view_company_tickets: tenant.config.company_view,
        },
        administrators: input.deps.directory.administrators(tenant.id, me.companyId),
      };
      return { body };
    },
  },
  config: {
    async run(input) {
      user(input);
      return { body: tenantConfigResponse(tenantOf(input)) };
    },
  },
  categories: {
    async run(input) {
      user(input);
      return { body: { items: describeCatalog(tenantOf(input).catalog) } };
    },
  },
  createTicket: {
    async run(input) {
      const body = await createTicket(
        input.db,
        ticketContext(input),
        user(input),
        input.body as CreateTicketRequest,
      );
      return { body };
    },
  },
  listTickets: {
    async run(input) {
      const query = input.query as ListTicketsQuery & { scope: 'mine' | 'company'; limit: number };
      return { body: await listTickets(input.db, tenantOf(input), user(input), query) };
    },
  },
  similarTickets: {
    async run(input) {
      const me = user(input);
      const tenant = tenantOf(input);
      const query = input.query as Required<SimilarTicketsQuery> & { limit: number };
      const candidates = await input.db.listOpenTicketsForSimilarity(tenant.id, me.companyId);
      const ranked = rankSimilar(query.q, candidates, (candidate) => candidate.subject, 100);
      const items = [];
      for (const entry of ranked) {
        const stored = await input.db.getTicket(tenant.id, entry.item.id);
        if (stored !== null && canSee(me, tenant, stored.ticket)) {
          const shown = await customerTicket(input.db, me, stored.ticket);
          items.push({ ...summary(shown), score: Math.min(1, entry.score) });
        }
        if (items.length >= query.limit) {
          break;
        }
      }
      return { body: { items } };
    },
  },
  getTicket: {
    async run(input) {
      const me = user(input);
      const tenant = tenantOf(input);
      const stored = await ticketForUser(input.db, tenant, me, input.params.id ?? '');
      return { body: await customerAnswer(input.db, tenant, me, stored.ticket, input.now) };
    },
  },
  getThread: {
    async run(input) {
      const tenant = tenantOf(input);
      const me = user(input);
      const stored = await ticketForUser(input.db, tenant, me, input.params.id ?? '');
      const events = await input.db.listEvents(tenant.id, stored.ticket.id);
      return {
        body: {
          messages: await input.db.listMessages(tenant.id, stored.ticket.id),
          events: await customerEvents(input.db, me, events),
        },
      };
    },
  },
  reply: {
    async run(input) {
      const request = input.body as ReplyRequest;
      const body = await customerReply(
        input.db,
        ticketContext(input),
        user(input),
        input.params.id ?? '',
        request,
      );
      return { body };
    },
  },
  closeTicket: decisionHandler((input) => {
    const request = input.body as CloseTicketRequest;
    return { type: 'close', comment: request.comment };
  }),
  reopenTicket: decisionHandler((input) => {
    const request = input.body as ReopenTicketRequest;
    return { type: 'reopen', comment: request.comment };
  }),
  rateTicket: decisionHandler((input) => {
    const request = input.body as RateTicketRequest;
    return { type: 'rate', score: request.score, comment: request.comment };
  }),
  uploadAttachment: uploadHandler((input) => {
    if (input.actor?.kind !== 'user') {
      throw new ApiError('unauthorized', 'Authentication required');
    }
    return uploaderOf(input.actor.user);
  }),
  downloadAttachment: {
    async run(input) {
      const me = user(input);
      const tenant = tenantOf(input);
      return download(input, async (ticketId, uploaderId) => {
        if (ticketId === null) {
          return uploaderId === uploaderOf(me);
        }
        const stored = await input.db.getTicket(tenant.id, ticketId);
        return stored !== null && canSee(me, tenant, stored.ticket);
      });
    },
  },
  agentListTickets: {
    async run(input) {
      agent(input);
      const query = input.query as AgentListTicketsQuery & { limit: number };
      const filter = ticketFilter(tenantOf(input).id, query);
      if (query.company !== undefined) {
        filter.companyId = query.company;
      }
      const agentSummary = (ticket: Ticket) => ({
        ...summary(ticket),
        company_id: ticket.company_id,
      });
      const byNumber = await findByNumber(input.db, filter);
      if (byNumber !== undefined) {
        return { body: { items: byNumber.map(agentSummary), next_cursor: null } };
      }
      const page = await listPage(input.db, filter);
      return { body: { items: page.items.map(agentSummary), next_cursor: page.nextCursor } };
    },
  },
  agentGetTicket: {
    async run(input) {
      agent(input);
      const tenant = tenantOf(input);
      const stored = await input.db.getTicket(tenant.id, input.params.id ?? '');
      if (stored === null) {
        throw new ApiError('not_found', 'Ticket not found');
      }
      return { body: agentDetail(tenant, stored.ticket, input.now) };
    },
  },
  agentGetThread: {
    async run(input) {
      agent(input);
      const tenant = tenantOf(input);
      const stored = await input.db.getTicket(tenant.id, input.params.id ?? '');
      if (stored === null) {
        throw new ApiError('not_found', 'Ticket not found');
      }
      return {
        body: {
          messages: await input.db.listMessages(tenant.id, stored.ticket.id),
          events: await input.db.listEvents(tenant.id, stored.ticket.id),
        },
      };
    },
  },
  agentReply: {
    async run(input) {
      const request = input.body as AgentReplyRequest;
      const body = await agentReply(
        input.db,
        ticketContext(input),
        agentActor(input, request.agent),
        input.params.id ?? '',
        request,
      );
      return { body };
    },
  },
  agentSetStatus: {
    async run(input) {
      const body = await agentSetStatus(
        input.db,
        ticketContext(input),
        agentActor(input),
        input.params.id ?? '',
        input.body as AgentSetStatusRequest,
      );
      return { body };
    },
  },
  agentRenameTicket: {
    async run(input) {
      const request = input.body as AgentRenameRequest;
      const body = await agentRename(
        input.db,
        ticketContext(input),
        agentActor(input),
        input.params.id ?? '',
        request.subject,
      );
      return { body };
    },
  },
  agentMergeTicket: {
    async run(input) {
      const request = input.body as AgentMergeRequest;
      const body = await agentMerge(
        input.db,
        ticketContext(input),
        agentActor(input),
        input.params.id ?? '',
        request.into,
      );
      return { body };
    },
  },
  agentUploadAttachment: uploadHandler((input) => {
    if (input.actor?.kind !== 'agent') {
      throw new ApiError('unauthorized', 'Authentication required');
    }
    return `agent:${input.actor.agent.name}`;
  }),
  agentDownloadAttachment: {
    async run(input) {
      agent(input);
      return download(input, async () => true);
    },
  },
};
