import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { endpointList } from './endpoints';
import { createOpenApiDocument } from './openapi';

type JsonObject = Record<string, unknown>;

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) {
      collectRefs(item, refs);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') {
        refs.push(child);
      } else {
        collectRefs(child, refs);
      }
    }
  }
  return refs;
}

function resolvePointer(document: unknown, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, segment) => (node as JsonObject | undefined)?.[segment], document);
}

describe('createOpenApiDocument', () => {
  const document = createOpenApiDocument({ serverUrl: 'https://support.example.com' });
  const operationOf = (path: string, method: string): JsonObject => {
    const operation = document.paths[path]?.[method];
    if (operation === undefined) {
      throw new Error(`No operation ${method} ${path}`);
    }
    return operation;
  };

  it('is a valid OpenAPI 3.1 document for a real validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has one operation per registry entry, named by the endpoint id', () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        id: operation.operationId,
        route: `${method.toUpperCase()} ${path}`,
      })),
    );
    expect(operations).toHaveLength(endpointList.length);
    for (const endpoint of endpointList) {
      const route = `${endpoint.method} ${endpoint.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(operations).toContainEqual({ id: endpoint.id, route });
    }
  });

  it('resolves every $ref to a component', () => {
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      expect(resolvePointer(document, ref), ref).toBeDefined();
    }
  });

  it('asks for an Idempotency-Key on every POST and documents the replay errors', () => {
    for (const endpoint of endpointList.filter((entry) => entry.method === 'POST')) {
      const operation = operationOf(endpoint.path.replace(/:(\w+)/g, '{$1}'), 'post');
      expect(operation.parameters, endpoint.id).toContainEqual({
        $ref: '#/components/parameters/IdempotencyKey',
      });
      expect(Object.keys(operation.responses as JsonObject)).toEqual(
        expect.arrayContaining(['409', '422']),
      );
    }
    expect(document.components.parameters.IdempotencyKey).toMatchObject({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
    });
  });

  it('secures widget routes with the host JWT and agent routes with the agent key', () => {
    const security = (path: string, method: string) => operationOf(path, method).security;
    expect(security('/v1/tickets', 'post')).toEqual([{ hostToken: [] }]);
    expect(security('/v1/agent/tickets/{id}/merge', 'post')).toEqual([{ agentKey: [] }]);
    expect(security('/health', 'get')).toEqual([]);
    expect(document.components.securitySchemes.hostToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it('describes errors as problem+json and query parameters as the caller writes them', () => {
    expect(document.components.responses.Problem429).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    const parameters = operationOf('/v1/tickets', 'get').parameters as JsonObject[];
    const limit = parameters.find((parameter) => parameter.name === 'limit');
    expect(limit).toMatchObject({
      in: 'query',
      required: false,
      schema: { minimum: 1, maximum: 100, default: 20 },
    });
    expect(document.components.schemas.Ticket).toMatchObject({ type: 'object' });
    // A fragment-only $id is invalid JSON Schema 2020-12; components are addressed by pointer.
    expect(JSON.stringify(document.components.schemas)).not.toContain('"$id"');
    expect(document.servers).toEqual([{ url: 'https://support.example.com' }]);
  });
});
