import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CryptoKey, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { parseConfig, type ServerConfig, type ServerConfigInput } from '../config/config';
import { type RunningServer, startServer } from '../main';
import type { Store } from '../store/store';

// Test harness shared by the HTTP suites: a real server on 127.0.0.1 over a real store, tokens
// signed like a host backend would, and a clock the tests can move.

/** Opens a fresh, empty store; `dispose` closes and deletes it. */
export type StoreFactory = () => Promise<{ store: Store; dispose(): Promise<void> }>;

export const tenantA = 'acme-saas';
export const tenantB = 'other-saas';
export const secretA = 'tenant-a-secret-0123456789';
export const agentKeyA = 'agent-key-tenant-a';
export const agentKeyB = 'agent-key-tenant-b';

export interface Person {
  tenant: string;
  sub: string;
  name: string;
  email: string;
  company: string;
  company_name: string;
  role: 'admin' | 'member';
}

export const people = {
  ada: {
    tenant: tenantA,
    sub: 'ada',
    name: 'Ada Lovelace',
    email: 'ada@acme.test',
    company: 'acme',
    company_name: 'Acme SARL',
    role: 'admin',
  },
  bob: {
    tenant: tenantA,
    sub: 'bob',
    name: 'Bob Martin',
    email: 'bob@acme.test',
    company: 'acme',
    company_name: 'Acme SARL',
    role: 'member',
  },
  eve: {
    tenant: tenantA,
    sub: 'eve',
    name: 'Eve Durand',
    email: 'eve@globex.test',
    company: 'globex',
    company_name: 'Globex',
    role: 'member',
  },
  gus: {
    tenant: tenantA,
    sub: 'gus',
    name: 'Gus Globex',
    email: 'gus@globex.test',
    company: 'globex',
    company_name: 'Globex',
    role: 'admin',
  },
  // Same company id and user id as Ada, in another tenant: isolation must come from the tenant.
  olga: {
    tenant: tenantB,
    sub: 'ada',
    name: 'Olga Other',
    email: 'olga@other.test',
    company: 'acme',
    company_name: 'Acme (other tenant)',
    role: 'admin',
  },
  otto: {
    tenant: tenantB,
    sub: 'otto',
    name: 'Otto Other',
    email: 'otto@other.test',
    company: 'acme',
    company_name: 'Acme (other tenant)',
    role: 'member',
  },
  // Ada's user id again, in another company of the same tenant: whatever is keyed by user id
  // alone (uploads, idempotency records) must not cross the company line.
  adaAtGlobex: {
    tenant: tenantA,
    sub: 'ada',
    name: 'Ada Globex',
    email: 'ada@globex.test',
    company: 'globex',
    company_name: 'Globex',
    role: 'admin',
  },
  // A user id that reads like the uploader id of tenant A's agent ("agent:" + its name).
  agentLookalike: {
    tenant: tenantA,
    sub: 'agent:Support A',
    name: 'Mallory Lookalike',
    email: 'mallory@acme.test',
    company: 'acme',
    company_name: 'Acme SARL',
    role: 'admin',
  },
} as const satisfies Record<string, Person>;

