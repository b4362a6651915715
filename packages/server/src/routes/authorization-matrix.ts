import { randomUUID } from 'node:crypto';
import {
  type EndpointId,
  endpointList,
  endpointPath,
  ticketDetailSchema,
  uploadedAttachmentSchema,
} from '@aide/core';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentKeyA,
  agentKeyB,
  people,
  pngBytes,
  questionBody,
  type StoreFactory,
  secretA,
  startTestServer,
  type TestServer,
  tenantA,
  tenantB,
  uploadForm,
} from './harness';

// The authorization matrix: every actor against every endpoint, each cell asserting the exact
// status. An "unexpected allow" is a 2xx where the expected answer is a refusal.

type EndpointName = EndpointId;

const actors = [
  'admin',
  'member',
  'other_company_member',
  'other_company_admin',
  'other_tenant_admin',
  'anonymous',
  'forged_signature',
  'expired',
  'wrong_audience',
  'alg_none',
  'hs256_signed_with_public_key',
  'es256_for_hs256_tenant',
  'invalid_role_claim',
  'agent',
  'other_tenant_agent',
] as const;
type ActorName = (typeof actors)[number];

const userEndpointsAnswers: Record<string, number> = {
  me: 200,
  config: 200,
  categories: 200,
  listTickets: 200,
  similarTickets: 200,
  uploadAttachment: 201,
};
const ticketEndpoints = new Set<EndpointName>([
  'getTicket',
  'getThread',
  'reply',
  'closeTicket',
  'reopenTicket',
  'rateTicket',
  'downloadAttachment',
]);
const successStatus = (name: EndpointName): number =>
  endpointList.find((endpoint) => endpoint.id === name)?.status ?? 200;

/** What each actor must get from each endpoint. */
export function expectedStatus(actor: ActorName, name: EndpointName): number {
  const endpoint = endpointList.find((candidate) => candidate.id === name);
  const auth = endpoint?.auth ?? 'user';
  if (auth === 'none') {
    return 200;
  }
  if (auth === 'agent') {
    if (actor === 'agent') {
      return successStatus(name);
    }
    if (actor === 'other_tenant_agent') {
      return name === 'agentListTickets' || name === 'agentUploadAttachment'
        ? successStatus(name)
        : 404;
    }
    return 401;
  }
  switch (actor) {
    case 'admin':
      return successStatus(name);
    case 'member':
      if (name === 'createTicket') {
        return 403;
      }
      // Members follow the company's tickets but only the requester or an admin decides.
      if (name === 'closeTicket' || name === 'reopenTicket' || name === 'rateTicket') {
        return 403;
      }
      return successStatus(name);
    case 'other_company_member':
    case 'other_company_admin':
    case 'other_tenant_admin': {
      if (ticketEndpoints.has(name)) {
        return 404;
      }
      if (name === 'createTicket') {
        return actor === 'other_company_member' ? 403 : 201;
      }
      return userEndpointsAnswers[name] ?? successStatus(name);
    }
    case 'anonymous':
    case 'forged_signature':
    case 'expired':
    case 'wrong_audience':
    case 'alg_none':
    case 'hs256_signed_with_public_key':
    case 'es256_for_hs256_tenant':
    case 'invalid_role_claim':
    case 'agent':
    case 'other_tenant_agent':
      return 401;
    default:
      return actor satisfies never;
  }
}

