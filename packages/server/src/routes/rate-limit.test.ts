import { problemSchema } from '@aide/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteStores } from '../test-support/stores';
import { agentKeyA, as, type Person, people, startTestServer, type TestServer } from './harness';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(sqliteStores, {
    limits: {
      body_bytes: 65_536,
      attachment_bytes: 65_536,
      ticket_attachment_bytes: 65_536,
      user_per_minute: 5,
      tenant_per_minute: 8,
    },
  });
});
afterAll(() => server.close());

it('limits each user and each tenant, answering 429 with Retry-After', async () => {
  const ada = await server.token(people.ada);
  const bob = await server.token(people.bob);
  const statuses = async (token: string, count: number) => {
    const out: number[] = [];
    for (let index = 0; index < count; index += 1) {
      out.push((await server.fetch('/v1/me', { headers: as(token) })).status);
    }
    return out;
  };
  expect(await statuses(ada, 6)).toEqual([200, 200, 200, 200, 200, 429]);
  const limited = await server.fetch('/v1/me', { headers: as(ada) });
  expect(limited.status).toBe(429);
  const retryAfter = Number(limited.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(problemSchema.parse(await limited.json()).code).toBe('rate_limited');
  // Bob has his own allowance, but the tenant's (8 per minute) runs out first.
  expect(await statuses(bob, 5)).toEqual([200, 200, 200, 429, 429]);
  console.log(`rate limit: user 5/min, tenant 8/min; Retry-After ${retryAfter} s`);
  server.clock.now += 60_000;
  expect(await statuses(await server.token(people.ada), 1)).toEqual([200]);
});

describe('user buckets', () => {
  let shared: TestServer;
  beforeAll(async () => {
    shared = await startTestServer(sqliteStores, {
      limits: {
        body_bytes: 65_536,
        attachment_bytes: 65_536,
        ticket_attachment_bytes: 65_536,
        user_per_minute: 3,
        tenant_per_minute: 1_000,
      },
    });
  });
  afterAll(() => shared.close());

  const spend = async (person: Person, count: number) => {
    const token = await shared.token(person);
    const out: number[] = [];
    for (let index = 0; index < count; index += 1) {
      out.push((await shared.fetch('/v1/me', { headers: as(token) })).status);
    }
    return out;
  };

  it("keeps one company's user from spending another company's user of the same id", async () => {
    // The host signs `ada` for Acme and for Globex (an accountant serving both): two users.
    expect(await spend(people.ada, 4)).toEqual([200, 200, 200, 429]);
    expect(await spend(people.adaAtGlobex, 4)).toEqual([200, 200, 200, 429]);
    expect(await spend(people.olga, 1)).toEqual([200]);
  });

  it("counts each agent key apart from the users, even one whose id reads like the agent's", async () => {
    const agentCalls: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      const response = await shared.fetch('/v1/agent/tickets', {
        headers: { Authorization: `Bearer ${agentKeyA}` },
      });
      agentCalls.push(response.status);
    }
    expect(agentCalls).toEqual([200, 200, 200, 429]);
    expect(await spend(people.agentLookalike, 1)).toEqual([200]);
  });

  it('never lets the parts of one key read as another key', async () => {
    // Joined with a plain separator, company `acme:x` + user `y` and company `acme` + user
    // `x:y` would be one bucket.
    const first = { ...people.bob, company: 'acme:x', sub: 'y', email: 'y@acme.test' };
    const second = { ...people.bob, company: 'acme', sub: 'x:y', email: 'xy@acme.test' };
    expect(await spend(first, 4)).toEqual([200, 200, 200, 429]);
    expect(await spend(second, 1)).toEqual([200]);
  });
});
