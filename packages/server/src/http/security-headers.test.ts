import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers';

function app(): Hono {
  const hono = new Hono();
  hono.use(securityHeaders());
  hono.get('/json', (c) => c.json({ ok: true }));
  hono.get(
    '/own-cache',
    () => new Response('bytes', { headers: { 'Cache-Control': 'private, no-store' } }),
  );
  // Response.redirect's headers are immutable (the guard a fetched response has too).
  hono.get('/immutable', () => Response.redirect('https://example.test/next', 302));
  hono.get('/fails', () => {
    throw new Error('boom');
  });
  hono.onError((_error, c) => c.json({ error: true }, 500));
  return hono;
}

const expected = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'cross-origin',
  'strict-transport-security': 'max-age=31536000',
};

describe('securityHeaders', () => {
  it('sets every header on answers, errors and responses with immutable headers alike', async () => {
    for (const path of ['/json', '/fails', '/immutable']) {
      const response = await app().request(path);
      for (const [name, value] of Object.entries(expected)) {
        expect([path, response.headers.get(name)]).toEqual([path, value]);
      }
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it("keeps an answer's own Cache-Control and body", async () => {
    const response = await app().request('/own-cache');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(await response.text()).toBe('bytes');
  });

  it('keeps the status and location of a redirect whose headers could not be changed', async () => {
    const response = await app().request('/immutable');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.test/next');
  });
});
