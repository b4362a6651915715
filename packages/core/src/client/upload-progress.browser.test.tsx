import { afterEach, expect, it, vi } from 'vitest';
import { createClient } from './create-client';

// .tsx only so that the core (node) project, whose pattern is *.test.ts, leaves it to the
// browser project. In a real browser the client uploads through XMLHttpRequest to get progress events. The
// test page's own server answers the POST with a static file standing in for the Aide server
// (test-upload/v1/attachments), as browser tests cannot start a server of their own.

afterEach(() => {
  vi.restoreAllMocks();
});

it('reports upload progress through XMLHttpRequest, from 0 to the whole file', async () => {
  const open = vi.spyOn(XMLHttpRequest.prototype, 'open');
  const client = createClient({
    baseUrl: `${location.origin}/packages/core/src/client/test-upload/`,
    getToken: () => 'token-1',
    retry: false,
  });
  const size = 4 * 1024 * 1024;
  const file = Object.assign(new Blob([new Uint8Array(size)], { type: 'image/png' }), {
    name: 'capture.png',
  });
  const progress: { loaded: number; total: number }[] = [];
  const uploaded = await client.uploadAttachment(file, {
    onProgress: (event) => progress.push(event),
  });
  expect(uploaded).toEqual({ id: 'att_browser', name: 'capture.png', size, type: 'image/png' });
  expect(open).toHaveBeenCalledWith(
    'POST',
    `${location.origin}/packages/core/src/client/test-upload/v1/attachments`,
    true,
  );
  expect(progress[0]).toEqual({ loaded: 0, total: size });
  expect(progress.at(-1)).toEqual({ loaded: size, total: size });
  const loaded = progress.map((event) => event.loaded);
  expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
});

it('uploads through a caller fetch when one is given, reporting the start and the end', async () => {
  const open = vi.spyOn(XMLHttpRequest.prototype, 'open');
  const calls: string[] = [];
  const client = createClient({
    baseUrl: `${location.origin}/packages/core/src/client/test-upload/`,
    getToken: () => 'token-1',
    retry: false,
    fetch: (input, init) => {
      calls.push(input instanceof Request ? input.url : String(input));
      return fetch(input, init);
    },
  });
  const size = 64 * 1024;
  const file = Object.assign(new Blob([new Uint8Array(size)]), { name: 'capture.png' });
  const progress: { loaded: number; total: number }[] = [];
  await client.uploadAttachment(file, { onProgress: (event) => progress.push(event) });
  expect(open).not.toHaveBeenCalled();
  expect(calls).toEqual([`${location.origin}/packages/core/src/client/test-upload/v1/attachments`]);
  expect(progress).toEqual([
    { loaded: 0, total: size },
    { loaded: size, total: size },
  ]);
});
