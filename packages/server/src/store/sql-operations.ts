import { randomUUID } from 'node:crypto';
import {
  isOpenStatus,
  type Message,
  messageSchema,
  type Ticket,
  type TicketEvent,
  type TicketStatus,
  ticketEventSchema,
  ticketSchema,
  ticketStatuses,
} from '@aide/core';
import type { z } from 'zod/mini';
import { compiled } from '../http/compiled';
import { normalizeSearchText, searchWords } from './search-text';
import {
  type AttachmentRecord,
  type AttachmentUsage,
  type ClaimOptions,
  type IdempotencyBegin,
  type IdempotencyRecord,
  type IdempotencyScope,
  type JobRecord,
  type NewNotification,
  type NewTicket,
  type NotificationData,
  type NotificationKind,
  type NotificationRecord,
  type SimilarityCandidate,
  type StoreDialect,
  type StoredResponse,
  type StoredTicket,
  StoreError,
  type StoreOperations,
  type TicketFilter,
  type TicketPage,
} from './store';

// One implementation of every operation in portable SQL (`?` placeholders, ON CONFLICT,
// RETURNING), run by each engine through its executor. What really differs between the engines
// (row locks, SKIP LOCKED, how a transaction starts) is in `dialect` checks here and in the
// engine files.

/** A database session: the connection inside a transaction, or the pool outside one. */
export interface SqlExecutor {
  readonly dialect: StoreDialect;
  all<Row>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export type SqlValue = string | number | null;

const defaultLimit = 20;
const maxLimit = 100;
const defaultClaimLimit = 50;

function ms(date: Date): number {
  const value = date.getTime();
  if (Number.isNaN(value)) {
    throw new StoreError('invalid_record', 'Invalid date');
  }
  return value;
}

function isoMs(iso: string): number {
  return ms(new Date(iso));
}

function parseDocument<Schema extends z.ZodMiniType>(
  schema: Schema,
  raw: unknown,
  what: string,
): z.infer<Schema> {
  const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  const parsed = compiled(schema).safeParse(value);
  if (!parsed.success) {
    throw new StoreError('invalid_record', `Stored ${what} does not match its schema`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function validate<Schema extends z.ZodMiniType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.infer<Schema> {
  const parsed = compiled(schema).safeParse(value);
  if (!parsed.success) {
    throw new StoreError('invalid_record', `Invalid ${what}: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function encodeCursor(activityMs: number, id: string): string {
  return Buffer.from(JSON.stringify([activityMs, id])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string'
    ) {
      return [value[0] as number, value[1]];
    }
  } catch {
    // Reported below with the same error as a well-formed but meaningless cursor.
  }
  throw new StoreError('invalid_cursor', 'The cursor is not one this server produced');
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (character) => `\\${character}`);
}

const openStatuses: readonly TicketStatus[] = ticketStatuses.filter(isOpenStatus);

/**
 * The WHERE conditions of a ticket list (all but `memberId`), on columns named with `prefix`
 * (`t.` when the tickets table is joined).
 */
function ticketConditions(
  filter: TicketFilter,
  cursor: [number, string] | undefined,
  prefix: '' | 't.',
): { sql: string; params: SqlValue[] } {
  const where = [`${prefix}tenant_id = ?`];
  const params: SqlValue[] = [filter.tenantId];
  if (filter.companyId !== undefined) {
    where.push(`${prefix}company_id = ?`);
    params.push(filter.companyId);
  }
  if (filter.requesterId !== undefined) {
    where.push(`${prefix}requester_id = ?`);
    params.push(filter.requesterId);
  }
  if (filter.statuses !== undefined && filter.statuses.length > 0) {
    where.push(`${prefix}status IN (${filter.statuses.map(() => '?').join(', ')})`);
    params.push(...filter.statuses);
  }
  if (filter.category !== undefined) {
    where.push(`${prefix}category = ?`);
    params.push(filter.category);
  }
  for (const word of searchWords(filter.q ?? '')) {
    where.push(`${prefix}search_text LIKE ? ESCAPE '\\'`);
    params.push(`%${escapeLike(word)}%`);
  }
  if (cursor !== undefined) {
    const [activityMs, id] = cursor;
    where.push(
      `(${prefix}last_activity_ms < ? OR (${prefix}last_activity_ms = ? AND ${prefix}id < ?))`,
    );
    params.push(activityMs, activityMs, id);
  }
  return { sql: where.join(' AND '), params };
}

interface TicketRow {
  doc: unknown;
  version: number;
}

interface AttachmentRow {
  id: string;
  tenant_id: string;
  uploader_id: string;
  name: string;
  size: number;
  type: string;
  storage_key: string;
  ticket_id: string | null;
  message_id: string | null;
  created_ms: number;
}

interface IdempotencyRow {
  request_hash: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: string | null;
  created_ms: number;
}

interface JobRow {
  id: string;
  tenant_id: string;
  ticket_id: string;
  kind: string;
  due_ms: number;
  attempts: number;
  last_error: string | null;
}

interface NotificationRow {
  id: string;
  tenant_id: string;
  ticket_id: string;
  kind: NotificationKind;
  recipient_email: string;
  recipient_name: string;
  locale: string;
  data: string;
  status: NotificationRecord['status'];
  attempts: number;
  last_error: string | null;
  created_ms: number;
  sent_ms: number | null;
}

function toStoredTicket(row: TicketRow): StoredTicket {
  return { ticket: parseDocument(ticketSchema, row.doc, 'ticket'), version: Number(row.version) };
}

function toAttachment(row: AttachmentRow): AttachmentRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    uploaderId: row.uploader_id,
    name: row.name,
    size: Number(row.size),
    type: row.type,
    storageKey: row.storage_key,
    ticketId: row.ticket_id,
    messageId: row.message_id,
    createdAt: new Date(Number(row.created_ms)),
  };
}

function toJob(row: JobRow): JobRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ticketId: row.ticket_id,
    kind: row.kind,
    dueAt: new Date(Number(row.due_ms)),
    attempts: Number(row.attempts),
    lastError: row.last_error,
  };
}

function toNotification(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ticketId: row.ticket_id,
    kind: row.kind,
    recipientEmail: row.recipient_email,
    recipientName: row.recipient_name,
    locale: row.locale,
    data: JSON.parse(row.data) as NotificationData,
    status: row.status,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    createdAt: new Date(Number(row.created_ms)),
    sentAt: row.sent_ms === null ? null : new Date(Number(row.sent_ms)),
  };
}

/** JSON of a document; refuses NUL characters, which PostgreSQL's JSONB cannot hold. */
function documentJson(document: unknown): string {
  return JSON.stringify(document, (key, value: unknown) => {
    if (key.includes('\0') || (typeof value === 'string' && value.includes('\0'))) {
      throw new StoreError('invalid_record', 'Text must not contain NUL (U+0000) characters');
    }
    return value;
  });
}

function ticketColumns(ticket: Ticket): SqlValue[] {
  return [
    ticket.company_id,
    ticket.requester.id,
    ticket.status,
    ticket.category,
    isoMs(ticket.last_activity_at),
    normalizeSearchText(`${ticket.subject} ${ticket.description}`),
    documentJson(ticket),
  ];
}

/**
 * PostgreSQL cannot store NUL characters in text, and fails the whole statement when a
 * parameter has one; SQLite would store them. So both engines refuse them the same way: writes
 * fail with `invalid_record`, and reads find nothing (no stored value can contain one).
 */
function refusingNul(db: SqlExecutor): SqlExecutor {
  const hasNul = (params: readonly SqlValue[] | undefined) =>
    params?.some((value) => typeof value === 'string' && value.includes('\0')) ?? false;
  const refuse = () =>
    new StoreError('invalid_record', 'Text must not contain NUL (U+0000) characters');
  return {
    dialect: db.dialect,
    async all<Row>(sql: string, params?: readonly SqlValue[]) {
      if (hasNul(params)) {
        if (/^\s*SELECT\b/i.test(sql)) {
          return [] as Row[];
        }
        throw refuse();
      }
      return db.all<Row>(sql, params);
    },
    async run(sql: string, params?: readonly SqlValue[]) {
      if (hasNul(params)) {
        throw refuse();
      }
      return db.run(sql, params);
    },
  };
}

export class SqlOperations implements StoreOperations {
  private readonly db: SqlExecutor;

  constructor(executor: SqlExecutor) {
    this.db = refusingNul(executor);
  }

  // Tickets

  async insertTicket(draft: NewTicket): Promise<StoredTicket> {
    // Validate before taking a number: a refused ticket must not consume one. Any positive
    // number stands in for the real one, so the document is validated once.
    const valid = validate(ticketSchema, { ...draft, number: 1 }, 'ticket');
    // The counter row is updated in the caller's transaction, so concurrent inserts queue on
    // its lock and a rolled-back insert gives its number back: no gap, no duplicate.
    const [counter] = await this.db.all<{ last_number: number }>(
      `INSERT INTO ticket_counters (tenant_id, last_number) VALUES (?, 1)
       ON CONFLICT (tenant_id) DO UPDATE SET last_number = ticket_counters.last_number + 1
       RETURNING last_number`,
      [draft.tenant_id],
    );
    const number = Number(counter?.last_number);
    if (!Number.isSafeInteger(number) || number < 1) {
      throw new StoreError('invalid_record', `Ticket counter of ${draft.tenant_id} is corrupt`);
    }
    const ticket: Ticket = { ...valid, number };
    try {
      await this.db.run(
        `INSERT INTO tickets (company_id, requester_id, status, category, last_activity_ms,
           search_text, doc, tenant_id, id, number, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
        [...ticketColumns(ticket), ticket.tenant_id, ticket.id, ticket.number],
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StoreError('duplicate', `Ticket ${ticket.id} already exists`, { cause: error });
      }
      throw error;
    }
    await this.syncParticipants(ticket);
    return { ticket, version: 1 };
  }

  /**
   * Keeps `ticket_participants` in step with the document's `participant` entries, in the
   * ticket write's transaction. The requester is found by `requester_id`; agent entries give no
   * access to the customer API, so neither is listed.
   */
  private async syncParticipants(ticket: Ticket): Promise<void> {
    const ids = [
      ...new Set(
        ticket.participants
          .filter((person) => person.role === 'participant')
          .map((person) => person.id),
      ),
    ];
    const kept = ids.length === 0 ? '' : ` AND user_id NOT IN (${ids.map(() => '?').join(', ')})`;
    await this.db.run(
      `DELETE FROM ticket_participants WHERE tenant_id = ? AND ticket_id = ?${kept}`,
      [ticket.tenant_id, ticket.id, ...ids],
    );
    if (ids.length > 0) {
      await this.db.run(
        `INSERT INTO ticket_participants (tenant_id, user_id, ticket_id)
         VALUES ${ids.map(() => '(?, ?, ?)').join(', ')}
         ON CONFLICT (tenant_id, user_id, ticket_id) DO NOTHING`,
        ids.flatMap((id) => [ticket.tenant_id, id, ticket.id]),
      );
    }
  }

  async getTicket(
    tenantId: string,
    id: string,
    options?: { forUpdate?: boolean },
  ): Promise<StoredTicket | null> {
    const lock = options?.forUpdate && this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await this.db.all<TicketRow>(
      `SELECT doc, version FROM tickets WHERE tenant_id = ? AND id = ?${lock}`,
      [tenantId, id],
    );
    return row ? toStoredTicket(row) : null;
  }

  async getTicketByNumber(tenantId: string, number: number): Promise<StoredTicket | null> {
    const [row] = await this.db.all<TicketRow>(
      'SELECT doc, version FROM tickets WHERE tenant_id = ? AND number = ?',
      [tenantId, number],
    );
    return row ? toStoredTicket(row) : null;
  }

  async updateTicket(ticket: Ticket, expectedVersion: number): Promise<StoredTicket> {
    const valid = validate(ticketSchema, ticket, 'ticket');
    const [row] = await this.db.all<{ version: number }>(
      `UPDATE tickets SET company_id = ?, requester_id = ?, status = ?, category = ?,
         last_activity_ms = ?, search_text = ?, doc = ?, version = version + 1
       WHERE tenant_id = ? AND id = ? AND number = ? AND version = ?
       RETURNING version`,
      [...ticketColumns(valid), valid.tenant_id, valid.id, valid.number, expectedVersion],
    );
    if (row) {
      await this.syncParticipants(valid);
      return { ticket: valid, version: Number(row.version) };
    }
    const current = await this.getTicket(valid.tenant_id, valid.id);
    if (!current) {
      throw new StoreError('not_found', `No ticket ${valid.id} in tenant ${valid.tenant_id}`);
    }
    if (current.ticket.number !== valid.number) {
      throw new StoreError('invalid_record', 'A ticket number cannot change');
    }
    throw new StoreError(
      'version_conflict',
      `Ticket ${valid.id} is at version ${current.version}, not ${expectedVersion}`,
    );
  }

  async listTickets(filter: TicketFilter): Promise<TicketPage> {
    const limit = filter.limit ?? defaultLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
      throw new StoreError('invalid_record', `limit must be an integer from 1 to ${maxLimit}`);
    }
    // Decoded first: a bad cursor is refused whichever query runs.
    const cursor = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    const order = `ORDER BY last_activity_ms DESC, id DESC LIMIT ?`;
    let rows: (TicketRow & { last_activity_ms: number; id: string })[];
    if (filter.memberId === undefined) {
      const on = ticketConditions(filter, cursor, '');
      rows = await this.db.all(
        `SELECT doc, version, last_activity_ms, id FROM tickets WHERE ${on.sql} ${order}`,
        [...on.params, limit + 1],
      );
    } else {
      // Filed by the member (tickets_by_requester), or named as a participant: read from the
      // participants' key and joined in that order (CROSS JOIN fixes it in SQLite), so the
      // list costs the member's own tickets, never a walk through their company's. Each half
      // is cut to a page before they are merged: otherwise PostgreSQL sorts every ticket the
      // member filed to keep the first page (51 ms a page at 10,000 tickets instead of 2).
      const filed = ticketConditions(filter, cursor, '');
      const joined = ticketConditions(filter, cursor, 't.');
      rows = await this.db.all(
        `SELECT doc, version, last_activity_ms, id FROM (
           SELECT doc, version, last_activity_ms, id FROM tickets
             WHERE ${filed.sql} AND requester_id = ?
             ${order}
         ) AS filed
         UNION ALL
         SELECT doc, version, last_activity_ms, id FROM (
           SELECT t.doc, t.version, t.last_activity_ms, t.id
             FROM ticket_participants p CROSS JOIN tickets t
             WHERE p.tenant_id = ? AND p.user_id = ? AND t.tenant_id = p.tenant_id
               AND t.id = p.ticket_id AND ${joined.sql} AND t.requester_id <> ?
             ORDER BY t.last_activity_ms DESC, t.id DESC LIMIT ?
         ) AS followed
         ${order}`,
        [
          ...filed.params,
          filter.memberId,
          limit + 1,
          filter.tenantId,
          filter.memberId,
          ...joined.params,
          filter.memberId,
          limit + 1,
          limit + 1,
        ],
      );
    }
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toStoredTicket(row).ticket),
      nextCursor:
        rows.length > limit && last ? encodeCursor(Number(last.last_activity_ms), last.id) : null,
    };
  }

  async listOpenTicketsForSimilarity(
    tenantId: string,
    companyId: string,
  ): Promise<SimilarityCandidate[]> {
    const rows = await this.db.all<{ doc: unknown }>(
      `SELECT doc FROM tickets WHERE tenant_id = ? AND company_id = ?
         AND status IN (${openStatuses.map(() => '?').join(', ')})
       ORDER BY last_activity_ms DESC, id DESC`,
      [tenantId, companyId, ...openStatuses],
    );
    return rows.map((row) => {
      const ticket = parseDocument(ticketSchema, row.doc, 'ticket');
      return {
        id: ticket.id,
        number: ticket.number,
        subject: ticket.subject,
        status: ticket.status,
      };
    });
  }

  // Thread

  async insertMessage(tenantId: string, message: Message): Promise<void> {
    const valid = validate(messageSchema, message, 'message');
    await this.insertThreadRow(
      'messages',
      tenantId,
      valid.id,
      valid.ticket_id,
      valid.created_at,
      valid,
    );
  }

  async listMessages(tenantId: string, ticketId: string): Promise<Message[]> {
    const rows = await this.listThreadRows('messages', tenantId, ticketId);
    return rows.map((row) => parseDocument(messageSchema, row.doc, 'message'));
  }

  async insertEvent(tenantId: string, event: TicketEvent): Promise<void> {
    const valid = validate(ticketEventSchema, event, 'event');
    await this.insertThreadRow(
      'ticket_events',
      tenantId,
      valid.id,
      valid.ticket_id,
      valid.at,
      valid,
    );
  }

  async listEvents(tenantId: string, ticketId: string): Promise<TicketEvent[]> {
    const rows = await this.listThreadRows('ticket_events', tenantId, ticketId);
    return rows.map((row) => parseDocument(ticketEventSchema, row.doc, 'event'));
  }

  private async insertThreadRow(
    table: 'messages' | 'ticket_events',
    tenantId: string,
    id: string,
    ticketId: string,
    at: string,
    document: unknown,
  ): Promise<void> {
    try {
      await this.db.run(
        `INSERT INTO ${table} (tenant_id, id, ticket_id, created_ms, doc) VALUES (?, ?, ?, ?, ?)`,
        [tenantId, id, ticketId, isoMs(at), documentJson(document)],
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StoreError('duplicate', `${table} row ${id} already exists`, { cause: error });
      }
      throw error;
    }
  }

  private listThreadRows(
    table: 'messages' | 'ticket_events',
    tenantId: string,
    ticketId: string,
  ): Promise<{ doc: unknown }[]> {
    return this.db.all<{ doc: unknown }>(
      `SELECT doc FROM ${table} WHERE tenant_id = ? AND ticket_id = ? ORDER BY created_ms, seq`,
      [tenantId, ticketId],
    );
  }

  // Attachments

  async insertAttachment(record: AttachmentRecord): Promise<void> {
    if (!Number.isSafeInteger(record.size) || record.size < 0) {
      throw new StoreError('invalid_record', 'Attachment size must be a non-negative integer');
    }
    try {
      await this.db.run(
        `INSERT INTO attachments (tenant_id, id, uploader_id, name, size, type, storage_key,
           ticket_id, message_id, created_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          record.tenantId,
          record.id,
          record.uploaderId,
          record.name,
          record.size,
          record.type,
          record.storageKey,
          record.ticketId,
          record.messageId,
          ms(record.createdAt),
        ],
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new StoreError('duplicate', `Attachment ${record.id} already exists`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async getAttachment(tenantId: string, id: string): Promise<AttachmentRecord | null> {
    const [row] = await this.db.all<AttachmentRow>(
      'SELECT * FROM attachments WHERE tenant_id = ? AND id = ?',
      [tenantId, id],
    );
    return row ? toAttachment(row) : null;
  }

  async linkAttachment(
    tenantId: string,
    id: string,
    link: { ticketId: string; messageId: string | null },
  ): Promise<void> {
    const changed = await this.db.run(
      'UPDATE attachments SET ticket_id = ?, message_id = ? WHERE tenant_id = ? AND id = ?',
      [link.ticketId, link.messageId, tenantId, id],
    );
    if (changed === 0) {
      throw new StoreError('not_found', `No attachment ${id} in tenant ${tenantId}`);
    }
  }

  async attachmentUsage(tenantId: string, ticketId: string): Promise<AttachmentUsage> {
    const [row] = await this.db.all<{ count: number; bytes: number | null }>(
      `SELECT COUNT(*) AS count, SUM(size) AS bytes FROM attachments
       WHERE tenant_id = ? AND ticket_id = ?`,
      [tenantId, ticketId],
    );
    return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  async listUnlinkedAttachments(before: Date, limit: number): Promise<AttachmentRecord[]> {
    const rows = await this.db.all<AttachmentRow>(
      `SELECT * FROM attachments WHERE ticket_id IS NULL AND created_ms < ?
       ORDER BY created_ms, id LIMIT ?`,
      [ms(before), Math.max(1, Math.min(limit, 1000))],
    );
    return rows.map(toAttachment);
  }

  async deleteAttachment(tenantId: string, id: string): Promise<boolean> {
    return (
      (await this.db.run('DELETE FROM attachments WHERE tenant_id = ? AND id = ?', [
        tenantId,
        id,
      ])) === 1
    );
  }

  // Idempotency

  async beginIdempotency(
    scope: IdempotencyScope,
    requestHash: string,
    now: Date,
  ): Promise<IdempotencyBegin> {
    // On PostgreSQL a concurrent transaction holding the same key makes this INSERT wait for
    // it, so a key used inside the write's transaction can never run twice.
    const inserted = await this.db.run(
      `INSERT INTO idempotency_keys (tenant_id, user_id, key, request_hash, state, created_ms)
       VALUES (?, ?, ?, ?, 'in_progress', ?)
       ON CONFLICT (tenant_id, user_id, key) DO NOTHING`,
      [scope.tenantId, scope.userId, scope.key, requestHash, ms(now)],
    );
    if (inserted === 1) {
      return { state: 'started' };
    }
    // Null when purged or abandoned between the two statements: then try again.
    return (await this.lookupIdempotency(scope)) ?? this.beginIdempotency(scope, requestHash, now);
  }

  async lookupIdempotency(scope: IdempotencyScope): Promise<IdempotencyRecord | null> {
    const [row] = await this.db.all<IdempotencyRow>(
      `SELECT request_hash, state, response_status, response_body, created_ms
       FROM idempotency_keys WHERE tenant_id = ? AND user_id = ? AND key = ?`,
      [scope.tenantId, scope.userId, scope.key],
    );
    if (!row) {
      return null;
    }
    const createdAt = new Date(Number(row.created_ms));
    if (row.state === 'in_progress') {
      return { state: 'in_progress', requestHash: row.request_hash, createdAt };
    }
    return {
      state: 'completed',
      requestHash: row.request_hash,
      createdAt,
      response: {
        status: Number(row.response_status),
        body: row.response_body === null ? null : JSON.parse(row.response_body),
      },
    };
  }

  async completeIdempotency(
    scope: IdempotencyScope,
    response: StoredResponse,
    now: Date,
  ): Promise<void> {
    const changed = await this.db.run(
      `UPDATE idempotency_keys SET state = 'completed', response_status = ?, response_body = ?,
         completed_ms = ?
       WHERE tenant_id = ? AND user_id = ? AND key = ? AND state = 'in_progress'`,
      [
        response.status,
        JSON.stringify(response.body ?? null),
        ms(now),
        scope.tenantId,
        scope.userId,
        scope.key,
      ],
    );
    if (changed === 0) {
      throw new StoreError('not_found', `No idempotency key ${scope.key} in progress`);
    }
  }

  async abandonIdempotency(scope: IdempotencyScope): Promise<void> {
    await this.db.run(
      `DELETE FROM idempotency_keys
       WHERE tenant_id = ? AND user_id = ? AND key = ? AND state = 'in_progress'`,
      [scope.tenantId, scope.userId, scope.key],
    );
  }

  purgeIdempotency(before: Date): Promise<number> {
    return this.db.run('DELETE FROM idempotency_keys WHERE created_ms < ?', [ms(before)]);
  }

  // Jobs

  async scheduleJob(job: {
    tenantId: string;
    ticketId: string;
    kind: string;
    dueAt: Date;
  }): Promise<void> {
    await this.db.run(
      `INSERT INTO jobs (id, tenant_id, ticket_id, kind, due_ms, done_ms, locked_by,
         locked_until_ms, attempts, last_error)
       VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, 0, NULL)
       ON CONFLICT (tenant_id, ticket_id, kind) DO UPDATE SET due_ms = excluded.due_ms,
         done_ms = NULL, locked_by = NULL, locked_until_ms = NULL, attempts = 0,
         last_error = NULL`,
      [randomUUID(), job.tenantId, job.ticketId, job.kind, ms(job.dueAt)],
    );
  }

  async cancelJob(job: { tenantId: string; ticketId: string; kind: string }): Promise<void> {
    await this.db.run('DELETE FROM jobs WHERE tenant_id = ? AND ticket_id = ? AND kind = ?', [
      job.tenantId,
      job.ticketId,
      job.kind,
    ]);
  }

  async getJob(job: {
    tenantId: string;
    ticketId: string;
    kind: string;
  }): Promise<JobRecord | null> {
    const [row] = await this.db.all<JobRow>(
      `SELECT * FROM jobs
       WHERE tenant_id = ? AND ticket_id = ? AND kind = ? AND done_ms IS NULL`,
      [job.tenantId, job.ticketId, job.kind],
    );
    return row ? toJob(row) : null;
  }

  async claimDueJobs(options: ClaimOptions): Promise<JobRecord[]> {
    const now = ms(options.now);
    const rows = await this.db.all<JobRow>(
      `UPDATE jobs SET locked_by = ?, locked_until_ms = ?
       WHERE id IN (
         SELECT id FROM jobs
         WHERE done_ms IS NULL AND due_ms <= ?
           AND (locked_until_ms IS NULL OR locked_until_ms <= ?)
         ORDER BY due_ms, id LIMIT ?${this.skipLocked()})
       RETURNING *`,
      [options.owner, now + options.leaseMs, now, now, options.limit ?? defaultClaimLimit],
    );
    return rows.map(toJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  async finishJob(id: string, owner: string, nextDueAt: Date | null): Promise<boolean> {
    const changed =
      nextDueAt === null
        ? await this.db.run(
            `UPDATE jobs SET done_ms = due_ms, locked_by = NULL, locked_until_ms = NULL
             WHERE id = ? AND locked_by = ? AND done_ms IS NULL`,
            [id, owner],
          )
        : await this.db.run(
            `UPDATE jobs SET due_ms = ?, locked_by = NULL, locked_until_ms = NULL, attempts = 0,
               last_error = NULL
             WHERE id = ? AND locked_by = ? AND done_ms IS NULL`,
            [ms(nextDueAt), id, owner],
          );
    return changed === 1;
  }

  async failJob(id: string, owner: string, error: string, retryAt: Date): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE jobs SET due_ms = ?, locked_by = NULL, locked_until_ms = NULL,
         attempts = attempts + 1, last_error = ?
       WHERE id = ? AND locked_by = ? AND done_ms IS NULL`,
      [ms(retryAt), error.slice(0, 2000), id, owner],
    );
    return changed === 1;
  }

  // Notification outbox

  async enqueueNotification(notification: NewNotification): Promise<NotificationRecord | null> {
    const now = ms(notification.now);
    const rows = await this.db.all<NotificationRow>(
      `INSERT INTO notifications (id, tenant_id, ticket_id, kind, recipient_email, recipient_name,
         locale, data, dedupe_key, status, attempts, next_attempt_ms, created_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
       ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
       RETURNING *`,
      [
        randomUUID(),
        notification.tenantId,
        notification.ticketId,
        notification.kind,
        notification.recipientEmail,
        notification.recipientName,
        notification.locale,
        JSON.stringify(notification.data),
        notification.dedupeKey ?? null,
        now,
        now,
      ],
    );
    const [row] = rows;
    return row ? toNotification(row) : null;
  }

  async claimNotifications(options: ClaimOptions): Promise<NotificationRecord[]> {
    const now = ms(options.now);
    const rows = await this.db.all<NotificationRow>(
      `UPDATE notifications SET locked_by = ?, locked_until_ms = ?
       WHERE id IN (
         SELECT id FROM notifications
         WHERE status = 'pending' AND next_attempt_ms <= ?
           AND (locked_until_ms IS NULL OR locked_until_ms <= ?)
         ORDER BY next_attempt_ms, id LIMIT ?${this.skipLocked()})
       RETURNING *`,
      [options.owner, now + options.leaseMs, now, now, options.limit ?? defaultClaimLimit],
    );
    return rows.map(toNotification).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async markNotificationSent(id: string, owner: string, now: Date): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE notifications SET status = 'sent', sent_ms = ?, attempts = attempts + 1,
         locked_by = NULL, locked_until_ms = NULL
       WHERE id = ? AND locked_by = ? AND status = 'pending'`,
      [ms(now), id, owner],
    );
    return changed === 1;
  }

  async markNotificationFailed(
    id: string,
    owner: string,
    error: string,
    retryAt: Date | null,
  ): Promise<boolean> {
    const changed = await this.db.run(
      `UPDATE notifications SET status = ?, next_attempt_ms = COALESCE(?, next_attempt_ms),
         attempts = attempts + 1, last_error = ?, locked_by = NULL, locked_until_ms = NULL
       WHERE id = ? AND locked_by = ? AND status = 'pending'`,
      [
        retryAt === null ? 'failed' : 'pending',
        retryAt === null ? null : ms(retryAt),
        error.slice(0, 2000),
        id,
        owner,
      ],
    );
    return changed === 1;
  }

  async listNotifications(tenantId: string, ticketId: string): Promise<NotificationRecord[]> {
    const rows = await this.db.all<NotificationRow>(
      `SELECT * FROM notifications WHERE tenant_id = ? AND ticket_id = ?
       ORDER BY created_ms, id`,
      [tenantId, ticketId],
    );
    return rows.map(toNotification);
  }

  /** Other instances' claims are skipped rather than waited for (PostgreSQL only). */
  private skipLocked(): string {
    return this.db.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
  }
}

/** SQLite's and PostgreSQL's way of saying a unique constraint refused a row. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) {
    return false;
  }
  const code = (error as { code?: unknown }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
