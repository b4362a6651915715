import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentClient } from './agent-client';
import { isAideError } from './errors';
import { summaryFixture, ticketDetailFixture } from './test-fixtures';
import { json, problem, startTestServer, type TestServer } from './test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const agentDetail = () => {
  const { ticket, sla } = ticketDetailFixture();
  return { ticket, sla };
};

describe('createAgentClient', () => {
  it('authenticates with the agent key and lists the tenant tickets with filters', async () => {
    server.handle((_request, response) =>
      json(response, 200, {
        items: [{ ...summaryFixture(7), company_id: 'company_9' }],
        next_cursor: null,
      }),
    );
    const agent = createAgentClient({ baseUrl: server.url, apiKey: 'agent-key-1' });
    const page = await agent.listTickets({ company: 'company_9', status: 'open' });
    expect(page.items[0]).toMatchObject({ number: 7, company_id: 'company_9' });
    const request = server.requests[0];
    expect(request?.headers.authorization).toBe('Bearer agent-key-1');
    const url = new URL(request?.path ?? '', server.url);
    expect(url.pathname).toBe('/v1/agent/tickets');
    expect(url.searchParams.get('company')).toBe('company_9');
    expect(url.searchParams.get('status')).toBe('open');
  });

  it('replies, changes status, renames and merges, each with an idempotency key', async () => {
    server.handle((request, response) => {
      if (request.path.endsWith('/messages')) {
        json(response, 201, {
          id: 'm_2',
          ticket_id: 'tk_1',
          author: { kind: 'agent', id: 'agent_1', name: 'Sam' },
          body: 'Fixed in 2.4.1',
          attachments: [],
          created_at: '2026-11-02T11:00:00.000Z',
        });
      } else {
        json(response, 200, agentDetail());
      }
    });
    const agent = createAgentClient({ baseUrl: server.url, apiKey: 'agent-key-1' });
    await agent.reply('tk_1', { body: 'Fixed in 2.4.1', attachments: [] });
    await agent.setStatus('tk_1', { status: 'resolved', reason: 'fixed' });
    await agent.rename('tk_1', { subject: 'CSV export truncated at 50 rows' });
    await agent.merge('tk_1', { into: 'tk_0' });
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/agent/tickets/tk_1/messages',
      'POST /v1/agent/tickets/tk_1/status',
      'POST /v1/agent/tickets/tk_1/rename',
      'POST /v1/agent/tickets/tk_1/merge',
    ]);
    const keys = server.requests.map((request) => request.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(4);
    expect(JSON.parse(server.requests[3]?.body.toString() ?? '')).toEqual({ into: 'tk_0' });
  });

  it('refuses to resolve without a reason before calling the server', async () => {
    const agent = createAgentClient({ baseUrl: server.url, apiKey: 'agent-key-1' });
    await expect(agent.setStatus('tk_1', { status: 'resolved' })).rejects.toMatchObject({
      code: 'validation_failed',
      problem: { errors: [{ path: 'body.reason', message: 'A resolution needs a reason' }] },
    });
    expect(server.requests).toHaveLength(0);
  });

  it('treats a refused key as final: no refresh, no retry', async () => {
    server.handle((_request, response) => problem(response, 401, 'unauthorized'));
    const agent = createAgentClient({ baseUrl: server.url, apiKey: 'revoked' });
    const error = await agent.getTicket('tk_1').catch((caught: unknown) => caught);
    expect(isAideError(error) && error.code).toBe('unauthorized');
    expect(server.requests).toHaveLength(1);
  });
});
