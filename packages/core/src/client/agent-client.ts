import type { UploadedAttachment } from '../contract/system';
import type {
  AgentListTicketsQuery,
  AgentMergeRequest,
  AgentRenameRequest,
  AgentReplyRequest,
  AgentSetStatusRequest,
  AgentTicketDetail,
  AgentTicketPage,
  Thread,
} from '../contract/tickets';
import type { Message } from '../ticket/ticket';
import {
  type ConnectionOptions,
  createTransport,
  type PostOptions,
  type RequestOptions,
  typedCall,
  type UploadFile,
  type UploadOptions,
  walkPages,
} from './transport';

export interface AgentClientOptions extends ConnectionOptions {
  /** The tenant's agent API key, sent as `Authorization: Bearer <key>` to /v1/agent/* only. */
  apiKey: string;
}

/** The agent API (support team side). Every method throws only `AideError`. */
export interface AideAgentClient {
  listTickets(query?: AgentListTicketsQuery, options?: RequestOptions): Promise<AgentTicketPage>;
  iterateTickets(
    query?: AgentListTicketsQuery,
    options?: RequestOptions,
  ): AsyncGenerator<AgentTicketPage>;
  getTicket(id: string, options?: RequestOptions): Promise<AgentTicketDetail>;
  getThread(id: string, options?: RequestOptions): Promise<Thread>;
  reply(id: string, body: AgentReplyRequest, options?: PostOptions): Promise<Message>;
  setStatus(
    id: string,
    body: AgentSetStatusRequest,
    options?: PostOptions,
  ): Promise<AgentTicketDetail>;
  rename(id: string, body: AgentRenameRequest, options?: PostOptions): Promise<AgentTicketDetail>;
  /** Merges ticket `id` into `body.into`; answers ticket `id`, now with `merged_into` set. */
  merge(id: string, body: AgentMergeRequest, options?: PostOptions): Promise<AgentTicketDetail>;
  uploadAttachment(file: UploadFile, options?: UploadOptions): Promise<UploadedAttachment>;
  downloadAttachment(id: string, options?: RequestOptions): Promise<Blob>;
}

/**
 * Client of the agent API, with the same retries, idempotency keys, timeouts and validation as
 * the widget's client. A refused key (401) is final: there is nothing to refresh.
 *
 * @example
 * const agent = createAgentClient({ baseUrl: 'http://127.0.0.1:8787', apiKey: process.env.AIDE_AGENT_KEY! });
 * await agent.reply(ticketId, { body: 'Fixed in 2.4.1', attachments: [] });
 * await agent.setStatus(ticketId, { status: 'resolved', reason: 'fixed' });
 */
export function createAgentClient(options: AgentClientOptions): AideAgentClient {
  const { apiKey, ...connection } = options;
  const transport = createTransport({
    ...connection,
    credentials: { current: async () => apiKey, refresh: async () => undefined },
  });
  const call = typedCall(transport);
  const listTickets = (query: AgentListTicketsQuery = {}, requestOptions: RequestOptions = {}) =>
    call('agentListTickets', { query, options: requestOptions });

  return {
    listTickets,
    iterateTickets: (query = {}, requestOptions = {}) =>
      walkPages((pageQuery) => listTickets(pageQuery, requestOptions), query),
    getTicket: (id, requestOptions = {}) =>
      call('agentGetTicket', { params: { id }, options: requestOptions }),
    getThread: (id, requestOptions = {}) =>
      call('agentGetThread', { params: { id }, options: requestOptions }),
    reply: (id, body, requestOptions = {}) =>
      call('agentReply', { params: { id }, body, options: requestOptions }),
    setStatus: (id, body, requestOptions = {}) =>
      call('agentSetStatus', { params: { id }, body, options: requestOptions }),
    rename: (id, body, requestOptions = {}) =>
      call('agentRenameTicket', { params: { id }, body, options: requestOptions }),
    merge: (id, body, requestOptions = {}) =>
      call('agentMergeTicket', { params: { id }, body, options: requestOptions }),
    uploadAttachment: (file, requestOptions = {}) =>
      call('agentUploadAttachment', { file, options: requestOptions }),
    downloadAttachment: (id, requestOptions = {}) =>
      call('agentDownloadAttachment', { params: { id }, options: requestOptions }),
  };
}
