import { randomUUID } from 'node:crypto';
import { type EndpointId, endpointList, endpointPath, endpoints } from '@aide/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ActorName,
  actorNames,
  actors,
  bearer,
  buildWorld,
  type Caller,
  type FixtureStatus,
  fixtureStatuses,
  leaksIn,
  type Owner,
  ownerPeople,
  owners,
  people,
  type Scope,
  scopeOf,
  type Uploader,
  uploaderIdentity,
  uploaders,
  type World,
} from '../test-support/isolation';
import { pngBytes, questionBody, type StoreFactory, startTestServer, uploadForm } from './harness';

// The authorization matrix: every actor × every endpoint × every resource kind the endpoint can
// address, each cell asserting the exact status. On top of the status, every answer is searched
// for another company's data, a refusal across a company or tenant line must be
// indistinguishable from an unknown id (404, same body), and refusals must change nothing.

type FilePlace = 'ticket' | 'reply' | 'agent';

/** What a cell addresses. */
export type Resource =
  | { kind: 'none' }
  | { kind: 'ticket'; owner: Owner; status: FixtureStatus }
  /** A path id that names nothing. */
  | { kind: 'unknown' }
  /** A file of `owner`'s open ticket: filed with it, on the requester's reply, on the answer. */
  | { kind: 'file'; owner: Owner; place: FilePlace }
  /** An unattached upload, addressed by path (download) or sent in a body (create, reply). */
  | { kind: 'upload'; uploader: Uploader }
  /** An upload id that names nothing, sent in a body. */
  | { kind: 'unknown_upload' }
  /** The Idempotency-Key and body Ada used for a ticket of her own. */
  | { kind: 'replayed_key' }
  | { kind: 'list'; scope: 'mine' | 'company' }
  | { kind: 'company_filter'; company: string | undefined }
  /** Merge Ada's open ticket into an open ticket of `owner`, or into an id that names nothing. */
  | { kind: 'merge_into'; owner: Owner | undefined }
  /** Resolve Ada's open ticket as a duplicate of `owner`'s open ticket, or of an unknown id. */
  | { kind: 'duplicate_of'; owner: Owner | undefined };

const ticketResources: Resource[] = owners.flatMap((owner) =>
  fixtureStatuses.map((status): Resource => ({ kind: 'ticket', owner, status })),
);
const byId: Resource[] = [...ticketResources, { kind: 'unknown' }];
const fileResources: Resource[] = [
  ...owners.flatMap((owner) =>
    (['ticket', 'reply', 'agent'] as const).map(
      (place): Resource => ({ kind: 'file', owner, place }),
    ),
  ),
  ...uploaders.map((uploader): Resource => ({ kind: 'upload', uploader })),
  { kind: 'unknown' },
];
const uploadReferences: Resource[] = [
  ...uploaders.map((uploader): Resource => ({ kind: 'upload', uploader })),
  { kind: 'unknown_upload' },
];
const none: Resource[] = [{ kind: 'none' }];
/** Tickets another one can be linked to: same company (allowed), other company, other tenant. */
const linkTargets: (Owner | undefined)[] = ['bob', 'gus', 'olga', undefined];

/**
 * The resource kinds each endpoint can address (a new endpoint fails to compile until listed).
 *
 * @example
 * resourcesOf('rateTicket').length; // 13: four owners × three statuses, and an unknown id
 */
