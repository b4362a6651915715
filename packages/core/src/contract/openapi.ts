import { categoryDescriptorSchema } from '../catalog/descriptor';
import { slaStateSchema } from '../ticket/sla-state';
import {
  attachmentSchema,
  authorSchema,
  capturedContextSchema,
  messageSchema,
  personSchema,
  ticketEventSchema,
  ticketSchema,
} from '../ticket/ticket';
import { z } from '../zod';
import { configResponseSchema, meResponseSchema } from './account';
import { type EndpointDefinition, endpointList } from './endpoints';
import { problemContentType, problemSchema } from './problem';
import { attachmentUploadField, idempotencyKeyHeader, idempotencyKeySchema } from './system';
import {
  agentTicketDetailSchema,
  agentTicketPageSchema,
  agentTicketSummarySchema,
  threadSchema,
  ticketDetailSchema,
  ticketPageSchema,
  ticketSummarySchema,
} from './tickets';

// The OpenAPI document is generated from the endpoint registry and the zod schemas, never
// written by hand. This module is a separate entry (`@aide/core/openapi`) so the widget, which
// only needs the schemas, never ships the generator.

type JsonSchema = z.core.JSONSchema.BaseSchema;
type JsonObject = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, JsonObject>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, JsonObject>;
    parameters: Record<string, JsonObject>;
    securitySchemes: Record<string, JsonObject>;
  };
}

export interface OpenApiOptions {
  /** Absolute URL of the server, listed in `servers`; omitted, clients use the document's origin. */
  serverUrl?: string;
  /** `info.version`; defaults to the contract version. */
  version?: string;
}

/** Version of the HTTP contract; bumped when a request or response changes. */
export const contractVersion = '1.0.0';

// Shapes reused across endpoints get a component name of their own; the others are named
// after their operation (`CreateTicketRequest`).
const namedSchemas: readonly (readonly [z.ZodMiniType, string])[] = [
  [problemSchema, 'Problem'],
  [ticketSchema, 'Ticket'],
  [personSchema, 'Person'],
  [authorSchema, 'Author'],
  [attachmentSchema, 'Attachment'],
  [capturedContextSchema, 'CapturedContext'],
  [messageSchema, 'Message'],
  [ticketEventSchema, 'TicketEvent'],
  [slaStateSchema, 'SlaState'],
  [ticketSummarySchema, 'TicketSummary'],
  [ticketDetailSchema, 'TicketDetail'],
  [ticketPageSchema, 'TicketPage'],
  [threadSchema, 'Thread'],
  [agentTicketSummarySchema, 'AgentTicketSummary'],
  [agentTicketDetailSchema, 'AgentTicketDetail'],
  [agentTicketPageSchema, 'AgentTicketPage'],
  [meResponseSchema, 'Me'],
  [configResponseSchema, 'Config'],
  [categoryDescriptorSchema, 'CategoryDescriptor'],
];

const problemResponses: Record<string, string> = {
  '400': 'Invalid request (`validation_failed`, `invalid_json`, `idempotency_key_missing`)',
  '401': 'Missing, invalid or expired credentials (`unauthorized`)',
  '403': 'Authenticated but not allowed (`forbidden`)',
  '404': 'No such resource visible to this caller (`not_found`)',
  '409': 'Conflicts with the current state (`invalid_transition`, `idempotency_in_progress`...)',
  '413': 'File too large (`payload_too_large`)',
  '415': 'File type not accepted (`unsupported_media_type`)',
  '422': 'Idempotency key already used with another body (`idempotency_key_reused`)',
  '429': 'Too many requests (`rate_limited`); see `Retry-After`',
  '500': 'Unexpected server error (`server_error`)',
};

function pascalCase(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

// The document sets the dialect, and a `$id` holding a fragment (what zod writes from `uri`) is
// not allowed by JSON Schema 2020-12: components are addressed by their JSON pointer instead.
function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, id: _legacyId, ...rest } = schema;
  return rest;
}

/** Error statuses an operation can answer, from what it takes and who may call it. */
function errorStatuses(endpoint: EndpointDefinition): string[] {
  const statuses = new Set<string>();
  if (endpoint.query || endpoint.body || endpoint.upload || endpoint.idempotent) {
    statuses.add('400');
  }
  if (endpoint.auth !== 'none') {
    statuses.add('401');
    statuses.add('429');
  }
  if (endpoint.auth === 'user' && endpoint.method === 'POST') {
    statuses.add('403');
  }
  if (endpoint.params) {
    statuses.add('404');
  }
  if (endpoint.idempotent) {
    statuses.add('409');
    statuses.add('422');
  }
  if (endpoint.upload) {
    statuses.add('413');
    statuses.add('415');
  }
  statuses.add('500');
  return [...statuses].sort();
}

/**
 * Builds the OpenAPI 3.1 document of the API from the endpoint registry: one operation per
 * endpoint (operationId = endpoint id), zod schemas as JSON Schema 2020-12 components,
 * problem+json error responses, bearer security schemes for host tokens and agent keys, and the
 * `Idempotency-Key` header on every POST.
 *
 * @example
 * import { createOpenApiDocument } from '@aide/core/openapi';
 * app.get('/v1/openapi.json', (c) => c.json(createOpenApiDocument({ serverUrl: origin })));
 */
