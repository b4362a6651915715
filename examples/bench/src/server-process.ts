import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDirectory,
  demoConfig,
  demoTenantId,
  parseConfig,
  seedDemo,
  startServer,
} from '@aide/server';
import { openStore, type Store } from '@aide/server/store';
import { draftTicket } from '@aide/server/test-support/tickets';
import pg from 'pg';
import type { ChildMessage, ParentMessage } from './messages';

// One server per child process, so that the load generator (autocannon, in the parent) and the
// server under test do not share an event loop. Modes:
//   bare      a node:http server answering a constant JSON: the baseline of every server ratio
//   aide      the reference server with the demo tenant (rate limits raised for load), over
//             SQLite (BENCH_DATABASE_URL unset) or PostgreSQL (BENCH_DATABASE_URL=postgres://…)
// The parent talks over IPC: 'ready' once listening, then { seed: total } → { seeded: total }.

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

async function bare(): Promise<void> {
  const body = JSON.stringify({ status: 'ok', items: [], next_cursor: null });
  const server = createServer((_request, response) => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    send({ type: 'ready', url: `http://127.0.0.1:${port}`, ticketId: null });
  });
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      server.closeAllConnections();
      server.close(() => process.exit(0));
    }
  });
}

/** Inserts bench tickets for Ada (acme) until the demo tenant holds `total` of them. */
async function seedTo(store: Store, from: number, total: number): Promise<void> {
  const base = Date.parse('2026-01-01T00:00:00Z');
  const batch = 2_000;
  for (let start = from; start < total; start += batch) {
    const end = Math.min(total, start + batch);
    await store.transaction(async (tx) => {
      for (let index = start; index < end; index++) {
        const at = new Date(base + index * 60_000).toISOString();
        await tx.insertTicket(
          draftTicket({
            tenant_id: demoTenantId,
            company_id: 'acme',
            requester: { id: 'ada', name: 'Ada Lovelace', email: 'ada@acme.test' },
            subject: `Ticket de charge ${index}`,
            created_at: at,
            updated_at: at,
            last_activity_at: at,
          }),
        );
      }
    });
  }
}

/**
 * Refreshes PostgreSQL's planner statistics after a bulk seed, as autovacuum does on a real
 * tenant within a minute of it growing. Measured right after inserting thousands of rows, the
 * planner would still believe the tenant holds a handful of tickets and sort them all for each
 * page (20 ms a page at 18,000 tickets instead of 2): a figure of this bench's haste, not of a
 * running server.
 */
async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

async function aide(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aide-bench-'));
  const url = process.env.BENCH_DATABASE_URL;
  const config = parseConfig({
    ...demoConfig(),
    port: 0,
    host: '127.0.0.1',
    data_dir: dataDir,
    // The defaults (120 requests per user per minute) exist to stop abuse; a load test from
    // one user would only measure the 429 path.
    limits: { user_per_minute: 10_000_000, tenant_per_minute: 10_000_000 },
  });
  const store = await openStore(
    url === undefined || url === '' ? { sqlitePath: join(dataDir, 'aide.sqlite') } : { url },
  );
  const directory = createDirectory();
  await seedDemo(store, config, directory, new Date());
  const server = await startServer({ config, store, directory });
  const page = await store.listTickets({ tenantId: demoTenantId, limit: 1 });
  let seeded = 0;
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'seed') {
      const started = performance.now();
      seedTo(store, seeded, message.total)
        .then(() => (url === undefined || url === '' ? undefined : analyze(url)))
        .then(() => {
          seeded = Math.max(seeded, message.total);
          send({ type: 'seeded', total: seeded, ms: performance.now() - started });
        })
        .catch((error: unknown) => send({ type: 'error', message: String(error) }));
    } else {
      void server
        .close()
        // Requests cut off by closeAllConnections may still be inside a handler.
        .then(() => new Promise((resolve) => setTimeout(resolve, 300)))
        .then(() => store.close())
        .then(() => rm(dataDir, { recursive: true, force: true }))
        .finally(() => process.exit(0));
    }
  });
  send({ type: 'ready', url: server.url, ticketId: page.items[0]?.id ?? null });
}

// A bench that dies (Ctrl-C, crash) closes the IPC channel: never outlive it.
process.on('disconnect', () => process.exit(0));

const mode = process.argv[2];
(mode === 'bare' ? bare() : aide()).catch((error: unknown) => {
  send({ type: 'error', message: String(error) });
  process.exit(1);
});
