import { AideError, type createClient } from '@aide/core';

/** The one API client, built by @aide/core's createClient: the widget never speaks HTTP itself. */
export type AideClient = ReturnType<typeof createClient>;

type Method = Exclude<keyof AideClient, 'iterateTickets'>;

// Every method of the client but iterateTickets (an async generator, wrapped on its own below).
const methods = [
  'me',
  'config',
  'categories',
  'createTicket',
  'listTickets',
  'similarTickets',
  'getTicket',
  'getThread',
  'reply',
  'close',
  'reopen',
  'rate',
  'uploadAttachment',
  'downloadAttachment',
] as const satisfies readonly Method[];

/**
 * The client as a chunk of its own: ky, zod/mini and the contract's schemas are a good half of
 * what the widget needs, and none of it is needed to paint the panel. The chunk is fetched on
 * the first call (the panel asks for it as soon as its own code runs, on hover); a failed fetch
 * rejects that call with a `network_error` AideError, like any request that could not be sent,
 * and the next call tries again.
 *
 * @example
 * const client = deferredClient(() =>
 *   import('./api').then(({ createClient }) => createClient({ baseUrl, getToken })),
 * );
 * await client.me();
 */
export function deferredClient(load: () => Promise<AideClient>): AideClient {
  let loading: Promise<AideClient> | undefined;
  const client = (): Promise<AideClient> => {
    loading ??= load().catch((cause: unknown) => {
      loading = undefined;
      throw new AideError('network_error', 'the API client could not be loaded', { cause });
    });
    return loading;
  };
  const deferred: Record<string, unknown> = {
    async *iterateTickets(...args: Parameters<AideClient['iterateTickets']>) {
      yield* (await client()).iterateTickets(...args);
    },
  };
  for (const name of methods) {
    deferred[name] = (...args: unknown[]) =>
      client().then((loaded) => (loaded[name] as (...input: unknown[]) => unknown)(...args));
  }
  return deferred as unknown as AideClient;
}
