import { randomUUID } from 'node:crypto';
import {
  agentTicketDetailSchema,
  type TicketStatus,
  ticketDetailSchema,
  ticketStatuses,
  uploadedAttachmentSchema,
} from '@aide/core';
import { generateKeyPair, SignJWT } from 'jose';
import {
  agentKeyA,
  agentKeyB,
  as,
  type Person,
  people,
  pngBytes,
  questionBody,
  secretA,
  type TestServer,
  tenantA,
  tenantB,
  uploadForm,
} from '../routes/harness';
import { draftTicket } from './tickets';

export {
  people,
  type StoreFactory,
  startTestServer,
  type TestServer,
  tenantA,
  tenantB,
} from '../routes/harness';
export { postgresStores, sqliteStores } from './stores';

// The isolation world shared by the server's authorization matrix and the reliability suite's
// fuzzed lists: who calls (every kind of actor, with credentials the server must accept or
// refuse), what exists (tickets of several companies and tenants in several statuses, files at
// every place a file can be), and how to tell that an answer shows something of another
// company. Every text a fixture writes carries its owner's scope marker, so a leak is a marker
// or an e-mail address of another scope found in a response body.

export type PersonName = keyof typeof people;

/** Who calls: a verified user, an agent API key, or credentials the server must refuse. */
export type Caller =
  | { kind: 'user'; person: PersonName }
  | { kind: 'agent'; tenant: string }
  | { kind: 'refused' };

const refused = { kind: 'refused' } as const;

/** Every actor of the matrix. */
export const actors = {
  admin: { kind: 'user', person: 'ada' },
  member: { kind: 'user', person: 'bob' },
  other_company_member: { kind: 'user', person: 'eve' },
  other_company_admin: { kind: 'user', person: 'gus' },
  same_user_id_other_company: { kind: 'user', person: 'adaAtGlobex' },
  user_id_like_agent: { kind: 'user', person: 'agentLookalike' },
  other_tenant_admin: { kind: 'user', person: 'olga' },
  other_tenant_member: { kind: 'user', person: 'otto' },
  agent: { kind: 'agent', tenant: tenantA },
  other_tenant_agent: { kind: 'agent', tenant: tenantB },
  anonymous: refused,
  malformed_bearer: refused,
  forged_signature: refused,
  expired: refused,
  not_yet_valid: refused,
  issued_in_the_future: refused,
  lifetime_over_15_minutes: refused,
  wrong_audience: refused,
  wrong_issuer: refused,
  alg_none: refused,
  hs256_signed_with_public_key: refused,
  es256_for_hs256_tenant: refused,
  other_tenant_key_claiming_tenant: refused,
  invalid_role_claim: refused,
  missing_company_claim: refused,
} as const satisfies Record<string, Caller>;
export type ActorName = keyof typeof actors;
export const actorNames = Object.keys(actors) as ActorName[];

/**
 * The bearer credential of every actor (null: no Authorization header). Refused ones are built
 * the way an attacker would: wrong key, wrong claims, or algorithm confusion.
 *
 * @example
 * const credentials = await actorCredentials(server);
 * await server.fetch('/v1/me', { headers: bearer(credentials.member) });
 */
