import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type ServerConfigInput, startServer } from '@aide/server';
import type { Store } from '@aide/server/store';
import { postgresStores, sqliteStores } from '@aide/server/test-support/isolation';
import { startPostgres } from '@aide/server/test-support/postgres';
import { SignJWT } from 'jose';

// A real Aide server in this process (Hono over a real SQLite or PostgreSQL store) with two
// tenants, for the suites that drive the HTTP API directly: idempotency and rate limits.

export const tenantA = 'rel-tenant-a';
export const tenantB = 'rel-tenant-b';

const secrets: Record<string, string> = {
  [tenantA]: 'reliability-secret-a-0123456789',
  [tenantB]: 'reliability-secret-b-0123456789',
};

/** Agent API keys: two agents in tenant A (separate idempotency scopes), one in tenant B. */
export const agents = {
  supportA: { tenant: tenantA, name: 'Support A', key: 'reliability-agent-a-1' },
  supportA2: { tenant: tenantA, name: 'Support A2', key: 'reliability-agent-a-2' },
  supportB: { tenant: tenantB, name: 'Support B', key: 'reliability-agent-b-1' },
} as const;

export type AgentName = keyof typeof agents;

export interface Person {
  tenant: string;
  sub: string;
  company: string;
  role: 'admin' | 'member';
  name: string;
}

/**
 * Who calls. `adaAtGlobex` is Ada's user id signed for another company of the same tenant (a
 * host user serving several companies); `olga` has Ada's user and company ids in the other
 * tenant: only the tenant tells them apart.
 */
export const people = {
  ada: { tenant: tenantA, sub: 'ada', company: 'acme', role: 'admin', name: 'Ada Lovelace' },
  ana: { tenant: tenantA, sub: 'ana', company: 'acme', role: 'admin', name: 'Ana Acme' },
  gus: { tenant: tenantA, sub: 'gus', company: 'globex', role: 'admin', name: 'Gus Globex' },
  adaAtGlobex: {
    tenant: tenantA,
    sub: 'ada',
    company: 'globex',
    role: 'admin',
    name: 'Ada Lovelace',
  },
  olga: { tenant: tenantB, sub: 'ada', company: 'acme', role: 'admin', name: 'Olga Other' },
  tim: { tenant: tenantB, sub: 'tim', company: 'initech', role: 'admin', name: 'Tim Initech' },
} as const satisfies Record<string, Person>;

export type PersonName = keyof typeof people;

/**
 * A host token for `person`, signed as the tenant's backend would (HS256, 10 minutes).
 *
 * @example
 * const token = await hostToken(people.ada);
 */
export function hostToken(person: Person): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: `${person.sub}@${person.company}.test`,
    name: person.name,
    company: person.company,
    company_name: person.company,
    role: person.role,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(person.tenant)
    .setAudience('aide')
    .setSubject(person.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(secrets[person.tenant]));
}

export type Engine = 'SQLite' | 'PostgreSQL';

export interface OpenedStore {
  store: Store;
  dispose(): Promise<void>;
}

/**
 * Opens an empty store on `engine`: a SQLite file in a temporary directory, or a fresh database
 * on a throwaway PostgreSQL cluster (or AIDE_DATABASE_URL).
 *
 * @example
 * const { store, dispose } = await openEngine('PostgreSQL');
 */
export async function openEngine(engine: Engine): Promise<OpenedStore> {
  if (engine === 'SQLite') {
    return sqliteStores();
  }
  const postgres = await startPostgres();
  const opened = await postgresStores(() => postgres.url)();
  return {
    store: opened.store,
    async dispose() {
      await opened.dispose();
      await postgres.stop();
    },
  };
}

export interface InProcessServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the server on 127.0.0.1 and a free port, over `store`, with tenants A and B (HS256,
 * company view on) and the given limits.
 *
 * @example
 * const server = await startInProcessServer(store, { user_per_minute: 30 });
 * await fetch(`${server.url}/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
 */
export async function startInProcessServer(
  store: Store,
  limits: Partial<NonNullable<ServerConfigInput['limits']>> = {},
): Promise<InProcessServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aide-rel-data-'));
  const agentsOf = (tenant: string) =>
    Object.values(agents)
      .filter((agent) => agent.tenant === tenant)
      .map(({ name, key }) => ({ name, key }));
  const config = parseConfig({
    port: 0,
    host: '127.0.0.1',
    data_dir: dataDir,
    limits: {
      body_bytes: 64 * 1024,
      attachment_bytes: 100 * 1024,
      ticket_attachment_bytes: 250 * 1024,
      user_per_minute: 1_000_000,
      tenant_per_minute: 1_000_000,
      ...limits,
    },
    tenants: [tenantA, tenantB].map((id) => ({
      id,
      secret: secrets[id],
      agent_keys: agentsOf(id),
    })),
  });
  const running = await startServer({ config, store });
  return {
    url: running.url,
    async close() {
      await running.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid create-ticket body in the always-enabled `general.question` category. */
export function questionBody(subject: string) {
  return {
    category: 'general.question',
    subject,
    description: 'Le rapport mensuel ne se génère plus depuis hier.',
    priority: 'normal',
    fields: {},
    attachments: [] as string[],
    consent: { accepted: true, text_version: '2026-01' },
    share_with_account_manager: false,
    context: { route: '/reports', locale: 'fr' },
  } as const;
}
