import { createClient, isAideError } from '@aide/core';
import { expect, it } from 'vitest';
import { fakeMe } from '../test/fakes';
import { type AideClient, deferredClient } from './client';

function realClient(): AideClient {
  return createClient({
    baseUrl: 'https://support.test',
    getToken: () => 'token',
    fetch: async () => Response.json(fakeMe()),
    retry: false,
  });
}

it('offers every method of the real client', () => {
  const deferred = deferredClient(async () => realClient());
  expect(Object.keys(deferred).sort()).toEqual(Object.keys(realClient()).sort());
});

it('loads the client on the first call only, and answers through it', async () => {
  let loads = 0;
  const deferred = deferredClient(async () => {
    loads += 1;
    return realClient();
  });
  expect(loads).toBe(0);
  const [me, again] = await Promise.all([deferred.me(), deferred.me()]);
  expect(me.user.id).toBe('ada');
  expect(again.user.id).toBe('ada');
  expect(loads).toBe(1);
});

it('turns a chunk that cannot be fetched into a network_error, and tries again next time', async () => {
  let loads = 0;
  const deferred = deferredClient(async () => {
    loads += 1;
    if (loads === 1) {
      throw new TypeError('Failed to fetch dynamically imported module');
    }
    return realClient();
  });
  const failure = await deferred.me().catch((error: unknown) => error);
  expect(isAideError(failure) && failure.code).toBe('network_error');
  expect((await deferred.me()).user.id).toBe('ada');
  expect(loads).toBe(2);
});