export function resourcesOf(id: EndpointId): Resource[] {
  switch (id) {
    case 'health':
    case 'openApi':
    case 'me':
    case 'config':
    case 'categories':
    case 'similarTickets':
    case 'uploadAttachment':
    case 'agentUploadAttachment':
      return none;
    case 'createTicket':
      return [
        ...none,
        ...uploadReferences,
        { kind: 'file', owner: 'ada', place: 'ticket' },
        { kind: 'replayed_key' },
      ];
    case 'listTickets':
      return [
        { kind: 'list', scope: 'mine' },
        { kind: 'list', scope: 'company' },
      ];
    case 'getTicket':
    case 'getThread':
    case 'closeTicket':
    case 'reopenTicket':
    case 'rateTicket':
    case 'agentGetTicket':
    case 'agentGetThread':
    case 'agentReply':
    case 'agentRenameTicket':
      return byId;
    case 'agentSetStatus':
      return [...byId, ...linkTargets.map((owner): Resource => ({ kind: 'duplicate_of', owner }))];
    case 'reply':
      // Besides the ticket, a reply names files: only the replier's own uploads may be attached.
      return [...byId, ...uploadReferences];
    case 'downloadAttachment':
    case 'agentDownloadAttachment':
      return fileResources;
    case 'agentListTickets':
      return [undefined, 'acme', 'globex'].map(
        (company): Resource => ({ kind: 'company_filter', company }),
      );
    case 'agentMergeTicket':
      return [...byId, ...linkTargets.map((owner): Resource => ({ kind: 'merge_into', owner }))];
    default:
      return id satisfies never;
  }
}

/**
 * How a cell's resource reads in the report.
 *
 * @example
 * resourceLabel({ kind: 'ticket', owner: 'gus', status: 'closed' }); // "gus's closed ticket"
 */
export function resourceLabel(resource: Resource): string {
  switch (resource.kind) {
    case 'none':
    case 'unknown':
    case 'unknown_upload':
    case 'replayed_key':
      return resource.kind;
    case 'ticket':
      return `${resource.owner}'s ${resource.status} ticket`;
    case 'file':
      return `file on ${resource.owner}'s ${resource.place === 'ticket' ? 'ticket' : resource.place}`;
    case 'upload':
      return `${resource.uploader}'s upload`;
    case 'list':
      return `scope ${resource.scope}`;
    case 'company_filter':
      return `company ${resource.company ?? 'any'}`;
    case 'merge_into':
      return resource.owner === undefined
        ? 'merge into unknown'
        : `merge into ${resource.owner}'s ticket`;
    case 'duplicate_of':
      return resource.owner === undefined
        ? 'duplicate of unknown'
        : `duplicate of ${resource.owner}'s ticket`;
    default:
      return resource satisfies never;
  }
}

/** The scope a resource belongs to, when it belongs to one. */
function resourceScope(resource: Resource): Scope | undefined {
  switch (resource.kind) {
    case 'ticket':
    case 'file':
      return scopeOf(ownerPeople[resource.owner]);
    case 'merge_into':
    case 'duplicate_of':
      return resource.owner === undefined ? undefined : scopeOf(ownerPeople[resource.owner]);
    case 'upload':
      return uploaderIdentity(resource.uploader);
    default:
      return undefined;
  }
}

const successStatus = (id: EndpointId): number => endpoints[id].status;

/**
 * What `actor` must get from endpoint `id` on `resource` (DESIGN §5, tenant A's defaults).
 *
 * @example
 * expectedStatus('other_company_admin', 'getTicket', { kind: 'ticket', owner: 'ada', status: 'closed' }); // 404
 */
export function expectedStatus(actor: ActorName, id: EndpointId, resource: Resource): number {
  const caller: Caller = actors[actor];
  const auth = endpoints[id].auth;
  if (auth === 'none') {
    return 200;
  }
  if (auth === 'agent') {
    return caller.kind === 'agent' ? expectedForAgent(caller.tenant, id, resource) : 401;
  }
  return caller.kind === 'user' ? expectedForUser(caller.person, id, resource) : 401;
}

