import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createFakeClient,
  fixedNow,
  makeDetail,
  makeSummaries,
  makeTicket,
} from '../panel/tickets/fixtures';
import { createTicketsModel, timeline } from './tickets';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (index) => [...map.keys()][index] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('tickets model: list', () => {
  it('loads open tickets of the user first, then other filters on demand', async () => {
    const client = createFakeClient({ tickets: makeSummaries(14) });
    const model = createTicketsModel({ client });
    await model.load();
    expect(client.calls[0]).toEqual({
      method: 'listTickets',
      args: [{ scope: 'mine', limit: 30, status: 'open' }],
    });
    expect(
      model.items.value.every((ticket) => !['resolved', 'closed'].includes(ticket.status)),
    ).toBe(true);
    model.setFilters({ status: 'closed', category: 'billing.invoice' });
    await vi.waitFor(() => expect(model.listState.value).toBe('ready'));
    expect(client.calls.at(-1)?.args[0]).toEqual({
      scope: 'mine',
      limit: 30,
      status: 'closed',
      category: 'billing.invoice',
    });
    expect(model.filtered.value).toBe(true);
  });

  it('waits for a pause in typing before searching', async () => {
    vi.useFakeTimers();
    const client = createFakeClient();
    const model = createTicketsModel({ client, searchDelayMs: 300 });
    await model.load();
    model.setFilters({ q: 'fa' });
    model.setFilters({ q: 'fac' });
    model.setFilters({ q: 'factu' });
    expect(client.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(300);
    expect(client.calls).toHaveLength(2);
    expect(client.calls[1]?.args[0]).toMatchObject({ q: 'factu' });
  });

  it('pages with the cursor and keeps each ticket once', async () => {
    const client = createFakeClient({ tickets: makeSummaries(50), pageSize: 20 });
    const model = createTicketsModel({ client });
    model.setFilters({ status: 'all' });
    await vi.waitFor(() => expect(model.items.value).toHaveLength(20));
    expect(model.hasMore.value).toBe(true);
    await model.loadMore();
    await model.loadMore();
    expect(model.items.value).toHaveLength(50);
    expect(new Set(model.items.value.map((ticket) => ticket.id)).size).toBe(50);
    expect(model.hasMore.value).toBe(false);
    expect(client.calls.at(-1)?.args[0]).toMatchObject({ cursor: '40' });
  });

  it('shows an error and loads again on retry', async () => {
    const client = createFakeClient({ failList: true });
    const model = createTicketsModel({ client });
    await model.load();
    expect(model.listState.value).toBe('error');
    expect(model.listError.value).toMatchObject({ code: 'service_unavailable' });
    const healthy = createFakeClient();
    Object.assign(client, { listTickets: healthy.listTickets });
    await model.load();
    expect(model.listState.value).toBe('ready');
    expect(model.items.value.length).toBeGreaterThan(0);
  });

  it('ignores an answer that arrives after a newer request', async () => {
    const client = createFakeClient({ tickets: makeSummaries(14) });
    let releaseFirst: () => void = () => undefined;
    const original = client.listTickets.bind(client);
    let first = true;
    client.listTickets = async (query) => {
      if (first) {
        first = false;
        await new Promise<void>((resolve) => {
          releaseFirst = resolve;
        });
      }
      return original(query);
    };
    const model = createTicketsModel({ client });
    const slow = model.load();
    model.setFilters({ status: 'closed' });
    await vi.waitFor(() => expect(model.listState.value).toBe('ready'));
    releaseFirst();
    await slow;
    expect(
      model.items.value.every((ticket) => ['resolved', 'closed'].includes(ticket.status)),
    ).toBe(true);
  });
});

describe('tickets model: unread tracking', () => {
  it('marks a ticket unread when its activity moves past what the user saw, until opened', async () => {
    const storage = memoryStorage();
    const tickets = makeSummaries(3);
    const setUnread = vi.fn();
    const client = createFakeClient({ tickets });
    const model = createTicketsModel({ client, storage, userKey: () => 'ada', setUnread });
    model.setFilters({ status: 'all' });
    await vi.waitFor(() => expect(model.listState.value).toBe('ready'));
    expect(model.unreadCount.value).toBe(0);

    // An agent answers ticket 2; a later session sees it as unread.
    const answered = { ...tickets[1]!, last_activity_at: fixedNow.toISOString() };
    const later = createTicketsModel({
      client: createFakeClient({ tickets: [tickets[0]!, answered, tickets[2]!] }),
      storage,
      userKey: () => 'ada',
      setUnread,
    });
    later.setFilters({ status: 'all' });
    await vi.waitFor(() => expect(later.unreadCount.value).toBe(1));
    expect(later.unreadIds.value.has(answered.id)).toBe(true);
    expect(setUnread).toHaveBeenLastCalledWith(1);

    await later.openTicket(answered.id);
    expect(later.unreadCount.value).toBe(0);
    expect(setUnread).toHaveBeenLastCalledWith(0);
    expect(JSON.parse(storage.getItem('aide.tickets.seen.ada') ?? '{}')[answered.id]).toBe(
      fixedNow.toISOString(),
    );
  });

  it('survives a corrupt store', async () => {
    const storage = memoryStorage();
    storage.setItem('aide.tickets.seen.ada', '{not json');
    const model = createTicketsModel({ client: createFakeClient(), storage, userKey: () => 'ada' });
    await model.load();
    expect(model.listState.value).toBe('ready');
    expect(model.unreadCount.value).toBe(0);
  });
});

describe('tickets model: detail and actions', () => {
  it('opens a ticket with its thread', async () => {
    const model = createTicketsModel({ client: createFakeClient() });
    const opening = model.openTicket('tkt_42');
    expect(model.current.value?.state).toBe('loading');
    await opening;
    expect(model.current.value?.state).toBe('ready');
    expect(model.current.value?.thread?.messages).toHaveLength(3);
  });

  it('shows a reply at once, sends it with an idempotency key and reloads the ticket', async () => {
    const client = createFakeClient({ delayMs: 5 });
    const model = createTicketsModel({ client, newKey: () => 'key-1' });
    await model.openTicket('tkt_42');
    const sending = model.reply('  Merci, ça marche.  ');
    expect(model.pending.value).toMatchObject([{ body: 'Merci, ça marche.', state: 'sending' }]);
    expect(await sending).toBe(true);
    expect(model.pending.value).toEqual([]);
    expect(client.calls.find((call) => call.method === 'reply')?.args).toEqual([
      'tkt_42',
      { body: 'Merci, ça marche.', attachments: [] },
      { idempotencyKey: 'key-1' },
    ]);
    expect(client.calls.filter((call) => call.method === 'getTicket')).toHaveLength(2);
    expect(model.announcement.value?.key).toBe('reply.sent');
  });

  it('keeps a failed reply with its key so a retry cannot post it twice', async () => {
    const client = createFakeClient({ failReply: true });
    let keys = 0;
    const model = createTicketsModel({ client, newKey: () => `key-${++keys}` });
    await model.openTicket('tkt_42');
    expect(await model.reply('Bonjour')).toBe(false);
    expect(model.pending.value).toMatchObject([{ state: 'failed', key: 'key-1' }]);
    Object.assign(client, { reply: createFakeClient().reply });
    const retry = vi.spyOn(client, 'reply');
    expect(await model.retryReply('key-1')).toBe(true);
    expect(retry.mock.calls[0]?.[2]).toEqual({ idempotencyKey: 'key-1' });
  });

  it('uploads attachments with progress and sends their ids with the reply', async () => {
    const client = createFakeClient({ delayMs: 5 });
    const model = createTicketsModel({ client });
    await model.openTicket('tkt_42');
    model.addFiles([new File(['x'], 'log.txt', { type: 'text/plain' })]);
    expect(model.uploads.value[0]).toMatchObject({
      name: 'log.txt',
      progress: 0.5,
      state: 'uploading',
    });
    expect(await model.reply('Voici le journal')).toBe(false);
    await vi.waitFor(() => expect(model.uploads.value[0]?.state).toBe('done'));
    expect(await model.reply('Voici le journal')).toBe(true);
    expect(client.calls.find((call) => call.method === 'reply')?.args[1]).toEqual({
      body: 'Voici le journal',
      attachments: ['att_log.txt'],
    });
    expect(model.uploads.value).toEqual([]);
  });

  it('closes with a comment, reopens, and refreshes the ticket each time', async () => {
    const client = createFakeClient();
    const model = createTicketsModel({ client });
    await model.openTicket('tkt_42');
    expect(await model.close('  Réglé de notre côté ')).toBe(true);
    expect(client.calls.find((call) => call.method === 'close')?.args).toEqual([
      'tkt_42',
      { comment: 'Réglé de notre côté' },
    ]);
    expect(await model.reopen()).toBe(true);
    expect(client.calls.filter((call) => call.method === 'getTicket')).toHaveLength(3);
    expect(model.busy.value).toBeNull();
  });

  it('shows a rating at once and takes it back when the server refuses it', async () => {
    const resolved = makeTicket({
      status: 'resolved',
      resolution: { reason: 'fixed', duplicate_of: null },
    });
    const client = createFakeClient({ details: { tkt_42: makeDetail(resolved) } });
    client.rate = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      throw Object.assign(new Error('already rated'), { code: 'already_rated' });
    };
    const model = createTicketsModel({ client });
    await model.openTicket('tkt_42');
    const rating = model.rate('good', 'Rapide');
    expect(model.current.value?.detail?.ticket.rating).toMatchObject({
      score: 'good',
      comment: 'Rapide',
    });
    expect(model.current.value?.detail?.allowed_actions).not.toContain('rate');
    expect(await rating).toBe(false);
    expect(model.current.value?.detail?.ticket.rating).toBeNull();
    expect(model.actionError.value).toMatchObject({
      action: 'rate',
      error: { code: 'already_rated' },
    });
  });

  it('polls while visible and stops on dispose', async () => {
    vi.useFakeTimers();
    const client = createFakeClient();
    const model = createTicketsModel({ client });
    await model.load();
    model.startPolling(30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(client.calls.filter((call) => call.method === 'listTickets')).toHaveLength(2);
    model.dispose();
    await vi.advanceTimersByTimeAsync(90_000);
    expect(client.calls.filter((call) => call.method === 'listTickets')).toHaveLength(2);
  });
});

describe('timeline', () => {
  it('interleaves messages and events by time', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
    const actor = { kind: 'agent' as const, id: 'a', name: 'A' };
    const items = timeline({
      messages: [
        { id: 'm1', ticket_id: 't', author: actor, body: 'a', attachments: [], created_at: at(1) },
        { id: 'm2', ticket_id: 't', author: actor, body: 'b', attachments: [], created_at: at(3) },
      ],
      events: [{ id: 'e1', ticket_id: 't', at: at(2), actor, kind: 'sla_paused' }],
    });
    expect(
      items.map((item) => (item.kind === 'message' ? item.message.id : item.event.id)),
    ).toEqual(['m1', 'e1', 'm2']);
  });
});
