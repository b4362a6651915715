import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { findDemoUser, signAideToken } from '@aide/example-saas-host/backend';
import { createTestDatabase, startPostgres } from '@aide/server/test-support/postgres';
import autocannon from 'autocannon';
import { type ChildServer, startChildServer } from './children';
import { type Spread, spread } from './stats';

// Section 5: the reference server under load from autocannon, on SQLite and on PostgreSQL, next
// to a bare node:http server answering a constant JSON in the same run (the baseline). Each
// server runs in its own process; autocannon runs here.

export interface LoadOptions {
  connections: number;
  seconds: number;
  runs: number;
  /** Tenant sizes for the list-growth figure on SQLite. */
  sizes: readonly number[];
  /**
   * The same on PostgreSQL: inserting through the store costs ~ms per ticket there, so 100k
   * would take most of the bench's time budget by itself.
   */
  postgresSizes: readonly number[];
  /** Seconds per run of the list-growth figure. */
  growthSeconds: number;
}

export interface LoadFigure {
  engine: string;
  endpoint: string;
  rps: Spread;
  p50: Spread;
  p99: Spread;
  /** Non-2xx answers and socket errors over every run (must be 0 for the figure to count). */
  failures: number;
  /** Requests answered over every run. */
  requests: number;
}

export interface GrowthFigure {
  engine: string;
  tickets: number;
  rps: Spread;
  p50: Spread;
  p99: Spread;
  seedSeconds: number;
}

export interface LoadReport {
  baseline: LoadFigure;
  figures: LoadFigure[];
  growth: GrowthFigure[];
  postgresVersion: string | null;
  postgresError: string | null;
}

export type Endpoint = 'create-ticket' | 'list-tickets' | 'get-ticket';

/**
 * Runs autocannon `runs` times against one request shape; median, min and max of each figure.
 *
 * @example
 * const figure = await measure({ engine: 'SQLite', endpoint: 'list-tickets' }, { url, connections: 10, seconds: 5, runs: 3 }, requests);
 */
export async function measure(
  label: { engine: string; endpoint: string },
  options: { url: string; connections: number; seconds: number; runs: number },
  request: Parameters<typeof autocannon>[0]['requests'],
): Promise<LoadFigure> {
  const rps: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  let failures = 0;
  let requests = 0;
  for (let run = 0; run < options.runs; run++) {
    const result = await autocannon({
      url: options.url,
      connections: options.connections,
      duration: options.seconds,
      ...(request === undefined ? {} : { requests: request }),
    });
    rps.push(result.requests.average);
    p50.push(result.latency.p50);
    p99.push(result.latency.p99);
    failures += result.non2xx + result.errors + result.timeouts;
    requests += result.requests.total;
  }
  return { ...label, rps: spread(rps), p50: spread(p50), p99: spread(p99), failures, requests };
}

/**
 * What autocannon sends for an endpoint, as the demo's Ada (a fresh Idempotency-Key per create).
 *
 * @example
 * const requests = requestsFor('create-ticket', token, ticketId);
 */
export function requestsFor(
  endpoint: Endpoint,
  token: string,
  ticketId: string,
): NonNullable<Parameters<typeof autocannon>[0]['requests']> {
  const auth = { authorization: `Bearer ${token}` };
  switch (endpoint) {
    case 'create-ticket': {
      const body = JSON.stringify({
        category: 'general.question',
        subject: 'Export CSV des candidats vide',
        description: "L'export ne contient que l'en-tête.",
        priority: 'normal',
        fields: {},
        attachments: [],
        consent: { accepted: true, text_version: '2026-01' },
        share_with_account_manager: false,
        context: { route: '/candidates', locale: 'fr' },
      });
      return [
        {
          method: 'POST',
          path: '/v1/tickets',
          body,
          // A fresh key per request: a repeated key would be an idempotent replay, not a create.
          setupRequest: (request) => ({
            ...request,
            headers: {
              ...auth,
              'content-type': 'application/json',
              'idempotency-key': randomUUID(),
            },
          }),
        },
      ];
    }
    case 'list-tickets':
      return [{ method: 'GET', path: '/v1/tickets?scope=company&limit=20', headers: auth }];
    case 'get-ticket':
      return [{ method: 'GET', path: `/v1/tickets/${ticketId}`, headers: auth }];
    default:
      return endpoint satisfies never;
  }
}

