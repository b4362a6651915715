import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodyLimit } from './body-limit';

function app(): Hono {
  const hono = new Hono();
  hono.use(bodyLimit({ maxSize: 100, onError: (c) => c.text('too large', 413) }));
  hono.post('/', async (c) => c.text(await c.req.text()));
  return hono;
}

/** A body without a declared length (sent chunked). */
function stream(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let at = 0; at < bytes.length; at += 30) {
        controller.enqueue(bytes.slice(at, at + 30));
      }
      controller.close();
    },
  });
}

const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  app().request('/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('bodyLimit', () => {
  it('hands a body within the limit to the handler whole, declared or streamed', async () => {
    const text = 'a'.repeat(100);
    const declared = await post(text, { 'Content-Length': '100' });
    expect([declared.status, await declared.text()]).toEqual([200, text]);
    const streamed = await post(stream(text));
    expect([streamed.status, await streamed.text()]).toEqual([200, text]);
  });

  it('refuses a body over the limit, declared or streamed', async () => {
    const text = 'a'.repeat(101);
    expect((await post(text, { 'Content-Length': '101' })).status).toBe(413);
    expect((await post(stream(text))).status).toBe(413);
  });
});
