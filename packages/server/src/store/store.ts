import type { Message, Ticket, TicketEvent, TicketStatus } from '@aide/core';

// The one storage interface of the server. Two engines implement it (sqlite.ts, postgres.ts) and
// pass the same suite (store-suite.ts). Everything is async so that both engines look the same
// to callers, even though better-sqlite3 itself is synchronous.
//
// Timestamps are `Date` in parameters and ISO strings inside the core documents (Ticket,
// Message, TicketEvent), as in the API.

/** A ticket as stored: the core document plus the version used for optimistic updates. */
export interface StoredTicket {
  ticket: Ticket;
  /** Starts at 1, incremented by every successful update. */
  version: number;
}

/** A ticket before the store gives it its per-tenant number. */
export type NewTicket = Omit<Ticket, 'number'>;

export interface TicketFilter {
  tenantId: string;
  companyId?: string;
  requesterId?: string;
  /**
   * Tickets this user filed or takes part in (a `participant` entry: added by a merge or a
   * reply). Agent entries do not count. Give `companyId` too: a user id means one person only
   * within a company.
   */
  memberId?: string;
  /** Any of these statuses; omitted or empty means every status. */
  statuses?: readonly TicketStatus[];
  category?: string;
  /**
   * Free text matched against subject and description, case- and accent-insensitive; every word
   * must appear (as a substring) somewhere in the ticket.
   */
  q?: string;
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string;
  /** 1..100, default 20. */
  limit?: number;
}

export interface TicketPage {
  /** Ordered by last_activity_at descending, then id descending. */
  items: Ticket[];
  /** null on the last page. */
  nextCursor: string | null;
}

/** What the duplicate check needs to know about each open ticket of a company. */
export interface SimilarityCandidate {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
}

/** Metadata of an uploaded file; the bytes live on disk under `storageKey` (HTTP layer's job). */
export interface AttachmentRecord {
  id: string;
  tenantId: string;
  /** Who uploaded it: `uploaderOf(user)` (a user within their company) or `agent:<name>`. */
  uploaderId: string;
  name: string;
  size: number;
  /** Sniffed MIME type. */
  type: string;
  /** Safe generated storage name, never derived from the user's file name. */
  storageKey: string;
  ticketId: string | null;
  messageId: string | null;
  createdAt: Date;
}

export interface AttachmentUsage {
  count: number;
  bytes: number;
}

export interface IdempotencyScope {
  tenantId: string;
  userId: string;
  key: string;
}

export interface StoredResponse {
  status: number;
  /** The JSON body as sent, or null for an empty body. */
  body: unknown;
}

/**
 * What `beginIdempotency` found. `started`: this caller owns the key and must complete it (or
 * let its transaction roll back). Otherwise the record of an earlier request with that key:
 * compare `requestHash` with yours (different → 422), `in_progress` → 409, `completed` → replay.
 */
export type IdempotencyBegin =
  | { state: 'started' }
  | { state: 'in_progress'; requestHash: string; createdAt: Date }
  | { state: 'completed'; requestHash: string; response: StoredResponse; createdAt: Date };

/** A stored idempotency record: another request's, in progress or completed. */
export type IdempotencyRecord = Exclude<IdempotencyBegin, { state: 'started' }>;

/** A job runs at most once per due time; one row per (tenant, ticket, kind). */
export interface JobRecord {
  id: string;
  tenantId: string;
  ticketId: string;
  kind: string;
  dueAt: Date;
  attempts: number;
  lastError: string | null;
}

export interface ClaimOptions {
  now: Date;
  /** Who claims: only this owner may finish or fail the claimed rows. */
  owner: string;
  /** How long the claim holds before another instance may take the row again. */
  leaseMs: number;
  limit?: number;
}

export type NotificationKind =
  | 'ticket_received'
  | 'agent_replied'
  | 'waiting_for_reply'
  | 'waiting_reminder'
  | 'resolved'
  | 'auto_resolved';

/**
 * What a notification template needs. Deliberately no subject, description or message text: an
 * e-mail says what happened and links to the ticket, nothing more.
 */