export function createOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const registry = z.registry<{ id: string }>();
  const names = new Map<z.ZodMiniType, string>();
  const name = (schema: z.ZodMiniType, fallback: string): string => {
    const known = names.get(schema);
    if (known !== undefined) {
      return known;
    }
    names.set(schema, fallback);
    registry.add(schema, { id: fallback });
    return fallback;
  };
  for (const [schema, schemaName] of namedSchemas) {
    name(schema, schemaName);
  }
  for (const endpoint of endpointList) {
    if (endpoint.body) {
      name(endpoint.body, `${pascalCase(endpoint.id)}Request`);
    }
    if (endpoint.response !== 'binary') {
      name(endpoint.response, `${pascalCase(endpoint.id)}Response`);
    }
  }

  const uri = (id: string) => `#/components/schemas/${id}`;
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    uri,
    unrepresentable: 'any',
  });
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    schemas[id] = withoutDialect(schema);
  }
  const ref = (schema: z.ZodMiniType) => ({ $ref: uri(names.get(schema) ?? '') });
  // Parameters are single values, converted one by one as the caller writes them (input side).
  const parameterSchema = (schema: z.core.$ZodType) =>
    withoutDialect(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

  const paths: OpenApiDocument['paths'] = {};
  for (const endpoint of endpointList) {
    const parameters: JsonObject[] = [];
    for (const [parameter, schema] of Object.entries(endpoint.params?.shape ?? {})) {
      parameters.push({
        name: parameter,
        in: 'path',
        required: true,
        schema: parameterSchema(schema),
      });
    }
    for (const [parameter, schema] of Object.entries(endpoint.query?.shape ?? {})) {
      parameters.push({
        name: parameter,
        in: 'query',
        required: !z.safeParse(schema, undefined).success,
        schema: parameterSchema(schema),
      });
    }
    if (endpoint.idempotent) {
      parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    }

    const operation: JsonObject = {
      operationId: endpoint.id,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      security:
        endpoint.auth === 'user'
          ? [{ hostToken: [] }]
          : endpoint.auth === 'agent'
            ? [{ agentKey: [] }]
            : [],
    };
    if (parameters.length > 0) {
      operation.parameters = parameters;
    }
    if (endpoint.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: ref(endpoint.body) } },
      };
    } else if (endpoint.upload) {
      operation.requestBody = {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: [attachmentUploadField],
              properties: {
                [attachmentUploadField]: {
                  type: 'string',
                  contentMediaType: 'application/octet-stream',
                },
              },
            },
          },
        },
      };
    }

    const success =
      endpoint.response === 'binary'
        ? {
            description: 'The file, as an attachment (`nosniff`)',
            headers: { 'Content-Disposition': { schema: { type: 'string' } } },
            content: {
              'application/octet-stream': {
                schema: { type: 'string', contentMediaType: 'application/octet-stream' },
              },
            },
          }
        : {
            description: endpoint.status === 201 ? 'Created' : 'OK',
            content: { 'application/json': { schema: ref(endpoint.response) } },
          };
    const responses: JsonObject = { [String(endpoint.status)]: success };
    for (const status of errorStatuses(endpoint)) {
      responses[status] = { $ref: `#/components/responses/Problem${status}` };
    }
    operation.responses = responses;

    const path = openApiPath(endpoint.path);
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operation };
  }

  const responses: Record<string, JsonObject> = {};
  for (const [status, description] of Object.entries(problemResponses)) {
    const response: JsonObject = {
      description,
      content: { [problemContentType]: { schema: { $ref: uri('Problem') } } },
    };
    if (status === '429') {
      response.headers = {
        'Retry-After': {
          description: 'Seconds to wait (or an HTTP date) before trying again',
          schema: { type: 'string' },
        },
      };
    }
    responses[`Problem${status}`] = response;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Aide API',
      version: options.version ?? contractVersion,
      description: [
        'Support tickets, docs and history for the Aide widget (`/v1`) and for support agents',
        '(`/v1/agent`). JSON with snake_case fields; errors are `application/problem+json` with a',
        'stable `code`. Every POST needs an `Idempotency-Key`: the same key with the same body',
        'replays the first answer, with another body answers 422, while the first is still',
        'running answers 409. Lists are cursor-paginated (`limit` ≤ 100, `cursor`).',
      ].join(' '),
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    tags: [
      { name: 'widget', description: 'Called by the widget for the signed-in host user' },
      { name: 'agent', description: 'Called by the support team with an agent API key' },
      { name: 'system', description: 'Health and this document' },
    ],
    paths,
    components: {
      schemas,
      responses,
      parameters: {
        IdempotencyKey: {
          name: idempotencyKeyHeader,
          in: 'header',
          required: true,
          description:
            'Unique per logical request (a UUID); reuse it when retrying the same request.',
          schema: parameterSchema(idempotencyKeySchema),
        },
      },
      securitySchemes: {
        hostToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Short-lived JWT signed by the host backend (iss = tenant, aud = aide, sub, email, name, company, company_name, role, exp ≤ iat + 15 min).',
        },
        agentKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'Agent API key of the tenant, as `Authorization: Bearer <key>`; accepted on /v1/agent/* only.',
        },
      },
    },
  };
}
