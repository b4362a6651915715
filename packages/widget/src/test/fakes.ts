import type { ConfigResponse, MeResponse } from '@aide/core';
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
