import type { Message, Ticket, TicketEvent } from '@aide/core';
import type {
  AttachmentRecord,
  AttachmentUsage,
  ClaimOptions,
  IdempotencyBegin,
  IdempotencyRecord,
  IdempotencyScope,
  JobRecord,
  NewNotification,
  NewTicket,
  NotificationRecord,
  SimilarityCandidate,
  Store,
  StoreDialect,
  StoredResponse,
  StoredTicket,
  StoreOperations,
  TicketFilter,
  TicketPage,
} from './store';

type JobKey = { tenantId: string; ticketId: string; kind: string };

/**
 * What both engines share: every operation called outside `transaction` runs alone, writes in
 * their own short transaction (so an insert takes its number atomically), reads without one.
 */
export abstract class BaseStore implements Store {
  abstract readonly dialect: StoreDialect;
  abstract transaction<T>(fn: (tx: StoreOperations) => Promise<T>): Promise<T>;
  abstract appliedMigrations(): Promise<number[]>;
  abstract close(): Promise<void>;
  /** Runs a read-only operation outside any transaction. */
  protected abstract read<T>(fn: (ops: StoreOperations) => Promise<T>): Promise<T>;

  insertTicket(ticket: NewTicket): Promise<StoredTicket> {
    return this.transaction((tx) => tx.insertTicket(ticket));
  }
  getTicket(tenantId: string, id: string): Promise<StoredTicket | null> {
    // A row lock outside a transaction would be released at once: plain read.
    return this.read((ops) => ops.getTicket(tenantId, id));
  }
  getTicketByNumber(tenantId: string, number: number): Promise<StoredTicket | null> {
    return this.read((ops) => ops.getTicketByNumber(tenantId, number));
  }
  updateTicket(ticket: Ticket, expectedVersion: number): Promise<StoredTicket> {
    return this.transaction((tx) => tx.updateTicket(ticket, expectedVersion));
  }
  listTickets(filter: TicketFilter): Promise<TicketPage> {
    return this.read((ops) => ops.listTickets(filter));
  }
  listOpenTicketsForSimilarity(
    tenantId: string,
    companyId: string,
  ): Promise<SimilarityCandidate[]> {
    return this.read((ops) => ops.listOpenTicketsForSimilarity(tenantId, companyId));
  }
  insertMessage(tenantId: string, message: Message): Promise<void> {
    return this.transaction((tx) => tx.insertMessage(tenantId, message));
  }
  listMessages(tenantId: string, ticketId: string): Promise<Message[]> {
    return this.read((ops) => ops.listMessages(tenantId, ticketId));
  }
  insertEvent(tenantId: string, event: TicketEvent): Promise<void> {
    return this.transaction((tx) => tx.insertEvent(tenantId, event));
  }
  listEvents(tenantId: string, ticketId: string): Promise<TicketEvent[]> {
    return this.read((ops) => ops.listEvents(tenantId, ticketId));
  }
  insertAttachment(record: AttachmentRecord): Promise<void> {
    return this.transaction((tx) => tx.insertAttachment(record));
  }
  getAttachment(tenantId: string, id: string): Promise<AttachmentRecord | null> {
    return this.read((ops) => ops.getAttachment(tenantId, id));
  }
  linkAttachment(
    tenantId: string,
    id: string,
    link: { ticketId: string; messageId: string | null },
  ): Promise<void> {
    return this.transaction((tx) => tx.linkAttachment(tenantId, id, link));
  }
  attachmentUsage(tenantId: string, ticketId: string): Promise<AttachmentUsage> {
    return this.read((ops) => ops.attachmentUsage(tenantId, ticketId));
  }
  listUnlinkedAttachments(before: Date, limit: number): Promise<AttachmentRecord[]> {
    return this.read((ops) => ops.listUnlinkedAttachments(before, limit));
  }
  deleteAttachment(tenantId: string, id: string): Promise<boolean> {
    return this.transaction((tx) => tx.deleteAttachment(tenantId, id));
  }
  beginIdempotency(
    scope: IdempotencyScope,
    requestHash: string,
    now: Date,
  ): Promise<IdempotencyBegin> {
    return this.transaction((tx) => tx.beginIdempotency(scope, requestHash, now));
  }
  lookupIdempotency(scope: IdempotencyScope): Promise<IdempotencyRecord | null> {
    return this.read((ops) => ops.lookupIdempotency(scope));
  }
  completeIdempotency(scope: IdempotencyScope, response: StoredResponse, now: Date): Promise<void> {
    return this.transaction((tx) => tx.completeIdempotency(scope, response, now));
  }
  abandonIdempotency(scope: IdempotencyScope): Promise<void> {
    return this.transaction((tx) => tx.abandonIdempotency(scope));
  }
  purgeIdempotency(before: Date): Promise<number> {
    return this.transaction((tx) => tx.purgeIdempotency(before));
  }
  scheduleJob(job: JobKey & { dueAt: Date }): Promise<void> {
    return this.transaction((tx) => tx.scheduleJob(job));
  }
  cancelJob(job: JobKey): Promise<void> {
    return this.transaction((tx) => tx.cancelJob(job));
  }
  getJob(job: JobKey): Promise<JobRecord | null> {
    return this.read((ops) => ops.getJob(job));
  }
  claimDueJobs(options: ClaimOptions): Promise<JobRecord[]> {
    return this.transaction((tx) => tx.claimDueJobs(options));
  }
  finishJob(id: string, owner: string, nextDueAt: Date | null): Promise<boolean> {
    return this.transaction((tx) => tx.finishJob(id, owner, nextDueAt));
  }
  failJob(id: string, owner: string, error: string, retryAt: Date): Promise<boolean> {
    return this.transaction((tx) => tx.failJob(id, owner, error, retryAt));
  }
  enqueueNotification(notification: NewNotification): Promise<NotificationRecord | null> {
    return this.transaction((tx) => tx.enqueueNotification(notification));
  }
  claimNotifications(options: ClaimOptions): Promise<NotificationRecord[]> {
    return this.transaction((tx) => tx.claimNotifications(options));
  }
  markNotificationSent(id: string, owner: string, now: Date): Promise<boolean> {
    return this.transaction((tx) => tx.markNotificationSent(id, owner, now));
  }
  markNotificationFailed(
    id: string,
    owner: string,
    error: string,
    retryAt: Date | null,
  ): Promise<boolean> {
    return this.transaction((tx) => tx.markNotificationFailed(id, owner, error, retryAt));
  }
  listNotifications(tenantId: string, ticketId: string): Promise<NotificationRecord[]> {
    return this.read((ops) => ops.listNotifications(tenantId, ticketId));
  }
}