export interface TestServer {
  url: string;
  store: Store;
  config: ServerConfig;
  /** Milliseconds since epoch of the server's clock; tests move it forward. */
  clock: { now: number };
  /** A host token as the tenant's backend would sign it. */
  token(person: Person, options?: TokenOptions): Promise<string>;
  /** The other tenant's ES256 public key as PEM (for algorithm-confusion tokens). */
  tenantBPublicPem: string;
  fetch(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export interface TokenOptions {
  audience?: string;
  /** Another `iss` than the person's tenant (the signing key stays the person's tenant's). */
  issuer?: string;
  /** `nbf` in seconds since epoch. */
  notBefore?: number;
  issuedAt?: number;
  expiresIn?: number;
  secret?: string;
  role?: string;
}

/**
 * Starts a server over a fresh store with two tenants: A (HS256, agent key A, company view on)
 * and B (ES256, agent key B).
 *
 * @example
 * const server = await startTestServer(sqliteFactory);
 * const response = await server.fetch('/v1/me', { headers: { Authorization: `Bearer ${await server.token(people.ada)}` } });
 */
export async function startTestServer(
  factory: StoreFactory,
  overrides: Partial<ServerConfigInput> = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aide-http-'));
  const { store, dispose } = await factory();
  const es = await generateKeyPair('ES256');
  const esPrivate: CryptoKey = es.privateKey;
  const tenantBPublicPem = await exportSPKI(es.publicKey);
  const config = parseConfig({
    port: 0,
    host: '127.0.0.1',
    data_dir: dataDir,
    limits: {
      body_bytes: 64 * 1024,
      attachment_bytes: 100 * 1024,
      ticket_attachment_bytes: 250 * 1024,
      user_per_minute: 100_000,
      tenant_per_minute: 1_000_000,
    },
    tenants: [
      {
        id: tenantA,
        secret: secretA,
        allowed_origins: ['http://localhost:*', 'https://app.acme-saas.test'],
        agent_keys: [{ name: 'Support A', key: agentKeyA }],
        docs: [
          {
            title: 'Importer des candidats',
            url: 'https://docs.example.com/candidats',
            kind: 'doc',
            routes: ['/candidates'],
          },
        ],
      },
      {
        id: tenantB,
        public_keys: [{ alg: 'ES256', pem: tenantBPublicPem }],
        allowed_origins: ['https://other.test'],
        agent_keys: [{ name: 'Support B', key: agentKeyB }],
      },
    ],
    ...overrides,
  });
  const clock = { now: Date.parse('2026-11-23T09:00:00Z') };
  const running: RunningServer = await startServer({
    config,
    store,
    now: () => new Date(clock.now),
  });

  async function token(person: Person, options: TokenOptions = {}): Promise<string> {
    const iat = options.issuedAt ?? Math.floor(clock.now / 1000);
    const jwt = new SignJWT({
      email: person.email,
      name: person.name,
      company: person.company,
      company_name: person.company_name,
      role: options.role ?? person.role,
    })
      .setSubject(person.sub)
      .setIssuer(options.issuer ?? person.tenant)
      .setAudience(options.audience ?? 'aide')
      .setIssuedAt(iat)
      .setExpirationTime(iat + (options.expiresIn ?? 600));
    if (options.notBefore !== undefined) {
      jwt.setNotBefore(options.notBefore);
    }
    if (person.tenant === tenantB && options.secret === undefined) {
      return jwt.setProtectedHeader({ alg: 'ES256' }).sign(esPrivate);
    }
    return jwt
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(options.secret ?? secretA));
  }

  return {
    url: running.url,
    store,
    config,
    clock,
    token,
    tenantBPublicPem,
    fetch(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (json !== undefined) {
        headers.set('Content-Type', 'application/json');
      }
      return fetch(`${running.url}${path}`, {
        ...rest,
        headers,
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
    },
    async close() {
      await running.close();
      await dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Headers of a call as `person` (a POST also gets a fresh Idempotency-Key). */
export function as(bearer: string, post = false): Record<string, string> {
  const headers: Record<string, string> = { Authorization: `Bearer ${bearer}` };
  if (post) {
    headers['Idempotency-Key'] = randomUUID();
  }
  return headers;
}

/** A valid create-ticket body for the always-enabled `general.question` category. */
export function questionBody(subject = 'Export CSV des candidats vide') {
  return {
    category: 'general.question',
    subject,
    description: "L'export ne contient que l'en-tête.",
    priority: 'normal',
    fields: {},
    attachments: [] as string[],
    consent: { accepted: true, text_version: '2026-01' },
    share_with_account_manager: false,
    context: { route: '/candidates', locale: 'fr' },
  };
}

/** The smallest valid PNG signature plus an IHDR start: enough for the sniffer. */
export const pngBytes = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

export function uploadForm(bytes: Uint8Array, name: string, type: string): FormData {
  const form = new FormData();
  // A copy: File wants bytes over an ArrayBuffer, whatever backs the caller's view.
  form.set('file', new File([new Uint8Array(bytes)], name, { type }));
  return form;
}