async function engineRun(
  engine: string,
  server: ChildServer,
  token: string,
  options: LoadOptions,
  figures: LoadFigure[],
  growth: GrowthFigure[],
  log: (line: string) => void,
): Promise<void> {
  const ticketId = server.ticketId ?? 'missing';
  const base = { url: server.url, connections: options.connections };
  for (const endpoint of ['get-ticket', 'list-tickets', 'create-ticket'] as const) {
    log(`  ${engine} ${endpoint}`);
    figures.push(
      await measure(
        { engine, endpoint },
        { ...base, seconds: options.seconds, runs: options.runs },
        requestsFor(endpoint, token, ticketId),
      ),
    );
  }
  for (const size of engine === 'PostgreSQL' ? options.postgresSizes : options.sizes) {
    const seedMs = await server.seed(size);
    log(`  ${engine} list with ${size} tickets (seeded in ${(seedMs / 1000).toFixed(1)} s)`);
    const figure = await measure(
      { engine, endpoint: 'list-tickets' },
      { ...base, seconds: options.growthSeconds, runs: options.runs },
      requestsFor('list-tickets', token, ticketId),
    );
    growth.push({
      engine,
      tickets: size,
      rps: figure.rps,
      p50: figure.p50,
      p99: figure.p99,
      seedSeconds: seedMs / 1000,
    });
  }
}

/**
 * Runs the whole server section.
 *
 * @example
 * const report = await runLoad({ connections: 10, seconds: 5, runs: 3, sizes: [1000], growthSeconds: 3 }, console.log);
 */
export async function runLoad(
  options: LoadOptions,
  log: (line: string) => void,
): Promise<LoadReport> {
  const ada = findDemoUser('ada');
  if (ada === undefined) {
    throw new Error('demo user ada is missing');
  }
  const token = await signAideToken(ada);
  const figures: LoadFigure[] = [];
  const growth: GrowthFigure[] = [];

  log('  bare node:http');
  const bare = await startChildServer('bare');
  let baseline: LoadFigure;
  try {
    baseline = await measure(
      { engine: 'node:http', endpoint: 'constant JSON' },
      {
        url: bare.url,
        connections: options.connections,
        seconds: options.seconds,
        runs: options.runs,
      },
      undefined,
    );
  } finally {
    await bare.stop();
  }

  const sqlite = await startChildServer('aide');
  try {
    await engineRun('SQLite', sqlite, token, options, figures, growth, log);
  } finally {
    await sqlite.stop();
  }

  let postgresVersion: string | null = null;
  let postgresError: string | null = null;
  let postgres: Awaited<ReturnType<typeof startPostgres>> | undefined;
  try {
    postgres = await startPostgres();
    const database = await createTestDatabase(postgres.url);
    postgresVersion = postgresMajor();
    const server = await startChildServer('aide', { BENCH_DATABASE_URL: database.url });
    try {
      await engineRun('PostgreSQL', server, token, options, figures, growth, log);
    } finally {
      await server.stop();
      await database.drop();
    }
  } catch (error) {
    postgresError = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    log(`  PostgreSQL skipped: ${postgresError}`);
  } finally {
    await postgres?.stop();
  }
  return { baseline, figures, growth, postgresVersion, postgresError };
}

/** The PostgreSQL major version the harness starts (Debian's newest under /usr/lib/postgresql). */
function postgresMajor(): string | null {
  if (process.env.AIDE_DATABASE_URL) {
    return 'external (AIDE_DATABASE_URL)';
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).toSorted((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ?? null;
}
