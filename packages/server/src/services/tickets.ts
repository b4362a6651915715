import { randomFillSync } from 'node:crypto';
import {
  type AgentSetStatusRequest,
  type Attachment,
  type Author,
  allowedActions,
  type CreateTicketRequest,
  type CustomerAction,
  computeSla,
  type FieldMeta,
  filedTicketState,
  getCategory,
  isOpenStatus,
  type LifecycleEvent,
  type ListTicketsQuery,
  type Message,
  problemErrorsFromIssues,
  type Ticket,
  type TicketDetail,
  type TicketEvent,
  type TicketEventDraft,
  type TicketStatus,
  type TicketSummary,
  type TransitionErrorCode,
  ticketFormSchema,
  transition,
} from '@aide/core';
import type { Limits } from '../config/config';
import { compiled } from '../http/compiled';
import { idempotencyOwner } from '../http/idempotency';
import { ApiError } from '../http/problem';
import type { UserIdentity } from '../identity/identity';
import { syncWaitingJob } from '../jobs/sweep';
import {
  isStoreError,
  type NotificationData,
  type NotificationKind,
  type StoredTicket,
  type StoreOperations,
  type TicketFilter,
} from '../store/store';
import type { Tenant } from './tenants';

// The ticket service: every change goes through core's lifecycle (`transition`), is stored with
// its events in the caller's transaction, and enqueues notifications and jobs in that same
// transaction, so a change and its consequences are committed together or not at all.

// Random bytes from the CSPRNG, drawn 4 KB at a time and each used once: one call per 4 KB
// instead of one per id (which cost ~10 µs each, 3% of a ticket's create).
const idBytes = Buffer.alloc(4096);
let idBytesUsed = idBytes.length;

/** Opaque, unguessable ids for tickets, messages, events and attachments. */
export function newId(prefix: string): string {
  if (idBytesUsed + 12 > idBytes.length) {
    randomFillSync(idBytes);
    idBytesUsed = 0;
  }
  const id = idBytes.toString('base64url', idBytesUsed, idBytesUsed + 12);
  idBytesUsed += 12;
  return `${prefix}_${id}`;
}

/**
 * Whether a ticket is one of the user's own: they filed it, or take part in it (the requester of
 * a ticket merged into it, someone who replied). Agent entries are not customers: an agent's id
 * grants nothing to a user who signs the same id. The caller checks the tenant and company: a
 * user id means one person only within a company.
 *
 * @example
 * isMember(bob, keptTicket); // true once Bob's ticket was merged into it
 */
export function isMember(user: UserIdentity, ticket: Ticket): boolean {
  return isMemberId(user.userId, ticket);
}

/** `isMember` by user id alone, for filters that already hold the tenant and company. */
function isMemberId(userId: string, ticket: Ticket): boolean {
  return (
    ticket.requester.id === userId ||
    ticket.participants.some((person) => person.role === 'participant' && person.id === userId)
  );
}

/**
 * A user's view of tickets: where they may look, from verified claims only. Their company's
 * tickets they filed or take part in, and every ticket of their company when the tenant's
 * company view is on; never another company's, whoever its participants are.
 *
 * @example
 * canSee(bob, tenant, adaTicket); // false with company view off, until Bob takes part in it
 */
export function canSee(user: UserIdentity, tenant: Tenant, ticket: Ticket): boolean {
  if (ticket.tenant_id !== user.tenantId || ticket.company_id !== user.companyId) {
    return false;
  }
  return tenant.config.company_view || isMember(user, ticket);
}

/**
 * Who owns an upload until it is attached: the user within their company, as for idempotency
 * keys. A bare user id would let another company that signs the same id (or a user whose id
 * reads like an agent's) download or attach the file.
 *
 * @example
 * uploaderOf(user); // 'user/acme/ada'
 */
export function uploaderOf(user: UserIdentity): string {
  return idempotencyOwner(user);
}

/** Closing, reopening and rating belong to the requester and the company's administrators. */
function canDecide(user: UserIdentity, ticket: Ticket): boolean {
  return ticket.requester.id === user.userId || user.role === 'admin';
}

function customerAuthor(user: UserIdentity): Author {
  return { kind: 'customer', id: user.userId, name: user.name };
}