function expectedForUser(name: keyof typeof people, id: EndpointId, resource: Resource): number {
  const person = people[name];
  const sees = (owner: Owner) => {
    const scope = scopeOf(ownerPeople[owner]);
    return scope.tenant === person.tenant && scope.company === person.company;
  };
  // Closing, reopening and rating: the requester or a company administrator.
  const decides = (owner: Owner) =>
    ownerPeople[owner].sub === person.sub || person.role === 'admin';
  const ownsUpload = (uploader: Uploader) => {
    const identity = uploaderIdentity(uploader);
    return (
      identity.tenant === person.tenant &&
      identity.company === person.company &&
      identity.sub === person.sub
    );
  };
  const claim = (target: Resource, success: number) =>
    target.kind === 'upload' && ownsUpload(target.uploader) ? success : 400;
  switch (resource.kind) {
    case 'ticket': {
      const { owner, status } = resource;
      if (!sees(owner)) {
        return 404;
      }
      const needsDecider = id === 'closeTicket' || id === 'reopenTicket' || id === 'rateTicket';
      if (needsDecider && !decides(owner)) {
        return 403;
      }
      const allowedIn: Partial<Record<EndpointId, readonly FixtureStatus[]>> = {
        reply: ['in_progress'],
        closeTicket: ['in_progress', 'resolved'],
        reopenTicket: ['resolved'],
        rateTicket: ['resolved', 'closed'],
      };
      const allowed = allowedIn[id];
      return allowed === undefined || allowed.includes(status) ? successStatus(id) : 409;
    }
    case 'unknown':
      return 404;
    case 'file':
      if (id === 'createTicket') {
        return person.role === 'admin' ? 400 : 403;
      }
      return sees(resource.owner) ? 200 : 404;
    case 'upload':
    case 'unknown_upload':
      if (id === 'downloadAttachment') {
        return resource.kind === 'upload' && ownsUpload(resource.uploader) ? 200 : 404;
      }
      if (id === 'createTicket') {
        return person.role === 'admin' ? claim(resource, 201) : 403;
      }
      // A reply on Ada's open ticket.
      return sees('ada') ? claim(resource, 201) : 404;
    case 'none':
    case 'replayed_key':
      if (id === 'createTicket' && person.role !== 'admin') {
        return 403;
      }
      return successStatus(id);
    case 'list':
    case 'company_filter':
    case 'merge_into':
    case 'duplicate_of':
      return successStatus(id);
    default:
      return resource satisfies never;
  }
}

function expectedForAgent(tenant: string, id: EndpointId, resource: Resource): number {
  const ownTenant = (scope: Scope | undefined) => scope?.tenant === tenant;
  switch (resource.kind) {
    case 'ticket': {
      if (!ownTenant(resourceScope(resource))) {
        return 404;
      }
      const allowedIn: Partial<Record<EndpointId, readonly FixtureStatus[]>> = {
        agentReply: ['in_progress', 'resolved'],
        agentSetStatus: ['in_progress'],
        agentMergeTicket: ['in_progress'],
      };
      const allowed = allowedIn[id];
      return allowed === undefined || allowed.includes(resource.status) ? successStatus(id) : 409;
    }
    case 'file':
    case 'upload':
      return ownTenant(resourceScope(resource)) ? 200 : 404;
    case 'unknown':
    case 'unknown_upload':
      return 404;
    case 'merge_into':
    case 'duplicate_of': {
      // The linked ticket is Ada's (tenant A); the one it names must be of the same company, as
      // Bob's is (another tenant's reads as unknown).
      if (tenant !== people.ada.tenant) {
        return 404;
      }
      return resource.owner === 'bob' ? successStatus(id) : 400;
    }
    case 'none':
    case 'replayed_key':
    case 'list':
    case 'company_filter':
      return successStatus(id);
    default:
      return resource satisfies never;
  }
}

/** Figures of one run; every list must be empty. */
export interface MatrixReport {
  actors: number;
  endpoints: number;
  resourceKinds: number;
  cells: number;
  unexpectedAllows: string[];
  mismatches: string[];
  /** Answers showing another company's or tenant's markers or e-mail addresses. */
  leaks: string[];
  /** Refusals across a boundary that differ from the answer for an id that names nothing. */
  existenceOracles: string[];
  /** Shared fixtures that a refused request changed. */
  refusalsThatChanged: string[];
  serverErrors: number;
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  json?: unknown;
  form?: FormData;
}