export async function actorCredentials(
  server: TestServer,
): Promise<Record<ActorName, string | null>> {
  const now = Math.floor(server.clock.now / 1000);
  const ada = people.ada;
  const claims = {
    sub: ada.sub,
    iss: tenantA,
    aud: 'aide',
    email: ada.email,
    name: ada.name,
    company: ada.company,
    company_name: ada.company_name,
    role: ada.role,
    iat: now,
    exp: now + 600,
  };
  const hs256 = (payload: object, secret: string) =>
    new SignJWT({ ...payload })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret));
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const foreign = await generateKeyPair('ES256');
  const { company: _company, ...withoutCompany } = claims;
  return {
    admin: await server.token(people.ada),
    member: await server.token(people.bob),
    other_company_member: await server.token(people.eve),
    other_company_admin: await server.token(people.gus),
    same_user_id_other_company: await server.token(people.adaAtGlobex),
    user_id_like_agent: await server.token(people.agentLookalike),
    other_tenant_admin: await server.token(people.olga),
    other_tenant_member: await server.token(people.otto),
    agent: agentKeyA,
    other_tenant_agent: agentKeyB,
    anonymous: null,
    malformed_bearer: 'not-a-jwt',
    forged_signature: await server.token(ada, { secret: 'not-the-tenant-secret-000' }),
    expired: await server.token(ada, { issuedAt: now - 3600, expiresIn: 600 }),
    not_yet_valid: await server.token(ada, { notBefore: now + 3600 }),
    issued_in_the_future: await server.token(ada, { issuedAt: now + 3600 }),
    lifetime_over_15_minutes: await server.token(ada, { expiresIn: 3600 }),
    wrong_audience: await server.token(ada, { audience: 'not-aide' }),
    wrong_issuer: await hs256({ ...claims, iss: 'unknown-saas' }, secretA),
    alg_none: `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`,
    hs256_signed_with_public_key: await hs256({ ...claims, iss: tenantB }, server.tenantBPublicPem),
    es256_for_hs256_tenant: await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .sign(foreign.privateKey),
    // Tenant B's real key, claiming to speak for tenant A.
    other_tenant_key_claiming_tenant: await server.token(people.olga, { issuer: tenantA }),
    invalid_role_claim: await hs256({ ...claims, role: 'owner' }, secretA),
    missing_company_claim: await hs256(withoutCompany, secretA),
  };
}

/**
 * Authorization (and, for a POST, Idempotency-Key) headers of a credential.
 *
 * @example
 * await server.fetch('/v1/tickets', { method: 'POST', headers: bearer(token, true), json });
 */
export function bearer(credential: string | null, post = false): Record<string, string> {
  const headers: Record<string, string> = {};
  if (credential !== null) {
    headers.Authorization = `Bearer ${credential}`;
  }
  if (post) {
    headers['Idempotency-Key'] = randomUUID();
  }
  return headers;
}

/** A company of a tenant: the unit nothing may cross. */
export interface Scope {
  tenant: string;
  company: string;
}

/** The company a person belongs to, within their tenant. */
export function scopeOf(person: Person): Scope {
  return { tenant: person.tenant, company: person.company };
}

/**
 * Written into every text a fixture of this scope creates.
 *
 * @example
 * scopeMarker({ tenant: 'acme-saas', company: 'globex' }); // 'SCOPE-acme-saas-globex'
 */
export function scopeMarker(scope: Scope): string {
  return `SCOPE-${scope.tenant}-${scope.company}`;
}

const everyPerson: readonly Person[] = Object.values(people);

/** Where an agent's files stand before they are attached: seen by that tenant's agents only. */
function agentScope(tenant: string): Scope {
  return { tenant, company: 'agents' };
}

function callerMaySee(caller: Caller, scope: Scope): boolean {
  switch (caller.kind) {
    case 'user': {
      const own = scopeOf(people[caller.person]);
      return own.tenant === scope.tenant && own.company === scope.company;
    }
    case 'agent':
      return caller.tenant === scope.tenant;
    case 'refused':
      return false;
    default:
      return caller satisfies never;
  }
}

/**
 * The scope markers and e-mail addresses of everyone whose data `caller` must never be shown.
 *
 * @example
 * leaksIn(await response.text(), actors.other_company_member); // [] unless Acme's data shows
 */
export function leaksIn(body: string, caller: Caller): string[] {
  const forbidden = new Set<string>();
  for (const person of everyPerson) {
    const scope = scopeOf(person);
    if (!callerMaySee(caller, scope)) {
      forbidden.add(scopeMarker(scope));
      forbidden.add(person.email);
    }
  }
  for (const tenant of [tenantA, tenantB]) {
    const scope = agentScope(tenant);
    if (!callerMaySee(caller, scope)) {
      forbidden.add(scopeMarker(scope));
    }
  }
  return [...forbidden].filter((text) => body.includes(text));
}

/**
 * What a list row must satisfy to be shown to `person` in `scope` (DESIGN: company view on).
 * `mine` holds the tickets they filed or take part in, within their company only: a user id
 * names one person within a company, whoever else signs it elsewhere.
 *
 * @example
 * mayList(people.bob, adaTicket, 'company'); // true: same company
 * mayList(people.bob, adaTicket, 'mine'); // false: Ada's, unless Bob takes part in it
 */