export function authorizationMatrix(engine: string, factory: StoreFactory): void {
  describe(`authorization matrix on ${engine}`, () => {
    let server: TestServer;
    const credentials = new Map<ActorName, string | null>();
    let adaToken: string;

    beforeAll(async () => {
      server = await startTestServer(factory);
      adaToken = await server.token(people.ada);
      const now = Math.floor(server.clock.now / 1000);
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const claims = {
        sub: 'ada',
        iss: tenantA,
        aud: 'aide',
        email: people.ada.email,
        name: people.ada.name,
        company: 'acme',
        company_name: 'Acme SARL',
        role: 'admin',
        iat: now,
        exp: now + 600,
      };
      const foreign = await generateKeyPair('ES256');
      credentials.set('admin', adaToken);
      credentials.set('member', await server.token(people.bob));
      credentials.set('other_company_member', await server.token(people.eve));
      credentials.set('other_company_admin', await server.token(people.gus));
      credentials.set('other_tenant_admin', await server.token(people.olga));
      credentials.set('anonymous', null);
      credentials.set(
        'forged_signature',
        await server.token(people.ada, { secret: 'not-the-tenant-secret-000' }),
      );
      credentials.set(
        'expired',
        await server.token(people.ada, { issuedAt: now - 3600, expiresIn: 600 }),
      );
      credentials.set('wrong_audience', await server.token(people.ada, { audience: 'not-aide' }));
      credentials.set('alg_none', `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`);
      credentials.set(
        'hs256_signed_with_public_key',
        await new SignJWT({ ...claims, iss: tenantB })
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(server.tenantBPublicPem)),
      );
      credentials.set(
        'es256_for_hs256_tenant',
        await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(foreign.privateKey),
      );
      credentials.set(
        'invalid_role_claim',
        await new SignJWT({ ...claims, role: 'owner' })
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(secretA)),
      );
      credentials.set('agent', agentKeyA);
      credentials.set('other_tenant_agent', agentKeyB);
    });
    afterAll(() => server.close());

    const adaHeaders = (post = false): Record<string, string> => ({
      Authorization: `Bearer ${adaToken}`,
      ...(post ? { 'Idempotency-Key': randomUUID() } : {}),
    });
    const agentHeaders = { Authorization: `Bearer ${agentKeyA}` };

    async function newTicket(subject: string): Promise<string> {
      const response = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: adaHeaders(true),
        json: questionBody(subject),
      });
      return ticketDetailSchema.parse(await response.json()).ticket.id;
    }

    async function setStatus(id: string, json: unknown): Promise<void> {
      const response = await server.fetch(`/v1/agent/tickets/${id}/status`, {
        method: 'POST',
        headers: { ...agentHeaders, 'Idempotency-Key': randomUUID() },
        json,
      });
      expect(response.status).toBe(200);
    }

    /** Ada's ticket (in progress, or resolved for reopen/rating), with an attachment. */
    async function fixture(name: EndpointName) {
      const upload = await server.fetch('/v1/attachments', {
        method: 'POST',
        headers: adaHeaders(true),
        body: uploadForm(pngBytes, 'capture.png', 'image/png'),
      });
      const attachment = uploadedAttachmentSchema.parse(await upload.json()).id;
      const createResponse = await server.fetch('/v1/tickets', {
        method: 'POST',
        headers: adaHeaders(true),
        json: { ...questionBody('Export CSV des candidats vide'), attachments: [attachment] },
      });
      const ticket = ticketDetailSchema.parse(await createResponse.json()).ticket.id;
      await setStatus(ticket, { status: 'in_progress' });
      if (name === 'reopenTicket' || name === 'rateTicket') {
        await setStatus(ticket, { status: 'resolved', reason: 'fixed' });
      }
      const other = name === 'agentMergeTicket' ? await newTicket('Ticket conservé') : ticket;
      return { ticket, other, attachment };
    }

    function request(
      name: EndpointName,
      ids: { ticket: string; other: string; attachment: string },
    ): { method: string; path: string; json?: unknown; form?: FormData } {
      const endpoint = endpointList.find((candidate) => candidate.id === name);
      if (endpoint === undefined) {
        throw new Error(`unknown endpoint ${name}`);
      }
      const params: Record<string, string> = endpoint.path.includes('attachments/:id')
        ? { id: ids.attachment }
        : endpoint.path.includes(':id')
          ? { id: ids.ticket }
          : {};
      const path = endpointPath(endpoint.path, params);
      const bodies: Partial<Record<EndpointName, unknown>> = {
        createTicket: questionBody('Créé par la matrice'),
        reply: { body: 'Réponse de la matrice', attachments: [] },
        closeTicket: {},
        reopenTicket: {},
        rateTicket: { score: 'good' },
        agentReply: { body: "Réponse de l'agent", attachments: [] },
        agentSetStatus: { status: 'escalated' },
        agentRenameTicket: { subject: 'Renommé par la matrice' },
        agentMergeTicket: { into: ids.other },
      };
      const query: Partial<Record<EndpointName, string>> = {
        similarTickets: '?q=export%20csv',
        listTickets: '?scope=company',
      };
      if (endpoint.upload) {
        return {
          method: 'POST',
          path,
          form: uploadForm(pngBytes, 'matrice.png', 'image/png'),
        };
      }
      return {
        method: endpoint.method,
        path: `${path}${query[name] ?? ''}`,
        ...(endpoint.method === 'POST' ? { json: bodies[name] } : {}),
      };
    }

    it('gives every actor exactly the expected answer on every endpoint', async () => {
      const names = endpointList.map((endpoint) => endpoint.id as EndpointId);
      const shared = await fixture('getTicket');
      let cells = 0;
      const unexpectedAllows: string[] = [];
      const mismatches: string[] = [];
      for (const name of names) {
        const mutates = request(name, shared).method === 'POST';
        for (const actor of actors) {
          const ids = mutates ? await fixture(name) : shared;
          const call = request(name, ids);
          const credential = credentials.get(actor) ?? null;
          const headers: Record<string, string> = {};
          if (credential !== null) {
            headers.Authorization = `Bearer ${credential}`;
          }
          if (call.method === 'POST') {
            headers['Idempotency-Key'] = randomUUID();
          }
          const response = await server.fetch(call.path, {
            method: call.method,
            headers,
            ...(call.form === undefined ? {} : { body: call.form }),
            ...(call.json === undefined ? {} : { json: call.json }),
          });
          await response.arrayBuffer();
          cells += 1;
          const expected = expectedStatus(actor, name);
          const allowed = response.status >= 200 && response.status < 300;
          if (allowed && !(expected >= 200 && expected < 300)) {
            unexpectedAllows.push(`${actor} × ${name}: ${response.status}`);
          }
          if (response.status !== expected) {
            mismatches.push(`${actor} × ${name}: got ${response.status}, expected ${expected}`);
          }
        }
      }
      console.log(
        `[${engine}] authorization matrix: ${actors.length} actors × ${names.length} endpoints = ${cells} cells tested, ${unexpectedAllows.length} unexpected allows, ${mismatches.length} mismatches`,
      );
      for (const line of [...unexpectedAllows, ...mismatches]) {
        console.log(`  ${line}`);
      }
      expect(cells).toBe(actors.length * names.length);
      expect(unexpectedAllows).toEqual([]);
      expect(mismatches).toEqual([]);
    }, 120_000);
  });
}
