import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from './app';
import { parseConfig } from './config/config';
import { openStore } from './store/index';
import type { Store } from './store/store';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aide-app-'));
  store = await openStore({ sqlitePath: join(dir, 'aide.sqlite') });
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function adaToken(secret: string): Promise<string> {
  return new SignJWT({
    email: 'ada@acme.test',
    name: 'Ada Lovelace',
    company: 'acme',
    company_name: 'Acme SARL',
    role: 'admin',
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('acme')
    .setAudience('aide')
    .setSubject('ada')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret));
}

/** A valid create-ticket body for `general.question`, with any field overridden. */
function questionBody(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    category: 'general.question',
    subject: 'Une question',
    description: 'Comment archiver une offre ?',
    priority: 'normal',
    fields: {},
    attachments: [],
    consent: { accepted: true, text_version: 'v1' },
    share_with_account_manager: false,
    context: {},
    ...overrides,
  });
}

it('routes every registry endpoint and answers anything else with a problem', async () => {
  const config = parseConfig({
    data_dir: dir,
    tenants: [{ id: 'acme', secret: 'a-secret-of-enough-length' }],
  });
  const app = await createApp({ config, store });
  const health = await app.request('/health');
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  expect((await app.request('/health', { method: 'HEAD' })).status).toBe(200);
  const anonymous = await app.request('/v1/tickets');
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
  const unknown = await app.request('/v2/anything');
  expect(unknown.status).toBe(404);
  expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
});

it('refuses a NUL character in a body as invalid input naming the field, never a 500', async () => {
  const secret = 'a-secret-of-enough-length';
  const config = parseConfig({ data_dir: dir, tenants: [{ id: 'acme', secret }] });
  const app = await createApp({ config, store });
  const token = await adaToken(secret);
  const response = await app.request('/v1/tickets', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': 'nul-in-description',
    },
    body: questionBody({ description: '<scr\u0000ipt>' }),
  });
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({
    code: 'validation_failed',
    errors: [{ path: 'description', message: 'Must not contain NUL (U+0000) characters' }],
  });
  const list = await app.request('/v1/tickets', { headers: { Authorization: `Bearer ${token}` } });
  expect(await list.json()).toMatchObject({ items: [] });
});

it('tells the caller after each accepted write, never after a read or a refusal', async () => {
  const secret = 'a-secret-of-enough-length';
  const config = parseConfig({ data_dir: dir, tenants: [{ id: 'acme', secret }] });
  let writes = 0;
  const app = await createApp({ config, store, afterWrite: () => writes++ });
  const headers = { Authorization: `Bearer ${await adaToken(secret)}` };
  const post = (key: string, subject: string) =>
    app.request('/v1/tickets', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: questionBody({ subject }),
    });
  expect((await post('after-write-1', 'Archiver une offre')).status).toBe(201);
  expect(writes).toBe(1);
  expect((await app.request('/v1/tickets', { headers })).status).toBe(200);
  expect((await post('after-write-2', '')).status).toBe(400);
  expect(writes).toBe(1);
});