const unknownTicketId = 'tkt_NoSuchTicket000000000';
const unknownFileId = 'att_NoSuchFile0000000000';

/**
 * Runs every cell on a world (its shared fixtures stay as they were: cells that must succeed
 * on something they change get fresh tickets and uploads).
 *
 * @example
 * const report = await runAuthorizationMatrix(await buildWorld(server));
 * expect(report.unexpectedAllows).toEqual([]);
 */
export async function runAuthorizationMatrix(
  world: World,
  options: { concurrency?: number } = {},
): Promise<MatrixReport> {
  const { server, credentials } = world;
  const replayKey = randomUUID();
  const replayBody = questionBody('Demande rejouée par la matrice');
  const first = await server.fetch('/v1/tickets', {
    method: 'POST',
    headers: { ...bearer(credentials.admin), 'Idempotency-Key': replayKey },
    json: replayBody,
  });
  if (first.status !== 201) {
    throw new Error(`matrix: Ada's first ticket answered ${first.status}`);
  }
  const mergeTargets = new Map<Owner, string>();
  for (const owner of owners) {
    mergeTargets.set(owner, (await world.freshTicket(owner, 'in_progress')).id);
  }
  const target = (owner: Owner) => mergeTargets.get(owner) ?? unknownTicketId;
  const before = await snapshot(world);

  async function call(id: EndpointId, resource: Resource, actor: ActorName): Promise<Call> {
    const endpoint = endpoints[id];
    const post = endpoint.method === 'POST';
    // A cell that must succeed on something it changes gets its own copy of it.
    const fresh = post && expectedStatus(actor, id, resource) < 300;
    const ticketId = async (owner: Owner, status: FixtureStatus) =>
      fresh ? (await world.freshTicket(owner, status)).id : world.ticket(owner, status).id;
    const uploadId = (uploader: Uploader) =>
      fresh ? world.upload(uploader) : Promise.resolve(world.uploads[uploader]);
    const headers = bearer(credentials[actor], post);
    let pathId = resource.kind === 'unknown' ? unknownTicketId : undefined;
    let attachments: string[] = [];
    switch (resource.kind) {
      case 'ticket':
        pathId = await ticketId(resource.owner, resource.status);
        break;
      case 'file':
        if (id === 'createTicket') {
          attachments = [world.ticket('ada', 'in_progress').files.ticket];
        } else {
          pathId = world.ticket(resource.owner, 'in_progress').files[resource.place];
        }
        break;
      case 'upload':
        if (endpoint.path.includes('attachments/:id')) {
          pathId = world.uploads[resource.uploader];
        } else {
          attachments = [await uploadId(resource.uploader)];
          pathId = id === 'reply' ? await ticketId('ada', 'in_progress') : undefined;
        }
        break;
      case 'unknown_upload':
        attachments = [unknownFileId];
        pathId = id === 'reply' ? world.ticket('ada', 'in_progress').id : undefined;
        break;
      case 'merge_into':
      case 'duplicate_of':
        pathId = await ticketId('ada', 'in_progress');
        break;
      case 'unknown':
        pathId = endpoint.path.includes('attachments/:id') ? unknownFileId : unknownTicketId;
        break;
      case 'none':
      case 'replayed_key':
      case 'list':
      case 'company_filter':
        break;
      default:
        return resource satisfies never;
    }
    const path = endpointPath(endpoint.path, pathId === undefined ? {} : { id: pathId });
    if (endpoint.upload) {
      return {
        method: 'POST',
        path,
        headers,
        form: uploadForm(pngBytes, 'matrice.png', 'image/png'),
      };
    }
    let into = '';
    if (id === 'agentMergeTicket' || resource.kind === 'duplicate_of') {
      const owner =
        resource.kind === 'merge_into' || resource.kind === 'duplicate_of'
          ? resource.owner
          : ownerOf(resource);
      into =
        owner === undefined
          ? unknownTicketId
          : fresh
            ? (await world.freshTicket(owner, 'in_progress')).id
            : target(owner);
    }
    const bodies: Partial<Record<EndpointId, unknown>> = {
      createTicket: { ...questionBody('Créé par la matrice'), attachments },
      reply: { body: 'Réponse de la matrice', attachments },
      closeTicket: {},
      reopenTicket: {},
      rateTicket: { score: 'good' },
      agentReply: { body: "Réponse de l'agent", attachments: [] },
      agentSetStatus:
        resource.kind === 'duplicate_of'
          ? { status: 'resolved', reason: 'duplicate', duplicate_of: into }
          : { status: 'escalated' },
      agentRenameTicket: { subject: 'Renommé par la matrice' },
      agentMergeTicket: { into },
    };
    if (resource.kind === 'replayed_key') {
      return {
        method: 'POST',
        path,
        headers: { ...headers, 'Idempotency-Key': replayKey },
        json: replayBody,
      };
    }
    const query =
      resource.kind === 'list'
        ? `?scope=${resource.scope}`
        : resource.kind === 'company_filter' && resource.company !== undefined
          ? `?company=${resource.company}`
          : id === 'similarTickets'
            ? '?q=export%20csv'
            : '';
    return {
      method: endpoint.method,
      path: `${path}${query}`,
      headers,
      ...(post ? { json: bodies[id] } : {}),
    };
  }

  const cells = endpointList.flatMap((endpoint) => {
    const id = endpoint.id as EndpointId;
    return resourcesOf(id).flatMap((resource) =>
      actorNames.map((actor) => ({ id, resource, actor })),
    );
  });
  const answers = new Map<string, { status: number; body: string }>();
  const report: MatrixReport = {
    actors: actorNames.length,
    endpoints: endpointList.length,
    resourceKinds: new Set(cells.map((cell) => `${cell.id} ${resourceLabel(cell.resource)}`)).size,
    cells: 0,
    unexpectedAllows: [],
    mismatches: [],
    leaks: [],
    existenceOracles: [],
    refusalsThatChanged: [],
    serverErrors: 0,
  };
  await inPool(cells, options.concurrency ?? 4, async ({ id, resource, actor }) => {
    const request = await call(id, resource, actor);
    const response = await server.fetch(request.path, {
      method: request.method,
      headers: request.headers,
      ...(request.form === undefined ? {} : { body: request.form }),
      ...(request.json === undefined ? {} : { json: request.json }),
    });
    const body = await response.text();
    const name = `${actor} × ${id} × ${resourceLabel(resource)}`;
    report.cells += 1;
    answers.set(`${id} ${actor} ${resourceLabel(resource)}`, { status: response.status, body });
    const expected = expectedStatus(actor, id, resource);
    if (response.status >= 500) {
      report.serverErrors += 1;
    }
    if (response.status < 300 && expected >= 300) {
      report.unexpectedAllows.push(`${name}: ${response.status}`);
    }
    if (response.status !== expected) {
      report.mismatches.push(`${name}: got ${response.status}, expected ${expected}`);
    }
    const shown = `${body}\n${response.headers.get('content-disposition') ?? ''}`;
    const leaked = leaksIn(shown, actors[actor]);
    if (leaked.length > 0) {
      report.leaks.push(`${name}: ${leaked.join(', ')}`);
    }
  });
  // A refusal across a company or tenant line must read exactly like an unknown id.
  for (const { id, resource, actor } of cells) {
    const caller = actors[actor];
    const scope = resourceScope(resource);
    const crosses =
      scope !== undefined &&
      ((caller.kind === 'user' &&
        (people[caller.person].tenant !== scope.tenant ||
          people[caller.person].company !== scope.company)) ||
        (caller.kind === 'agent' && caller.tenant !== scope.tenant));
    const answer = answers.get(`${id} ${actor} ${resourceLabel(resource)}`);
    if (!crosses || answer === undefined || answer.status < 400 || answer.status === 401) {
      continue;
    }
    // The answer for the same request naming nothing instead.
    const inBody =
      (resource.kind === 'upload' || resource.kind === 'file') &&
      !endpoints[id].path.includes('attachments/:id');
    const reference = answers.get(
      `${id} ${actor} ${
        resource.kind === 'merge_into' || resource.kind === 'duplicate_of'
          ? resourceLabel({ kind: resource.kind, owner: undefined })
          : inBody
            ? 'unknown_upload'
            : 'unknown'
      }`,
    );
    if (
      reference !== undefined &&
      (reference.status !== answer.status || reference.body !== answer.body)
    ) {
      report.existenceOracles.push(
        `${actor} × ${id} × ${resourceLabel(resource)}: ${answer.status} ${answer.body} vs unknown ${reference.status} ${reference.body}`,
      );
    }
  }
  const after = await snapshot(world);
  for (const [key, value] of before) {
    if (after.get(key) !== value) {
      report.refusalsThatChanged.push(`${key}: ${value} → ${after.get(key)}`);
    }
  }
  return report;
}

