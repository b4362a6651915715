import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configResponseSchema,
  meResponseSchema,
  threadSchema,
  ticketPageSchema,
  ticketStatuses,
} from '@aide/core';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type ServerConfig } from '../config/config';
import { type RunningServer, startServer } from '../main';
import { createDirectory } from '../services/directory';
import { openStore } from '../store/index';
import type { Store } from '../store/store';
import { demoAgentKey, demoConfig, demoSecret, demoUsers } from './fixture';
import { seedDemo } from './seed';

let dir: string;
let store: Store;
let config: ServerConfig;
let server: RunningServer;
const directory = createDirectory();

function token(user: (typeof demoUsers)[keyof typeof demoUsers]) {
  const { sub, ...claims } = user;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer('demo')
    .setAudience('aide')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(demoSecret));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aide-demo-'));
  store = await openStore({ sqlitePath: join(dir, 'aide.sqlite') });
  config = parseConfig({ ...demoConfig(), port: 0, data_dir: dir });
  expect(await seedDemo(store, config, directory, new Date())).toEqual({ created: 7 });
  server = await startServer({ config, store, directory });
});
afterAll(async () => {
  await server.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the demo fixture (DESIGN.md section 7)', () => {
  it('has the fixed tenant, secret, origins, agent key and settings', () => {
    const tenant = config.tenants[0];
    expect(tenant?.id).toBe('demo');
    expect(tenant?.secret).toBe('demo-secret-change-me');
    expect(tenant?.allowed_origins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    expect(tenant?.agent_keys.map((key) => key.key)).toEqual(['demo-agent-key']);
    expect(tenant?.company_view).toBe(true);
    expect(tenant?.only_admins_create).toBe(true);
    expect(parseConfig(demoConfig()).port).toBe(8787);
    expect(parseConfig(demoConfig()).host).toBe('127.0.0.1');
  });

  it('knows ada (admin) and bob (member) of acme, eve (member) of globex', async () => {
    const expectations = [
      [demoUsers.ada, 'admin', 'acme', 'Acme SARL', true],
      [demoUsers.bob, 'member', 'acme', 'Acme SARL', false],
      [demoUsers.eve, 'member', 'globex', 'Globex', false],
    ] as const;
    for (const [user, role, company, companyName, canCreate] of expectations) {
      const response = await fetch(`${server.url}/v1/me`, {
        headers: { Authorization: `Bearer ${await token(user)}` },
      });
      const me = meResponseSchema.parse(await response.json());
      expect(me.user.role).toBe(role);
      expect(me.company).toEqual({ id: company, name: companyName });
      expect(me.capabilities.can_create_ticket).toBe(canCreate);
    }
    const bob = meResponseSchema.parse(
      await (
        await fetch(`${server.url}/v1/me`, {
          headers: { Authorization: `Bearer ${await token(demoUsers.bob)}` },
        })
      ).json(),
    );
    expect(bob.administrators).toEqual([{ name: 'Ada Lovelace' }]);
    expect(demoUsers.ada.email).toBe('ada@acme.test');
    expect(demoUsers.bob.email).toBe('bob@acme.test');
    expect(demoUsers.eve.email).toBe('eve@globex.test');
  });

  it('has tickets in every status, with threads, visible to acme and not to globex', async () => {
    const page = ticketPageSchema.parse(
      await (
        await fetch(`${server.url}/v1/tickets?scope=company&limit=100`, {
          headers: { Authorization: `Bearer ${await token(demoUsers.bob)}` },
        })
      ).json(),
    );
    expect(new Set(page.items.map((item) => item.status))).toEqual(new Set(ticketStatuses));
    expect(page.items.map((item) => item.number).sort((a, b) => a - b)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    const waiting = page.items.find((item) => item.status === 'waiting_on_customer');
    const thread = threadSchema.parse(
      await (
        await fetch(`${server.url}/v1/tickets/${waiting?.id}/messages`, {
          headers: { Authorization: `Bearer ${await token(demoUsers.ada)}` },
        })
      ).json(),
    );
    expect(thread.messages.length).toBeGreaterThan(0);
    expect(thread.events.map((event) => event.kind)).toContain('status_changed');
    const eve = ticketPageSchema.parse(
      await (
        await fetch(`${server.url}/v1/tickets?scope=company`, {
          headers: { Authorization: `Bearer ${await token(demoUsers.eve)}` },
        })
      ).json(),
    );
    expect(eve.items).toEqual([]);
    const agent = await fetch(`${server.url}/v1/agent/tickets?limit=100`, {
      headers: { Authorization: `Bearer ${demoAgentKey}` },
    });
    expect(((await agent.json()) as { items: unknown[] }).items).toHaveLength(7);
  });

  it('serves docs and video links, some for specific routes', async () => {
    const response = await fetch(`${server.url}/v1/config`, {
      headers: {
        Authorization: `Bearer ${await token(demoUsers.bob)}`,
        Origin: 'http://localhost:5173',
      },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const body = configResponseSchema.parse(await response.json());
    const routes = new Set(body.docs.flatMap((doc) => doc.routes));
    expect(routes).toEqual(new Set(['/candidates', '/reports', '/settings']));
    expect(new Set(body.docs.map((doc) => doc.kind))).toEqual(new Set(['doc', 'video']));
  });

  it('keeps the data when seeded again', async () => {
    expect(await seedDemo(store, config, directory, new Date())).toEqual({ created: 0 });
    expect(await store.getTicketByNumber('demo', 8)).toBeNull();
  });
});