function notFound(): ApiError {
  return new ApiError('not_found', 'Ticket not found');
}

/** Loads a ticket the user may see, or answers 404 (never 403: existence is not disclosed). */
export async function ticketForUser(
  db: StoreOperations,
  tenant: Tenant,
  user: UserIdentity,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredTicket> {
  const stored = await db.getTicket(user.tenantId, id, options);
  if (stored === null || !canSee(user, tenant, stored.ticket)) {
    throw notFound();
  }
  return stored;
}

async function ticketForAgent(
  db: StoreOperations,
  tenant: Tenant,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredTicket> {
  const stored = await db.getTicket(tenant.id, id, options);
  if (stored === null) {
    throw notFound();
  }
  return stored;
}

function reopenUntil(tenant: Tenant, ticket: Ticket): string | null {
  if (ticket.status !== 'resolved' || ticket.resolved_at === null || ticket.merged_into !== null) {
    return null;
  }
  const until = Date.parse(ticket.resolved_at) + tenant.policy.reopenWindowDays * 86_400_000;
  return new Date(until).toISOString();
}

/** A ticket as its customer sees it: SLA state and the actions this user may take now. */
export function customerDetail(
  tenant: Tenant,
  user: UserIdentity,
  ticket: Ticket,
  now: Date,
): TicketDetail {
  const actions: CustomerAction[] = allowedActions(ticket, now, tenant.policy).filter(
    (action) => action === 'reply' || canDecide(user, ticket),
  );
  return {
    ticket,
    sla: computeSla(ticket, now, tenant.sla),
    allowed_actions: actions,
    reopen_until: reopenUntil(tenant, ticket),
  };
}

/**
 * The ids among `ids` that name no ticket of `user`'s company. Links between tickets are
 * checked when written (`linkedTicket`); this keeps answers to customers clean of links stored
 * before that check existed (merges and duplicates across companies were once accepted).
 */
async function foreignTicketIds(
  db: StoreOperations,
  user: UserIdentity,
  ids: readonly (string | null | undefined)[],
): Promise<Set<string>> {
  const foreign = new Set<string>();
  for (const id of new Set(ids)) {
    if (id === null || id === undefined) {
      continue;
    }
    const target = await db.getTicket(user.tenantId, id);
    if (target === null || target.ticket.company_id !== user.companyId) {
      foreign.add(id);
    }
  }
  return foreign;
}

function withoutForeignLinks(ticket: Ticket, foreign: ReadonlySet<string>): Ticket {
  const duplicateOf = ticket.resolution?.duplicate_of ?? null;
  const dropDuplicate = duplicateOf !== null && foreign.has(duplicateOf);
  const dropMerge = ticket.merged_into !== null && foreign.has(ticket.merged_into);
  if (!dropDuplicate && !dropMerge) {
    return ticket;
  }
  return {
    ...ticket,
    resolution:
      ticket.resolution === null || !dropDuplicate
        ? ticket.resolution
        : { ...ticket.resolution, duplicate_of: null },
    merged_into: dropMerge ? null : ticket.merged_into,
  };
}

/**
 * A ticket as `user` may be shown it: a link to a ticket of another company (the one it
 * duplicates, the one it was merged into) reads as no link at all. Agents see links as stored.
 *
 * @example
 * const shown = await customerTicket(db, user, stored.ticket);
 */
export async function customerTicket(
  db: StoreOperations,
  user: UserIdentity,
  ticket: Ticket,
): Promise<Ticket> {
  const foreign = await foreignTicketIds(db, user, [
    ticket.resolution?.duplicate_of,
    ticket.merged_into,
  ]);
  return withoutForeignLinks(ticket, foreign);
}

/**
 * A ticket's history as `user` may be shown it: a merge into another company's ticket (whose
 * number it would show) is left out, and a resolution naming such a ticket names none.
 *
 * @example
 * const events = await customerEvents(db, user, await db.listEvents(tenant.id, ticket.id));
 */
export async function customerEvents(
  db: StoreOperations,
  user: UserIdentity,
  events: readonly TicketEvent[],
): Promise<TicketEvent[]> {
  const linked = events.map((event) =>
    event.kind === 'merged'
      ? event.into
      : event.kind === 'status_changed'
        ? event.resolution?.duplicate_of
        : null,
  );
  const foreign = await foreignTicketIds(db, user, linked);
  if (foreign.size === 0) {
    return [...events];
  }
  return events.flatMap((event): TicketEvent[] => {
    if (event.kind === 'merged') {
      return foreign.has(event.into) ? [] : [event];
    }
    if (event.kind !== 'status_changed' || event.resolution === null) {
      return [event];
    }
    const duplicateOf = event.resolution.duplicate_of;
    return duplicateOf !== null && foreign.has(duplicateOf)
      ? [{ ...event, resolution: { ...event.resolution, duplicate_of: null } }]
      : [event];
  });
}

/**
 * `customerDetail` with the ticket as the user may be shown it (the actions are still those of
 * the stored ticket: a ticket merged away stays unreopenable even when its link is hidden).
 *
 * @example
 * return { body: await customerAnswer(db, tenant, user, stored.ticket, now) };
 */
export async function customerAnswer(
  db: StoreOperations,
  tenant: Tenant,
  user: UserIdentity,
  ticket: Ticket,
  now: Date,
): Promise<TicketDetail> {
  const detail = customerDetail(tenant, user, ticket, now);
  return { ...detail, ticket: await customerTicket(db, user, ticket) };
}

export function agentDetail(tenant: Tenant, ticket: Ticket, now: Date) {
  return { ticket, sla: computeSla(ticket, now, tenant.sla) };
}

export function summary(ticket: Ticket): TicketSummary {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    category: ticket.category,
    status: ticket.status,
    resolution: ticket.resolution,
    priority: ticket.priority,
    created_at: ticket.created_at,
    last_activity_at: ticket.last_activity_at,
    requester_name: ticket.requester.name,
  };
}

function transitionProblem(code: TransitionErrorCode, message: string): ApiError {
  switch (code) {
    case 'reopen_window_passed':
      return new ApiError('reopen_window_expired', 'The reopen window has passed', {
        detail: message,
      });
    case 'already_rated':
      return new ApiError('already_rated', 'This ticket was already rated', { detail: message });
    case 'not_allowed_for_actor':
      return new ApiError('forbidden', 'Not allowed', { detail: message });
    case 'subject_invalid':
    case 'comment_too_long':
    case 'duplicate_target_required':
    case 'duplicate_target_unexpected':
      return new ApiError('validation_failed', 'Invalid request', { detail: message });
    case 'not_allowed_in_status':
    case 'ticket_merged':
    case 'not_resolved_yet':
    case 'cannot_merge_into_itself':
    case 'merge_target_invalid':
    case 'subject_unchanged':
    case 'reminder_not_due':
    case 'reminder_already_sent':
    case 'auto_resolve_not_due':
      return new ApiError('invalid_transition', 'This action is not possible now', {
        detail: message,
      });
    default:
      return code satisfies never;
  }
}

/** Deps every operation needs besides the transaction. */
export interface TicketContext {
  tenant: Tenant;
  now: Date;
  limits: Limits;
}

async function saveTransition(
  tx: StoreOperations,
  stored: StoredTicket,
  event: LifecycleEvent,
  context: TicketContext,
): Promise<Ticket> {
  const result = transitionOrThrow(stored.ticket, event, context);
  let saved: StoredTicket;
  try {
    saved = await tx.updateTicket(result.ticket, stored.version);
  } catch (error) {
    if (isStoreError(error, 'version_conflict')) {
      throw new ApiError('conflict', 'The ticket changed meanwhile; retry');
    }
    throw error;
  }
  await recordEvents(tx, saved.ticket, result.events);
  await syncWaitingJob(tx, saved.ticket, context.tenant.policy);
  return saved.ticket;
}

function transitionOrThrow(ticket: Ticket, event: LifecycleEvent, context: TicketContext) {
  const result = transition(ticket, event, context.now, context.tenant.policy);
  if (!result.ok) {
    throw transitionProblem(result.error.code, result.error.message);
  }
  return result;
}

async function recordEvents(
  tx: StoreOperations,
  ticket: Ticket,
  events: readonly TicketEventDraft[],
): Promise<void> {
  for (const draft of events) {
    await tx.insertEvent(ticket.tenant_id, { ...draft, id: newId('evt'), ticket_id: ticket.id });
  }
}

async function notify(
  tx: StoreOperations,
  tenant: Tenant,
  ticket: Ticket,
  kind: NotificationKind,
  dedupeKey: string,
  now: Date,
  extra: Partial<NotificationData> = {},
): Promise<void> {
  const recipients = ticket.participants.filter(
    (person) => person.role !== 'agent' && person.email !== null,
  );
  for (const person of recipients) {
    await tx.enqueueNotification({
      tenantId: ticket.tenant_id,
      ticketId: ticket.id,
      kind,
      recipientEmail: person.email as string,
      recipientName: person.name,
      locale: ticket.context.locale ?? tenant.config.locale,
      data: { ticketId: ticket.id, ticketNumber: ticket.number, ...extra },
      dedupeKey: `${dedupeKey}:${person.id}`,
      now,
    });
  }
}

/**
 * Checks uploaded attachments before they are attached: each must be this uploader's, not yet
 * attached elsewhere, and the ticket's files must stay within the per-ticket limit.
 */
async function claimAttachments(
  tx: StoreOperations,
  tenantId: string,
  uploaderId: string,
  ids: readonly string[],
  ticketId: string | null,
  limits: Limits,
): Promise<Attachment[]> {
  const unique = [...new Set(ids)];
  const found: Attachment[] = [];
  let bytes = 0;
  for (const [index, id] of unique.entries()) {
    const record = await tx.getAttachment(tenantId, id);
    if (record === null || record.uploaderId !== uploaderId || record.ticketId !== null) {
      throw new ApiError('validation_failed', 'Invalid attachments', {
        errors: [{ path: `attachments.${index}`, message: 'Unknown or already attached file' }],
      });
    }
    bytes += record.size;
    found.push({ id: record.id, name: record.name, size: record.size, type: record.type });
  }
  const usage = ticketId === null ? { bytes: 0 } : await tx.attachmentUsage(tenantId, ticketId);
  if (usage.bytes + bytes > limits.ticket_attachment_bytes) {
    throw new ApiError('payload_too_large', 'Too many attachment bytes for one ticket', {
      detail: `A ticket holds at most ${limits.ticket_attachment_bytes} bytes of files.`,
    });
  }
  return found;
}

/** Whether a MIME type matches one of a field's `accept` entries (`image/png`, `image/*`). */
function accepts(accept: readonly string[], type: string): boolean {
  return accept.some((pattern) =>
    pattern.endsWith('/*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type,
  );
}

/**
 * A file field that names the types it takes (a screenshot takes images) gets only files whose
 * bytes are of those types: the widget's picker filters by name, the server by the sniffed type.
 */
function refuseUnacceptedFiles(
  fieldMetas: readonly FieldMeta[],
  values: Readonly<Record<string, unknown>>,
  attachments: readonly Attachment[],
): void {
  const errors: { path: string; message: string }[] = [];
  for (const field of fieldMetas) {
    const ids = values[field.name];
    if (field.kind !== 'attachments' || field.accept === undefined || !Array.isArray(ids)) {
      continue;
    }
    for (const [index, id] of ids.entries()) {
      const file = attachments.find((attachment) => attachment.id === id);
      if (file !== undefined && !accepts(field.accept, file.type)) {
        errors.push({
          path: `fields.${field.name}.${index}`,
          message: `A ${file.type} file is not accepted here (accepted: ${field.accept.join(', ')})`,
        });
      }
    }
  }
  if (errors.length > 0) {
    throw new ApiError('validation_failed', 'File type not accepted for this field', { errors });
  }
}

async function linkAll(
  tx: StoreOperations,
  tenantId: string,
  attachments: readonly Attachment[],
  ticketId: string,
  messageId: string | null,
): Promise<void> {
  for (const attachment of attachments) {
    await tx.linkAttachment(tenantId, attachment.id, { ticketId, messageId });
  }
}

/** POST /v1/tickets: validates the category's fields, numbers the ticket, records everything. */
export async function createTicket(
  tx: StoreOperations,
  context: TicketContext,
  user: UserIdentity,
  request: CreateTicketRequest,
): Promise<TicketDetail> {
  const { tenant, now } = context;
  if (tenant.config.only_admins_create && user.role !== 'admin') {
    throw new ApiError('forbidden', 'Only administrators can file tickets', {
      detail: 'Ask one of your company administrators (GET /v1/me) to file it.',
    });
  }
  const category = getCategory(tenant.catalog, request.category);
  if (category === undefined) {
    throw new ApiError('validation_failed', 'Unknown category', {
      errors: [{ path: 'category', message: 'Not a category enabled for this tenant' }],
    });
  }
  // The whole form goes through the category's form schema, the one the widget validates with,
  // so both sides accept the same forms and the ticket stores what that schema read (a subject
  // with blanks around it is stored without them, as the widget showed it).
  const form = compiled(ticketFormSchema(category)).safeParse(request);
  if (!form.success) {
    throw new ApiError('validation_failed', 'Invalid ticket form', {
      errors: problemErrorsFromIssues(form.error.issues),
    });
  }
  const fields = form.data.fields as Record<string, unknown>;
  // Files can also be category fields (a required screenshot): they are attached the same way.
  const fieldFiles = category.fields
    .filter((field) => field.kind === 'attachments')
    .flatMap((field) => {
      const value = fields[field.name];
      return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
    });
  const attachments = await claimAttachments(
    tx,
    tenant.id,
    uploaderOf(user),
    [...form.data.attachments, ...fieldFiles],
    null,
    context.limits,
  );
  refuseUnacceptedFiles(category.fields, fields, attachments);
  const at = now.toISOString();
  const requester = { id: user.userId, name: user.name, email: user.email };
  const draft: Omit<Ticket, 'number'> = {
    id: newId('tkt'),
    tenant_id: tenant.id,
    company_id: user.companyId,
    requester,
    category: category.key,
    subject: form.data.subject,
    fields,
    description: form.data.description,
    priority: form.data.priority,
    attachments,
    participants: [{ ...requester, role: 'requester' }],
    consent: { text_version: form.data.consent.text_version, granted_at: at },
    share_with_account_manager: form.data.share_with_account_manager,
    context: { ...form.data.context, locale: form.data.context.locale ?? user.locale ?? undefined },
    ...filedTicketState(at),
  };
  if (draft.context.locale === undefined) {
    delete draft.context.locale;
  }
  const stored = await tx.insertTicket(draft);
  const ticket = stored.ticket;
  await linkAll(tx, tenant.id, attachments, ticket.id, null);
  await tx.insertEvent(tenant.id, {
    id: newId('evt'),
    ticket_id: ticket.id,
    kind: 'created',
    at,
    actor: customerAuthor(user),
  });
  await notify(tx, tenant, ticket, 'ticket_received', `received:${ticket.id}`, now);
  return customerDetail(tenant, user, ticket, now);
}

function statusesFor(filter: ListTicketsQuery['status']): TicketStatus[] | undefined {
  if (filter === undefined) {
    return undefined;
  }
  if (filter === 'open') {
    return ['new', 'in_progress', 'escalated', 'waiting_on_customer', 'resolved_not_deployed'];
  }
  if (filter === 'closed') {
    return ['resolved', 'closed'];
  }
  return [filter];
}

/** Filters shared by the customer and agent lists. */
export function ticketFilter(
  tenantId: string,
  query: {
    status?: ListTicketsQuery['status'];
    category?: string | undefined;
    q?: string | undefined;
    cursor?: string | undefined;
    limit?: number | undefined;
  },
): TicketFilter {
  const filter: TicketFilter = { tenantId };
  const statuses = statusesFor(query.status);
  if (statuses !== undefined) {
    filter.statuses = statuses;
  }
  if (query.category !== undefined) {
    filter.category = query.category;
  }
  if (query.q !== undefined) {
    filter.q = query.q;
  }
  if (query.cursor !== undefined) {
    filter.cursor = query.cursor;
  }
  if (query.limit !== undefined) {
    filter.limit = query.limit;
  }
  return filter;
}

/**
 * A search for `42` or `#42` is a search for ticket number 42 (people quote the number from the
 * confirmation or an e-mail): the one ticket if it passes the filter, else nothing. Undefined
 * when the query is not a number.
 */
export async function findByNumber(
  db: StoreOperations,
  filter: TicketFilter,
): Promise<Ticket[] | undefined> {
  const match = filter.q === undefined ? null : /^#?(\d{1,9})$/.exec(filter.q.trim());
  if (match === null) {
    return undefined;
  }
  const stored = await db.getTicketByNumber(filter.tenantId, Number(match[1]));
  const ticket = stored?.ticket;
  if (
    ticket === undefined ||
    (filter.companyId !== undefined && ticket.company_id !== filter.companyId) ||
    (filter.requesterId !== undefined && ticket.requester.id !== filter.requesterId) ||
    (filter.memberId !== undefined && !isMemberId(filter.memberId, ticket)) ||
    (filter.category !== undefined && ticket.category !== filter.category) ||
    (filter.statuses !== undefined &&
      filter.statuses.length > 0 &&
      !filter.statuses.includes(ticket.status))
  ) {
    return [];
  }
  return [ticket];
}

/** Lists with an invalid cursor answer 400 on the `cursor` parameter. */
export async function listPage(db: StoreOperations, filter: TicketFilter) {
  try {
    return await db.listTickets(filter);
  } catch (error) {
    if (isStoreError(error, 'invalid_cursor')) {
      throw new ApiError('validation_failed', 'Invalid cursor', {
        errors: [{ path: 'query.cursor', message: 'Unknown or expired cursor' }],
      });
    }
    throw error;
  }
}

/** GET /v1/tickets. */
export async function listTickets(
  db: StoreOperations,
  tenant: Tenant,
  user: UserIdentity,
  query: { scope: 'mine' | 'company' } & Parameters<typeof ticketFilter>[1],
) {
  if (query.scope === 'company' && !tenant.config.company_view) {
    throw new ApiError('forbidden', 'Company tickets are not visible in this workspace');
  }
  const filter = ticketFilter(tenant.id, query);
  filter.companyId = user.companyId;
  if (query.scope === 'mine') {
    // Filed or taking part in (the list's "mine" is "tickets I filed or was added to").
    filter.memberId = user.userId;
  }
  const byNumber = await findByNumber(db, filter);
  if (byNumber !== undefined) {
    const visible = byNumber.filter((ticket) => canSee(user, tenant, ticket));
    return { items: await customerSummaries(db, user, visible), next_cursor: null };
  }
  const page = await listPage(db, filter);
  return { items: await customerSummaries(db, user, page.items), next_cursor: page.nextCursor };
}

async function customerSummaries(
  db: StoreOperations,
  user: UserIdentity,
  tickets: readonly Ticket[],
): Promise<TicketSummary[]> {
  const items: TicketSummary[] = [];
  for (const ticket of tickets) {
    items.push(summary(await customerTicket(db, user, ticket)));
  }
  return items;
}

/** POST /v1/tickets/:id/messages (customer). */
export async function customerReply(
  tx: StoreOperations,
  context: TicketContext,
  user: UserIdentity,
  id: string,
  request: { body: string; attachments: readonly string[] },
): Promise<Message> {
  const stored = await ticketForUser(tx, context.tenant, user, id, { forUpdate: true });
  const author = customerAuthor(user);
  const attachments = await claimAttachments(
    tx,
    context.tenant.id,
    uploaderOf(user),
    request.attachments,
    id,
    context.limits,
  );
  const withParticipant: StoredTicket = {
    ...stored,
    ticket: addParticipant(stored.ticket, {
      id: user.userId,
      name: user.name,
      email: user.email,
      role: 'participant',
    }),
  };
  await saveTransition(tx, withParticipant, { type: 'reply', actor: author }, context);
  const message = await addMessage(tx, stored.ticket, author, request.body, attachments, context);
  return message;
}

function addParticipant(ticket: Ticket, person: Ticket['participants'][number]): Ticket {
  if (
    ticket.participants.some((existing) => existing.id === person.id && existing.role !== 'agent')
  ) {
    return ticket;
  }
  return { ...ticket, participants: [...ticket.participants, person] };
}

async function addMessage(
  tx: StoreOperations,
  ticket: Ticket,
  author: Author,
  body: string,
  attachments: readonly Attachment[],
  context: TicketContext,
): Promise<Message> {
  const message: Message = {
    id: newId('msg'),
    ticket_id: ticket.id,
    author,
    body,
    attachments: [...attachments],
    created_at: context.now.toISOString(),
  };
  await tx.insertMessage(ticket.tenant_id, message);
  await linkAll(tx, ticket.tenant_id, attachments, ticket.id, message.id);
  return message;
}

export type CustomerDecision =
  | { type: 'close'; comment?: string | undefined }
  | { type: 'reopen'; comment?: string | undefined }
  | { type: 'rate'; score: 'good' | 'bad'; comment?: string | undefined };

/** POST close / reopen / rating: the requester or a company administrator. */
export async function customerDecision(
  tx: StoreOperations,
  context: TicketContext,
  user: UserIdentity,
  id: string,
  decision: CustomerDecision,
): Promise<TicketDetail> {
  const stored = await ticketForUser(tx, context.tenant, user, id, { forUpdate: true });
  if (!canDecide(user, stored.ticket)) {
    throw new ApiError('forbidden', 'Only the requester or an administrator can do this');
  }
  const actor = customerAuthor(user);
  const comment = decision.comment;
  const event: LifecycleEvent =
    decision.type === 'rate'
      ? comment === undefined
        ? { type: 'rate', score: decision.score, actor }
        : { type: 'rate', score: decision.score, comment, actor }
      : { type: decision.type, actor };
  const ticket = await saveTransition(tx, stored, event, context);
  if (comment !== undefined && decision.type !== 'rate') {
    await addMessage(tx, ticket, actor, comment, [], context);
  }
  return customerAnswer(tx, context.tenant, user, ticket, context.now);
}

// Agent side ---------------------------------------------------------------------------------

function agentAuthor(agent: { id: string; name: string }): Author {
  return { kind: 'agent', id: agent.id, name: agent.name };
}

/** POST /v1/agent/tickets/:id/messages. */
export async function agentReply(
  tx: StoreOperations,
  context: TicketContext,
  agent: { id: string; name: string; uploaderId: string },
  id: string,
  request: { body: string; attachments: readonly string[] },
): Promise<Message> {
  const stored = await ticketForAgent(tx, context.tenant, id, { forUpdate: true });
  const author = agentAuthor(agent);
  const attachments = await claimAttachments(
    tx,
    context.tenant.id,
    agent.uploaderId,
    request.attachments,
    id,
    context.limits,
  );
  const ticket = await saveTransition(tx, stored, { type: 'agent_reply', actor: author }, context);
  const message = await addMessage(tx, ticket, author, request.body, attachments, context);
  await notify(tx, context.tenant, ticket, 'agent_replied', `replied:${message.id}`, context.now, {
    actorName: agent.name,
  });
  return message;
}

/**
 * The ticket another one is about to name (the one it duplicates, the one it is merged into),
 * refused at `path` unless it exists and belongs to the same company. Its customers are shown
 * the link (and, for a merge, become participants of the kept ticket): a link across companies
 * would tell one company's users about another's ticket. Every link between tickets goes
 * through here, so they all follow one rule and answer with one problem.
 */
async function linkedTicket(
  tx: StoreOperations,
  from: Ticket,
  targetId: string,
  path: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredTicket> {
  const target = await tx.getTicket(from.tenant_id, targetId, options);
  if (target === null) {
    throw new ApiError('validation_failed', 'Unknown ticket', {
      errors: [{ path, message: 'No such ticket' }],
    });
  }
  if (target.ticket.company_id !== from.company_id) {
    throw new ApiError('validation_failed', 'The linked ticket belongs to another company', {
      errors: [{ path, message: 'Link only tickets of the same company' }],
    });
  }
  return target;
}

function statusEvent(request: AgentSetStatusRequest, actor: Author): LifecycleEvent {
  const status = request.status;
  switch (status) {
    case 'new':
      throw new ApiError('invalid_transition', 'A ticket cannot go back to new');
    case 'in_progress':
      return { type: 'take', actor };
    case 'escalated':
      return { type: 'escalate', actor };
    case 'waiting_on_customer':
      return { type: 'wait_for_customer', actor };
    case 'resolved_not_deployed':
      return { type: 'mark_resolved_not_deployed', actor };
    case 'resolved': {
      const reason = request.reason ?? 'fixed';
      return request.duplicate_of === undefined
        ? { type: 'resolve', reason, actor }
        : { type: 'resolve', reason, duplicate_of: request.duplicate_of, actor };
    }
    case 'closed':
      return { type: 'agent_close', actor };
    default:
      return status satisfies never;
  }
}

/** POST /v1/agent/tickets/:id/status. */
export async function agentSetStatus(
  tx: StoreOperations,
  context: TicketContext,
  agent: { id: string; name: string },
  id: string,
  request: AgentSetStatusRequest,
) {
  const stored = await ticketForAgent(tx, context.tenant, id, { forUpdate: true });
  if (request.duplicate_of !== undefined) {
    await linkedTicket(tx, stored.ticket, request.duplicate_of, 'duplicate_of');
  }
  const actor = agentAuthor(agent);
  const ticket = await saveTransition(tx, stored, statusEvent(request, actor), context);
  if (request.comment !== undefined) {
    await addMessage(tx, ticket, actor, request.comment, [], context);
  }
  await notifyStatus(tx, context, stored.ticket.status, ticket);
  return agentDetail(context.tenant, ticket, context.now);
}

async function notifyStatus(
  tx: StoreOperations,
  context: TicketContext,
  from: TicketStatus,
  ticket: Ticket,
): Promise<void> {
  if (from === ticket.status) {
    return;
  }
  if (ticket.status === 'waiting_on_customer' && ticket.waiting !== null) {
    await notify(
      tx,
      context.tenant,
      ticket,
      'waiting_for_reply',
      `waiting:${ticket.id}:${ticket.waiting.since}`,
      context.now,
    );
  }
  if (ticket.status === 'resolved' && ticket.resolution !== null) {
    await notify(
      tx,
      context.tenant,
      ticket,
      'resolved',
      `resolved:${ticket.id}:${ticket.resolved_at ?? context.now.toISOString()}`,
      context.now,
      { reason: ticket.resolution.reason },
    );
  }
}

/** POST /v1/agent/tickets/:id/rename. */
export async function agentRename(
  tx: StoreOperations,
  context: TicketContext,
  agent: { id: string; name: string },
  id: string,
  subject: string,
) {
  const stored = await ticketForAgent(tx, context.tenant, id, { forUpdate: true });
  const ticket = await saveTransition(
    tx,
    stored,
    { type: 'rename', subject, actor: agentAuthor(agent) },
    context,
  );
  return agentDetail(context.tenant, ticket, context.now);
}

/**
 * POST /v1/agent/tickets/:id/merge: the duplicate points to the kept ticket and is resolved
 * with reason duplicate; the kept ticket gains the duplicate's requester as a participant.
 */
export async function agentMerge(
  tx: StoreOperations,
  context: TicketContext,
  agent: { id: string; name: string },
  id: string,
  into: string,
) {
  const stored = await ticketForAgent(tx, context.tenant, id, { forUpdate: true });
  // The kept ticket also gains the merged one's requester as a participant: across companies,
  // that would show one company's person (and send their notifications) on the other's ticket.
  const target = await linkedTicket(tx, stored.ticket, into, 'into', { forUpdate: true });
  if (target.ticket.merged_into !== null || !isOpenStatus(target.ticket.status)) {
    if (target.ticket.id !== stored.ticket.id) {
      throw new ApiError('invalid_transition', 'Merge into an open ticket that was not merged');
    }
  }
  const actor = agentAuthor(agent);
  const ticket = await saveTransition(
    tx,
    stored,
    { type: 'merge', into: { id: target.ticket.id, number: target.ticket.number }, actor },
    context,
  );
  const requester = stored.ticket.requester;
  const kept = addParticipant(target.ticket, { ...requester, role: 'participant' });
  if (kept !== target.ticket) {
    await tx.updateTicket(
      { ...kept, updated_at: laterIso(kept.updated_at, context.now) },
      target.version,
    );
  }
  await notifyStatus(tx, context, stored.ticket.status, ticket);
  return agentDetail(context.tenant, ticket, context.now);
}

function laterIso(iso: string, now: Date): string {
  return Date.parse(iso) > now.getTime() ? iso : now.toISOString();
}