function ownerOf(resource: Resource): Owner {
  return resource.kind === 'ticket' || resource.kind === 'file' ? resource.owner : 'ada';
}

/** Versions of the shared tickets and the state of the shared uploads. */
async function snapshot(world: World): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  const { store } = world.server;
  for (const fixture of world.tickets) {
    const tenant = ownerPeople[fixture.owner].tenant;
    const stored = await store.getTicket(tenant, fixture.id);
    state.set(`ticket ${fixture.owner}/${fixture.status}`, `version ${stored?.version}`);
  }
  for (const uploader of uploaders) {
    const record = await store.getAttachment(
      uploaderIdentity(uploader).tenant,
      world.uploads[uploader],
    );
    state.set(`upload of ${uploader}`, `attached to ${record?.ticketId ?? 'nothing'}`);
  }
  return state;
}

async function inPool<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: size }, worker));
}

/**
 * One line of figures, as the reliability suite prints them.
 *
 * @example
 * console.log(matrixLine('SQLite', report));
 */
export function matrixLine(engine: string, report: MatrixReport): string {
  return `[${engine}] isolation matrix — actors ${report.actors} · endpoints ${report.endpoints} · resource kinds ${report.resourceKinds} · cells ${report.cells} · unexpected allows ${report.unexpectedAllows.length} · mismatches ${report.mismatches.length} · leaks ${report.leaks.length} · existence oracles ${report.existenceOracles.length} · refusals that changed data ${report.refusalsThatChanged.length} · 5xx ${report.serverErrors}`;
}