export function mayList(
  person: Person,
  ticket: Pick<Registered, 'tenant' | 'company' | 'requester' | 'participants'>,
  scope: 'mine' | 'company',
): boolean {
  const sameCompany = ticket.tenant === person.tenant && ticket.company === person.company;
  const member = ticket.requester === person.sub || ticket.participants.includes(person.sub);
  return sameCompany && (scope === 'company' || member);
}

/** Ticket requesters of the world (Bob filed his while he was an administrator). */
export type Owner = 'ada' | 'bob' | 'gus' | 'olga';
export const owners: readonly Owner[] = ['ada', 'bob', 'gus', 'olga'];
/** Open, resolved (reopen and rating possible) and closed: the statuses that change answers. */
export const fixtureStatuses = ['in_progress', 'resolved', 'closed'] as const;
export type FixtureStatus = (typeof fixtureStatuses)[number];

/** Whose unattached uploads the world holds. */
export type Uploader = Owner | 'adaAtGlobex' | 'agentA' | 'agentB';
export const uploaders: readonly Uploader[] = [
  'ada',
  'bob',
  'gus',
  'olga',
  'adaAtGlobex',
  'agentA',
  'agentB',
];

/** What the world knows about a ticket it created, to judge list rows without the server. */
export interface Registered {
  id: string;
  number: number;
  tenant: string;
  company: string;
  requester: string;
  /** User ids of its `participant` entries (not the requester, not agents). */
  participants: string[];
  status: TicketStatus;
  category: string;
}

export interface TicketFixture {
  id: string;
  number: number;
  owner: Owner;
  status: FixtureStatus;
  /** Attachments: filed with the ticket, on the requester's reply, on the agent's answer. */
  files: { ticket: string; reply: string; agent: string };
}

export interface World {
  server: TestServer;
  credentials: Record<ActorName, string | null>;
  /** One ticket per owner and status, with files and a thread; read-only for the matrix. */
  tickets: readonly TicketFixture[];
  ticket(owner: Owner, status: FixtureStatus): TicketFixture;
  /** One unattached upload per uploader. */
  uploads: Readonly<Record<Uploader, string>>;
  /** Every ticket created so far, by id. */
  registry: Map<string, Registered>;
  /** A new ticket of `owner` in `status` (for cells that change what they touch). */
  freshTicket(owner: Owner, status: FixtureStatus): Promise<{ id: string; number: number }>;
  /** A new unattached upload. */
  upload(uploader: Uploader, name?: string): Promise<string>;
}

export const ownerPeople: Readonly<Record<Owner, Person>> = {
  ada: people.ada,
  bob: people.bob,
  gus: people.gus,
  olga: people.olga,
};

/**
 * Whose an unattached upload is: one user of one company, or one tenant's agents.
 *
 * @example
 * uploaderIdentity('adaAtGlobex'); // { tenant: 'acme-saas', company: 'globex', sub: 'ada' }
 */
export function uploaderIdentity(uploader: Uploader): Scope & { sub: string } {
  switch (uploader) {
    case 'agentA':
      return { ...agentScope(tenantA), sub: 'agent' };
    case 'agentB':
      return { ...agentScope(tenantB), sub: 'agent' };
    default: {
      const person = people[uploader];
      return { ...scopeOf(person), sub: person.sub };
    }
  }
}

/**
 * Builds the world on a running test server: 12 tickets (4 owners × 3 statuses), each with a
 * file at creation, a requester reply with a file and an agent answer with a file, plus one
 * unattached upload per uploader.
 *
 * @example
 * const world = await buildWorld(await startTestServer(factory));
 * world.ticket('gus', 'closed').files.reply; // a Globex file on a closed ticket
 */
