import type { CategoriesResponse, ConfigResponse, MeResponse } from '../contract/account';
import type { UploadedAttachment } from '../contract/system';
import type {
  CloseTicketRequest,
  CreateTicketRequest,
  ListTicketsQuery,
  RateTicketRequest,
  ReopenTicketRequest,
  ReplyRequest,
  SimilarTicketsQuery,
  SimilarTicketsResponse,
  Thread,
  TicketDetail,
  TicketPage,
} from '../contract/tickets';
import type { Message } from '../ticket/ticket';
import { AideError } from './errors';
import {
  type ConnectionOptions,
  type Credentials,
  createTransport,
  type PostOptions,
  type RequestOptions,
  typedCall,
  type UploadFile,
  type UploadOptions,
  walkPages,
} from './transport';

export interface GetTokenContext {
  /** True when the previous token was refused (401): return a newly minted one, not a cached one. */
  refresh: boolean;
}

export interface ClientOptions extends ConnectionOptions {
  /**
   * Returns the host token (a JWT signed by the host backend). Called once, then again only
   * when the server refuses the token (401), with `{ refresh: true }`.
   */
  getToken: (context: GetTokenContext) => string | Promise<string>;
}

/** The widget API, one typed method per endpoint. Every method throws only `AideError`. */
export interface AideClient {
  me(options?: RequestOptions): Promise<MeResponse>;
  config(options?: RequestOptions): Promise<ConfigResponse>;
  categories(options?: RequestOptions): Promise<CategoriesResponse>;
  createTicket(body: CreateTicketRequest, options?: PostOptions): Promise<TicketDetail>;
  listTickets(query?: ListTicketsQuery, options?: RequestOptions): Promise<TicketPage>;
  /** Walks the pages of `listTickets` lazily, following `next_cursor` until the last page. */
  iterateTickets(query?: ListTicketsQuery, options?: RequestOptions): AsyncGenerator<TicketPage>;
  similarTickets(
    query: SimilarTicketsQuery,
    options?: RequestOptions,
  ): Promise<SimilarTicketsResponse>;
  getTicket(id: string, options?: RequestOptions): Promise<TicketDetail>;
  getThread(id: string, options?: RequestOptions): Promise<Thread>;
  reply(id: string, body: ReplyRequest, options?: PostOptions): Promise<Message>;
  close(id: string, body?: CloseTicketRequest, options?: PostOptions): Promise<TicketDetail>;
  reopen(id: string, body?: ReopenTicketRequest, options?: PostOptions): Promise<TicketDetail>;
  rate(id: string, body: RateTicketRequest, options?: PostOptions): Promise<TicketDetail>;
  uploadAttachment(file: UploadFile, options?: UploadOptions): Promise<UploadedAttachment>;
  downloadAttachment(id: string, options?: RequestOptions): Promise<Blob>;
}

/** A cached host token, fetched again once when the server refuses it. */
function hostTokenCredentials(getToken: ClientOptions['getToken']): Credentials {
  let cached: Promise<string> | undefined;
  // Calls refused together with the same token share one refresh.
  let lastRefresh: { stale: string; token: Promise<string> } | undefined;
  const fetchToken = (refresh: boolean): Promise<string> => {
    const pending = (async () => {
      let token: unknown;
      try {
        token = await getToken({ refresh });
      } catch (cause) {
        throw new AideError('unauthorized', 'getToken() failed', { cause });
      }
      if (typeof token !== 'string' || token === '') {
        throw new AideError('unauthorized', 'getToken() returned no token');
      }
      return token;
    })();
    cached = pending;
    // A failed fetch is not kept: the next call asks the host again.
    pending.catch(() => {
      if (cached === pending) {
        cached = undefined;
      }
    });
    return pending;
  };
  return {
    current: () => cached ?? fetchToken(false),
    refresh(stale) {
      if (lastRefresh?.stale !== stale) {
        const refreshing = { stale, token: fetchToken(true) };
        lastRefresh = refreshing;
        // A failed refresh is not shared with later calls: they ask the host again.
        refreshing.token.catch(() => {
          if (lastRefresh === refreshing) {
            lastRefresh = undefined;
          }
        });
      }
      return lastRefresh.token;
    },
  };
}

/**
 * The widget's HTTP client on ky: host token with one refresh on 401, an `Idempotency-Key` on
 * every POST (the same on each retry), retries with exponential backoff and full jitter on
 * network errors, timeouts, 408, 409 (in progress), 429 and 5xx, `Retry-After` honoured and
 * shared by every call of the client, timeouts and `AbortSignal` on every call, requests and
 * answers checked against the contract.
 *
 * @example
 * const client = createClient({
 *   baseUrl: 'https://support.example.com',
 *   getToken: ({ refresh }) => host.fetchAideToken({ refresh }),
 * });
 * const { ticket } = await client.createTicket(draft, { idempotencyKey: draft.key });
 * for await (const page of client.iterateTickets({ status: 'open' })) {
 *   render(page.items);
 * }
 */
export function createClient(options: ClientOptions): AideClient {
  const { getToken, ...connection } = options;
  const transport = createTransport({ ...connection, credentials: hostTokenCredentials(getToken) });
  const call = typedCall(transport);
  const listTickets = (query: ListTicketsQuery = {}, requestOptions: RequestOptions = {}) =>
    call('listTickets', { query, options: requestOptions });

  return {
    me: (requestOptions = {}) => call('me', { options: requestOptions }),
    config: (requestOptions = {}) => call('config', { options: requestOptions }),
    categories: (requestOptions = {}) => call('categories', { options: requestOptions }),
    createTicket: (body, requestOptions = {}) =>
      call('createTicket', { body, options: requestOptions }),
    listTickets,
    iterateTickets: (query = {}, requestOptions = {}) =>
      walkPages((pageQuery) => listTickets(pageQuery, requestOptions), query),
    similarTickets: (query, requestOptions = {}) =>
      call('similarTickets', { query, options: requestOptions }),
    getTicket: (id, requestOptions = {}) =>
      call('getTicket', { params: { id }, options: requestOptions }),
    getThread: (id, requestOptions = {}) =>
      call('getThread', { params: { id }, options: requestOptions }),
    reply: (id, body, requestOptions = {}) =>
      call('reply', { params: { id }, body, options: requestOptions }),
    close: (id, body = {}, requestOptions = {}) =>
      call('closeTicket', { params: { id }, body, options: requestOptions }),
    reopen: (id, body = {}, requestOptions = {}) =>
      call('reopenTicket', { params: { id }, body, options: requestOptions }),
    rate: (id, body, requestOptions = {}) =>
      call('rateTicket', { params: { id }, body, options: requestOptions }),
    uploadAttachment: (file, requestOptions = {}) =>
      call('uploadAttachment', { file, options: requestOptions }),
    downloadAttachment: (id, requestOptions = {}) =>
      call('downloadAttachment', { params: { id }, options: requestOptions }),
  };
}