/**
 * The matrix as a vitest suite on one store engine: prints its figures, fails on any problem.
 *
 * @example
 * authorizationMatrix('SQLite', sqliteStores);
 */
export function authorizationMatrix(engine: string, factory: StoreFactory): void {
  describe(`authorization matrix on ${engine}`, () => {
    let world: World;
    beforeAll(async () => {
      world = await buildWorld(await startTestServer(factory));
    }, 120_000);
    afterAll(() => world?.server.close());

    it('gives every actor exactly the expected answer on every endpoint and resource', async () => {
      const report = await runAuthorizationMatrix(world);
      console.log(matrixLine(engine, report));
      const problems = [
        ...report.unexpectedAllows,
        ...report.mismatches,
        ...report.leaks,
        ...report.existenceOracles,
        ...report.refusalsThatChanged,
      ];
      for (const line of problems) {
        console.log(`  ${line}`);
      }
      const kinds = endpointList.reduce(
        (sum, endpoint) => sum + resourcesOf(endpoint.id as EndpointId).length,
        0,
      );
      expect(report.cells).toBe(actorNames.length * kinds);
      expect(report.unexpectedAllows).toEqual([]);
      expect(report.mismatches).toEqual([]);
      expect(report.leaks).toEqual([]);
      expect(report.existenceOracles).toEqual([]);
      expect(report.refusalsThatChanged).toEqual([]);
      expect(report.serverErrors).toBe(0);
    }, 300_000);
  });
}
