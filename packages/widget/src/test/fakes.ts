import {
  AideError,
  type ConfigResponse,
  filedTicketState,
  type MeResponse,
  type TicketDetail,
} from '@aide/core';
import type { AideClient } from '../models/client';

// Test and story helpers: a panel context around any view, with a fake client. A fake client is
// acceptable only here (unit tests and stories); the integration test uses the real one.

export function fakeMe(overrides: { admin?: boolean; administrators?: string[] } = {}): MeResponse {
  const admin = overrides.admin ?? true;
  return {
    user: {
      id: admin ? 'ada' : 'bob',
      name: admin ? 'Ada Lovelace' : 'Bob Martin',
      email: admin ? 'ada@acme.test' : 'bob@acme.test',
      role: admin ? 'admin' : 'member',
    },
    company: { id: 'acme', name: 'Acme SARL' },
    capabilities: { can_create_ticket: admin, can_view_company_tickets: true },
    administrators: (overrides.administrators ?? ['Ada Lovelace']).map((name) => ({ name })),
  };
}

export function fakeConfig(overrides: Partial<ConfigResponse> = {}): ConfigResponse {
  const targets = { first_response_minutes: 240, resolution_minutes: 2880 };
  return {
    docs: [],
    categories: [],
    sla_targets: { low: targets, normal: targets, high: targets, urgent: targets },
    support_hours: null,
    reopen_window_days: 14,
    consent_text_version: 'v1',
    ...overrides,
  };
}

/**
 * A client whose methods are the given functions; calling any other method fails loudly, so a
 * test notices a request it did not expect.
 */
export function fakeClient(methods: Partial<Record<keyof AideClient, unknown>>): AideClient {
  return new Proxy(methods, {
    get(target, name) {
      if (name in target) {
        return target[name as keyof typeof target];
      }
      if (name === 'then') {
        return undefined;
      }
      return () => Promise.reject(new Error(`unexpected client call: ${String(name)}`));
    },
  }) as unknown as AideClient;
}

export interface StoryClientOptions {
  admin?: boolean;
  /** `loading` never answers; `error` answers /me with a network failure. */
  session?: 'ready' | 'loading' | 'error';
  docs?: ConfigResponse['docs'];
  similar?: { id: string; number: number; subject: string; status: 'new' | 'in_progress' }[];
  /** `offline` fails as a network error would (the ticket is queued). */
  createTicket?: 'ok' | 'offline' | 'slow';
  /** `stalled` reports 40 % and never finishes; `fail` refuses the file. */
  upload?: 'ok' | 'stalled' | 'fail';
}

const never = () => new Promise<never>(() => undefined);

function transportError(message: string): AideError {
  return new AideError('network_error', message);
}

/** A fake client for stories: each state of the panel from a few switches. */
export function storyClient(options: StoryClientOptions = {}): AideClient {
  const session = options.session ?? 'ready';
  return fakeClient({
    me: () =>
      session === 'loading'
        ? never()
        : session === 'error'
          ? Promise.reject(transportError('Failed to fetch'))
          : Promise.resolve(
              fakeMe({
                admin: options.admin ?? true,
                administrators: ['Ada Lovelace', 'Grace Hopper'],
              }),
            ),
    config: () =>
      session === 'loading' ? never() : Promise.resolve(fakeConfig({ docs: options.docs ?? [] })),
    similarTickets: async () => ({
      items: (options.similar ?? []).map((ticket) => ({
        ...ticket,
        category: 'general.question',
        resolution: null,
        priority: 'normal' as const,
        created_at: '2026-11-20T09:00:00Z',
        last_activity_at: '2026-11-22T16:30:00Z',
        requester_name: 'Ada Lovelace',
        score: 0.8,
      })),
    }),
    createTicket: async () => {
      if (options.createTicket === 'offline') {
        throw transportError('Failed to fetch');
      }
      if (options.createTicket === 'slow') {
        return never();
      }
      return { ticket: { id: 't-1042', number: 1042 } };
    },
    uploadAttachment: (
      file: File,
      upload?: { onProgress?: (progress: { loaded: number; total: number }) => void },
    ) => {
      if (options.upload === 'fail') {
        return Promise.reject(transportError('upload refused'));
      }
      upload?.onProgress?.({ loaded: Math.round(file.size * 0.4), total: file.size });
      if (options.upload === 'stalled') {
        return never();
      }
      return Promise.resolve({
        id: `a-${file.name}`,
        name: file.name,
        size: file.size,
        type: file.type,
      });
    },
  });
}

/** A complete, schema-valid ticket answer (what POST /v1/tickets returns). */
export function fakeTicketDetail(number: number, subject: string): TicketDetail {
  const at = '2026-11-23T10:00:00.000Z';
  const target = {
    target_minutes: 240,
    elapsed_minutes: 0,
    remaining_minutes: 240,
    due_at: null,
    breached: false,
    breached_at: null,
    clock: 'not_started' as const,
  };
  return {
    ticket: {
      id: `tk_${number}`,
      number,
      tenant_id: 'demo',
      company_id: 'acme',
      requester: { id: 'ada', name: 'Ada Lovelace', email: 'ada@acme.test' },
      category: 'general.question',
      subject,
      fields: {},
      description: 'Description',
      priority: 'normal',
      attachments: [],
      participants: [],
      consent: { text_version: 'v1', granted_at: at },
      share_with_account_manager: false,
      context: {},
      ...filedTicketState(at),
    },
    sla: { first_response: target, resolution: target },
    allowed_actions: ['reply', 'close'],
    reopen_until: null,
  };
}
