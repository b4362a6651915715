import { afterAll, beforeAll, expect, it } from 'vitest';
import { type RunningServer, startServer } from './main';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(0);
});
afterAll(() => server.close());

it('answers its health check over real HTTP on loopback', async () => {
  const response = await fetch(`${server.url}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', statuses: 7 });
});
