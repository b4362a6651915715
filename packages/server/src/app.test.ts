import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
