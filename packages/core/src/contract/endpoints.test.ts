import { describe, expect, it } from 'vitest';
import { endpointList, endpointPath, endpoints } from './endpoints';

describe('endpoint registry', () => {
  it('gives every endpoint a unique id matching its key and a unique method + path', () => {
    for (const [key, endpoint] of Object.entries(endpoints)) {
      expect(endpoint.id).toBe(key);
    }
    const routes = endpointList.map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('covers every route of DESIGN.md section 5', () => {
    const routes = endpointList.map((endpoint) => `${endpoint.method} ${endpoint.path}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /v1/openapi.json',
        'GET /v1/me',
        'GET /v1/config',
        'GET /v1/categories',
        'POST /v1/tickets',
        'GET /v1/tickets',
        'GET /v1/tickets/similar',
        'GET /v1/tickets/:id',
        'GET /v1/tickets/:id/messages',
        'POST /v1/tickets/:id/messages',
        'POST /v1/tickets/:id/close',
        'POST /v1/tickets/:id/reopen',
        'POST /v1/tickets/:id/rating',
        'POST /v1/attachments',
        'GET /v1/attachments/:id',
        'GET /v1/agent/tickets',
        'GET /v1/agent/tickets/:id',
        'GET /v1/agent/tickets/:id/messages',
        'POST /v1/agent/tickets/:id/messages',
        'POST /v1/agent/tickets/:id/status',
        'POST /v1/agent/tickets/:id/rename',
        'POST /v1/agent/tickets/:id/merge',
      ]),
    );
  });

  it('marks every POST as needing an idempotency key, and no GET', () => {
    for (const endpoint of endpointList) {
      expect(endpoint.idempotent === true, endpoint.id).toBe(endpoint.method === 'POST');
    }
  });

  it('declares a params schema key for each :name of a path, and nothing more', () => {
    for (const endpoint of endpointList) {
      const names = [...endpoint.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
      expect(Object.keys(endpoint.params?.shape ?? {}), endpoint.id).toEqual(names);
    }
  });

  it('keeps agent credentials on /v1/agent/* and host tokens everywhere else', () => {
    for (const endpoint of endpointList) {
      const underAgent = endpoint.path.startsWith('/v1/agent/');
      expect(endpoint.auth === 'agent', endpoint.id).toBe(underAgent);
    }
  });

  it('routes /v1/tickets/similar before /v1/tickets/:id so the literal path wins', () => {
    const ids = endpointList.map((endpoint) => endpoint.id);
    expect(ids.indexOf('similarTickets')).toBeLessThan(ids.indexOf('getTicket'));
  });
});

describe('endpointPath', () => {
  it('fills and encodes path parameters', () => {
    expect(endpointPath(endpoints.getThread.path, { id: 'a/b c' })).toBe(
      '/v1/tickets/a%2Fb%20c/messages',
    );
  });

  it('refuses a missing parameter rather than calling a wrong URL', () => {
    expect(() => endpointPath(endpoints.getTicket.path, {})).toThrow(/Missing path parameter "id"/);
  });
});