export interface NotificationData {
  ticketId: string;
  ticketNumber: number;
  /** For `resolved`: fixed, answered, declined, duplicate, no_response. */
  reason?: string;
  /** For `waiting_reminder`: 1 for the first reminder, 2 for the second... */
  reminder?: number;
  /** For `agent_replied`: the agent's display name. */
  actorName?: string;
}

export interface NewNotification {
  tenantId: string;
  ticketId: string;
  kind: NotificationKind;
  recipientEmail: string;
  recipientName: string;
  /** BCP 47 tag; templates fall back to English for unknown ones. */
  locale: string;
  data: NotificationData;
  /**
   * When set, a second enqueue with the same key (per tenant) is ignored: a safety net that
   * makes "one e-mail per event" hold even if a caller retries.
   */
  dedupeKey?: string;
  now: Date;
}

export interface NotificationRecord {
  id: string;
  tenantId: string;
  ticketId: string;
  kind: NotificationKind;
  recipientEmail: string;
  recipientName: string;
  locale: string;
  data: NotificationData;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Every operation; inside `transaction(fn)` they all run in that transaction. */
export interface StoreOperations {
  // Tickets
  /** Validates, allocates the tenant's next number (no gaps, no duplicates) and inserts. */
  insertTicket(ticket: NewTicket): Promise<StoredTicket>;
  /**
   * `forUpdate` locks the row until the transaction ends (PostgreSQL `FOR UPDATE`; SQLite
   * transactions are already exclusive). Only meaningful inside `transaction`.
   */
  getTicket(
    tenantId: string,
    id: string,
    options?: { forUpdate?: boolean },
  ): Promise<StoredTicket | null>;
  getTicketByNumber(tenantId: string, number: number): Promise<StoredTicket | null>;
  /**
   * Replaces the document if its version is still `expectedVersion`; throws
   * StoreError('version_conflict') otherwise, or StoreError('not_found').
   */
  updateTicket(ticket: Ticket, expectedVersion: number): Promise<StoredTicket>;
  listTickets(filter: TicketFilter): Promise<TicketPage>;
  /** Open tickets (not resolved nor closed) of one company, for the duplicate check. */
  listOpenTicketsForSimilarity(tenantId: string, companyId: string): Promise<SimilarityCandidate[]>;

  // Thread
  insertMessage(tenantId: string, message: Message): Promise<void>;
  /** Oldest first. */
  listMessages(tenantId: string, ticketId: string): Promise<Message[]>;
  insertEvent(tenantId: string, event: TicketEvent): Promise<void>;
  /** Oldest first. */
  listEvents(tenantId: string, ticketId: string): Promise<TicketEvent[]>;

  // Attachments (metadata only)
  insertAttachment(record: AttachmentRecord): Promise<void>;
  getAttachment(tenantId: string, id: string): Promise<AttachmentRecord | null>;
  /** Attaches an uploaded file to a ticket (and message); throws StoreError('not_found'). */
  linkAttachment(
    tenantId: string,
    id: string,
    link: { ticketId: string; messageId: string | null },
  ): Promise<void>;
  /** Files already linked to a ticket, for the per-ticket limits. */
  attachmentUsage(tenantId: string, ticketId: string): Promise<AttachmentUsage>;
  /** Uploads never linked to a ticket and created before `before` (abandoned), oldest first. */
  listUnlinkedAttachments(before: Date, limit: number): Promise<AttachmentRecord[]>;
  /** Forgets an attachment's metadata (the caller deletes the file); false when unknown. */
  deleteAttachment(tenantId: string, id: string): Promise<boolean>;

  // Idempotency (use inside the transaction of the write it protects)
  beginIdempotency(
    scope: IdempotencyScope,
    requestHash: string,
    now: Date,
  ): Promise<IdempotencyBegin>;
  /** The record of a key without taking it; null when unknown. */
  lookupIdempotency(scope: IdempotencyScope): Promise<IdempotencyRecord | null>;
  completeIdempotency(scope: IdempotencyScope, response: StoredResponse, now: Date): Promise<void>;
  /** Forgets an in-progress key (the request failed without a stored answer). */
  abandonIdempotency(scope: IdempotencyScope): Promise<void>;
  /** Deletes records created before `before` (callers keep at least 24 h); returns the count. */
  purgeIdempotency(before: Date): Promise<number>;