export async function buildWorld(server: TestServer): Promise<World> {
  const credentials = await actorCredentials(server);
  // Each owner files as an administrator (Bob's role changed since).
  const filer: Record<Owner, string> = {
    ada: await server.token(people.ada),
    bob: await server.token(people.bob, { role: 'admin' }),
    gus: await server.token(people.gus),
    olga: await server.token(people.olga),
  };
  const uploaderCredential: Record<Uploader, string> = {
    ...filer,
    adaAtGlobex: await server.token(people.adaAtGlobex),
    agentA: agentKeyA,
    agentB: agentKeyB,
  };
  const agentKeyOf = (owner: Owner) => (people[owner].tenant === tenantA ? agentKeyA : agentKeyB);
  const registry = new Map<string, Registered>();

  async function post(path: string, credential: string, init: { json?: unknown; body?: FormData }) {
    const response = await server.fetch(path, {
      method: 'POST',
      headers: as(credential, true),
      ...init,
    });
    if (!response.ok) {
      throw new Error(`world: POST ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as unknown;
  }

  async function upload(uploader: Uploader, name?: string): Promise<string> {
    const agent = uploader === 'agentA' || uploader === 'agentB';
    const fileName = name ?? `${scopeMarker(uploaderIdentity(uploader))}-${uploader}.png`;
    const answer = await post(
      agent ? '/v1/agent/attachments' : '/v1/attachments',
      uploaderCredential[uploader],
      { body: uploadForm(pngBytes, fileName, 'image/png') },
    );
    return uploadedAttachmentSchema.parse(answer).id;
  }

  async function setStatus(owner: Owner, id: string, json: object): Promise<void> {
    const answer = await post(`/v1/agent/tickets/${id}/status`, agentKeyOf(owner), { json });
    agentTicketDetailSchema.parse(answer);
  }

  async function create(owner: Owner, status: FixtureStatus, files: string[]) {
    const person = ownerPeople[owner];
    const marker = scopeMarker(scopeOf(person));
    const answer = await post('/v1/tickets', filer[owner], {
      json: {
        ...questionBody(`Export CSV ${marker} ${owner} ${status}`),
        description: `Export vide chez ${marker}.`,
        attachments: files,
      },
    });
    const { ticket } = ticketDetailSchema.parse(answer);
    registry.set(ticket.id, {
      id: ticket.id,
      number: ticket.number,
      tenant: person.tenant,
      company: person.company,
      requester: person.sub,
      participants: [],
      status: 'new',
      category: ticket.category,
    });
    return ticket;
  }

  async function moveTo(owner: Owner, id: string, status: FixtureStatus): Promise<void> {
    await setStatus(owner, id, { status: 'in_progress' });
    if (status === 'resolved') {
      await setStatus(owner, id, { status: 'resolved', reason: 'fixed' });
    }
    if (status === 'closed') {
      await setStatus(owner, id, { status: 'closed' });
    }
    const registered = registry.get(id);
    if (registered !== undefined) {
      registered.status = status;
    }
  }

  async function fixture(owner: Owner, status: FixtureStatus): Promise<TicketFixture> {
    const marker = scopeMarker(scopeOf(ownerPeople[owner]));
    const ticketFile = await upload(owner, `${marker}-filed.png`);
    const ticket = await create(owner, status, [ticketFile]);
    const replyFile = await upload(owner, `${marker}-reply.png`);
    await post(`/v1/tickets/${ticket.id}/messages`, filer[owner], {
      json: { body: `Toujours vide (${marker}).`, attachments: [replyFile] },
    });
    const agentUploader = people[owner].tenant === tenantA ? 'agentA' : 'agentB';
    const agentFile = await upload(agentUploader, `${marker}-answer.png`);
    await post(`/v1/agent/tickets/${ticket.id}/messages`, agentKeyOf(owner), {
      json: { body: `Nous regardons (${marker}).`, attachments: [agentFile] },
    });
    await moveTo(owner, ticket.id, status);
    return {
      id: ticket.id,
      number: ticket.number,
      owner,
      status,
      files: { ticket: ticketFile, reply: replyFile, agent: agentFile },
    };
  }

  const tickets: TicketFixture[] = [];
  for (const owner of owners) {
    for (const status of fixtureStatuses) {
      const made = await fixture(owner, status);
      // Named as participants: the user ids of every other company and tenant (as a merge
      // across companies once wrote them). An id names a person within its company only, so
      // these entries must open the ticket to nobody outside it.
      const strangers = everyPerson
        .filter((person) => {
          const scope = scopeOf(ownerPeople[owner]);
          return person.tenant !== scope.tenant || person.company !== scope.company;
        })
        .map((person) => person.sub);
      await addParticipants(server, registry, made.id, people[owner].tenant, strangers);
      tickets.push(made);
    }
  }
  const uploads = {} as Record<Uploader, string>;
  for (const uploader of uploaders) {
    uploads[uploader] = await upload(uploader);
  }
  return {
    server,
    credentials,
    tickets,
    ticket(owner, status) {
      const found = tickets.find((t) => t.owner === owner && t.status === status);
      if (found === undefined) {
        throw new Error(`world: no ${status} ticket of ${owner}`);
      }
      return found;
    },
    uploads,
    registry,
    async freshTicket(owner, status) {
      const ticket = await create(owner, status, []);
      await moveTo(owner, ticket.id, status);
      return { id: ticket.id, number: ticket.number };
    },
    upload,
  };
}

/**
 * Names `subs` as participants of a ticket straight in the store (no e-mail, a neutral name:
 * only the id matters) and records them in the registry.
 */
async function addParticipants(
  server: TestServer,
  registry: Map<string, Registered>,
  id: string,
  tenant: string,
  subs: readonly string[],
): Promise<void> {
  const stored = await server.store.getTicket(tenant, id);
  if (stored === null) {
    throw new Error(`world: ticket ${id} is missing`);
  }
  const { ticket } = stored;
  const added = [...new Set(subs)].filter(
    (sub) => sub !== ticket.requester.id && !ticket.participants.some((p) => p.id === sub),
  );
  await server.store.updateTicket(
    {
      ...ticket,
      participants: [
        ...ticket.participants,
        ...added.map((sub) => ({
          id: sub,
          name: 'Participant',
          email: null,
          role: 'participant' as const,
        })),
      ],
    },
    stored.version,
  );
  const registered = registry.get(id);
  if (registered !== undefined) {
    registered.participants = [...registered.participants, ...added];
  }
}

const noiseCategories = ['general.question', 'technical.incident', 'billing.question'];
const noiseWords = ['export', 'facture', 'écran', 'connexion', '100%', 'a_b', "l'import", 'cœur'];

/**
 * Adds `perRequester` tickets for every person (straight into the store, so a large world is
 * quick to build), with varied statuses, categories, words and many equal activity times, so
 * that filters and cursors have something to get wrong.
 *
 * @example
 * await addNoise(world, 30);
 */
export async function addNoise(world: World, perRequester: number): Promise<void> {
  const base = Date.parse('2026-11-20T08:00:00.000Z');
  let index = 0;
  for (const person of everyPerson) {
    const marker = scopeMarker(scopeOf(person));
    for (let n = 0; n < perRequester; n += 1) {
      index += 1;
      const status = ticketStatuses[index % ticketStatuses.length] as TicketStatus;
      const category = noiseCategories[index % noiseCategories.length] as string;
      const word = noiseWords[index % noiseWords.length] as string;
      // Only a few distinct times: pages end inside runs of equal times.
      const at = new Date(base + (index % 5) * 60_000).toISOString();
      // Every other ticket names someone as a participant, of this company or not (an id names
      // a person within a company only), so that "mine" has followed tickets to get right.
      const named = everyPerson[index % everyPerson.length] as Person;
      const participants = index % 2 === 0 && named.sub !== person.sub ? [named.sub] : [];
      const stored = await world.server.store.insertTicket(
        draftTicket({
          tenant_id: person.tenant,
          company_id: person.company,
          requester: { id: person.sub, name: person.name, email: person.email },
          participants: [
            { id: person.sub, name: person.name, email: person.email, role: 'requester' },
            ...participants.map((sub) => ({
              id: sub,
              name: 'Participant',
              email: null,
              role: 'participant' as const,
            })),
          ],
          category,
          status,
          subject: `${word} ${marker} n°${n}`,
          description: `Bruit ${marker}: ${word}.`,
          created_at: at,
          updated_at: at,
          last_activity_at: at,
        }),
      );
      world.registry.set(stored.ticket.id, {
        id: stored.ticket.id,
        number: stored.ticket.number,
        tenant: person.tenant,
        company: person.company,
        requester: person.sub,
        participants,
        status,
        category,
      });
    }
  }
}
