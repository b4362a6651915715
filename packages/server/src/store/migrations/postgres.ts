import type { Migration } from './migration';

// Same shape as the SQLite history: JSONB documents with the columns filters and ordering need
// beside them, times as BIGINT epoch milliseconds. Applied under an advisory lock (postgres.ts).
export const postgresMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'tickets, thread, attachments, idempotency, jobs, outbox',
    sql: `
CREATE TABLE ticket_counters (
  tenant_id TEXT PRIMARY KEY,
  last_number INTEGER NOT NULL
);

CREATE TABLE tickets (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  number INTEGER NOT NULL,
  version INTEGER NOT NULL,
  company_id TEXT NOT NULL,
  requester_id TEXT NOT NULL,
  status TEXT NOT NULL,
  category TEXT NOT NULL,
  last_activity_ms BIGINT NOT NULL,
  search_text TEXT NOT NULL,
  doc JSONB NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, number)
);
CREATE INDEX tickets_by_activity ON tickets (tenant_id, last_activity_ms DESC, id DESC);
CREATE INDEX tickets_by_company ON tickets (tenant_id, company_id, last_activity_ms DESC, id DESC);
CREATE INDEX tickets_by_requester ON tickets (tenant_id, requester_id, last_activity_ms DESC, id DESC);

CREATE TABLE messages (
  seq BIGSERIAL PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  doc JSONB NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE INDEX messages_by_ticket ON messages (tenant_id, ticket_id, created_ms, seq);

CREATE TABLE ticket_events (
  seq BIGSERIAL PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  doc JSONB NOT NULL,
  UNIQUE (tenant_id, id)
);
CREATE INDEX ticket_events_by_ticket ON ticket_events (tenant_id, ticket_id, created_ms, seq);

CREATE TABLE attachments (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  uploader_id TEXT NOT NULL,
  name TEXT NOT NULL,
  size BIGINT NOT NULL,
  type TEXT NOT NULL,
  storage_key TEXT NOT NULL,
  ticket_id TEXT,
  message_id TEXT,
  created_ms BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX attachments_by_ticket ON attachments (tenant_id, ticket_id);

CREATE TABLE idempotency_keys (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  response_status INTEGER,
  response_body TEXT,
  created_ms BIGINT NOT NULL,
  completed_ms BIGINT,
  PRIMARY KEY (tenant_id, user_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_ms);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  due_ms BIGINT NOT NULL,
  done_ms BIGINT,
  locked_by TEXT,
  locked_until_ms BIGINT,
  attempts INTEGER NOT NULL,
  last_error TEXT,
  UNIQUE (tenant_id, ticket_id, kind)
);
CREATE INDEX jobs_due ON jobs (due_ms) WHERE done_ms IS NULL;

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  recipient_email TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  locale TEXT NOT NULL,
  data TEXT NOT NULL,
  dedupe_key TEXT,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_ms BIGINT NOT NULL,
  locked_by TEXT,
  locked_until_ms BIGINT,
  last_error TEXT,
  created_ms BIGINT NOT NULL,
  sent_ms BIGINT,
  UNIQUE (tenant_id, dedupe_key)
);
CREATE INDEX notifications_pending ON notifications (next_attempt_ms) WHERE status = 'pending';
CREATE INDEX notifications_by_ticket ON notifications (tenant_id, ticket_id, created_ms);
`,
  },
  {
    version: 2,
    name: 'index of uploads never linked to a ticket, for their clean-up',
    sql: 'CREATE INDEX attachments_unlinked ON attachments (created_ms) WHERE ticket_id IS NULL;',
  },
  {
    version: 3,
    name: 'who takes part in each ticket besides its requester, for the list of my tickets',
    // Kept in step with each document's participants by every ticket write; the primary key
    // serves "tickets this user was added to" within a tenant.
    sql: `
CREATE TABLE ticket_participants (
  tenant_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, user_id, ticket_id)
);
CREATE INDEX ticket_participants_by_ticket ON ticket_participants (tenant_id, ticket_id);
INSERT INTO ticket_participants (tenant_id, user_id, ticket_id)
SELECT tickets.tenant_id, person->>'id', tickets.id
FROM tickets, jsonb_array_elements(tickets.doc->'participants') AS person
WHERE person->>'role' = 'participant'
ON CONFLICT DO NOTHING;
`,
  },
];