  // Jobs
  /** Creates or moves the (tenant, ticket, kind) job to `dueAt`, releasing any claim. */
  scheduleJob(job: {
    tenantId: string;
    ticketId: string;
    kind: string;
    dueAt: Date;
  }): Promise<void>;
  cancelJob(job: { tenantId: string; ticketId: string; kind: string }): Promise<void>;
  getJob(job: { tenantId: string; ticketId: string; kind: string }): Promise<JobRecord | null>;
  /**
   * Claims up to `limit` due jobs not claimed by anyone else (or whose lease expired). Safe with
   * several instances: FOR UPDATE SKIP LOCKED on PostgreSQL, BEGIN IMMEDIATE on SQLite.
   */
  claimDueJobs(options: ClaimOptions): Promise<JobRecord[]>;
  /**
   * Ends a claimed job: rescheduled at `nextDueAt`, or done when null. Returns false (and
   * changes nothing) when `owner` no longer holds the claim.
   */
  finishJob(id: string, owner: string, nextDueAt: Date | null): Promise<boolean>;
  /** Releases a claimed job for a retry at `retryAt`, counting the attempt. */
  failJob(id: string, owner: string, error: string, retryAt: Date): Promise<boolean>;

  // Notification outbox
  /** Enqueues (inside the business transaction); null when `dedupeKey` was already used. */
  enqueueNotification(notification: NewNotification): Promise<NotificationRecord | null>;
  /** Claims pending notifications whose retry time has come, with a lease. */
  claimNotifications(options: ClaimOptions): Promise<NotificationRecord[]>;
  markNotificationSent(id: string, owner: string, now: Date): Promise<boolean>;
  /** Counts a failed attempt: retried at `retryAt`, or given up (`failed`) when it is null. */
  markNotificationFailed(
    id: string,
    owner: string,
    error: string,
    retryAt: Date | null,
  ): Promise<boolean>;
  listNotifications(tenantId: string, ticketId: string): Promise<NotificationRecord[]>;
}

export type StoreDialect = 'sqlite' | 'postgres';

export interface Store extends StoreOperations {
  readonly dialect: StoreDialect;
  /**
   * Runs `fn` in one transaction and commits when it resolves, rolls back when it throws. Keep
   * it short: on SQLite it holds the database's write lock. Do not nest.
   *
   * @example
   * const created = await store.transaction(async (tx) => {
   *   const begun = await tx.beginIdempotency(scope, hash, now);
   *   if (begun.state !== 'started') return begun;
   *   const stored = await tx.insertTicket(draft);
   *   await tx.completeIdempotency(scope, { status: 201, body: stored.ticket }, now);
   *   return stored;
   * });
   */
  transaction<T>(fn: (tx: StoreOperations) => Promise<T>): Promise<T>;
  /** Versions of the migrations applied, ascending. */
  appliedMigrations(): Promise<number[]>;
  close(): Promise<void>;
}

export type StoreErrorCode =
  | 'version_conflict'
  | 'not_found'
  | 'duplicate'
  | 'busy'
  | 'invalid_record'
  | 'invalid_cursor'
  | 'invalid_config';

/** The one error type of the store, with a stable code. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Works across realms and bundled copies, unlike `instanceof`. */
export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'StoreError' &&
    (code === undefined || (error as { code?: unknown }).code === code)
  );
}

export interface OpenStoreOptions {
  /**
   * `postgres://…` or `postgresql://…` for PostgreSQL; `sqlite:<path>` for SQLite. When neither
   * `url` nor `sqlitePath` is given: SQLite at `.data/aide.sqlite` under the current directory.
   */
  url?: string;
  /** SQLite file (created with its directory); `:memory:` for a private in-memory database. */
  sqlitePath?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}
