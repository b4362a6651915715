import type {
  AideClient,
  Attachment,
  ListTicketsQuery,
  Message,
  Rating,
  Thread,
  TicketDetail,
  TicketScope,
  TicketStatusFilter,
  TicketSummary,
  UploadedAttachment,
} from '@aide/core';
import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { Disposable } from './scope';
import { readSeen, seenStorageKey, unreadIds } from './unread';

/**
 * What the tickets model needs from @aide/core's client (tests pass a small fake). Results of
 * close/reopen/rate are not relied on: the model reloads the ticket and its thread afterwards,
 * so the screen always shows the server's truth.
 */
export type TicketsClient = Pick<
  AideClient,
  | 'listTickets'
  | 'getTicket'
  | 'getThread'
  | 'reply'
  | 'close'
  | 'reopen'
  | 'rate'
  | 'uploadAttachment'
  | 'downloadAttachment'
>;

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** `all` means no status filter; the others are the API's filter values. */
export type StatusFilter = 'all' | TicketStatusFilter;

export interface TicketFilters {
  status: StatusFilter;
  /** Category key, or null for every category. */
  category: string | null;
  scope: TicketScope;
  /** Free text; applied after a short pause in typing. */
  q: string;
}

export const defaultFilters: TicketFilters = {
  status: 'open',
  category: null,
  scope: 'mine',
  q: '',
};

/** A reply written here and not yet acknowledged by the server (shown at once, optimistic). */
export interface PendingReply {
  key: string;
  body: string;
  attachments: UploadedAttachment[];
  created_at: string;
  state: 'sending' | 'failed';
  error: unknown;
}

/** A file being attached to the reply. */
export interface Upload {
  key: string;
  name: string;
  size: number;
  /** 0 to 1. */
  progress: number;
  state: 'uploading' | 'done' | 'error';
  attachment: UploadedAttachment | null;
  error: unknown;
}

export type TicketAction = 'reply' | 'close' | 'reopen' | 'rate' | 'download';

/** A message for the live region: a key of the tickets strings, read out once. */
export interface Announcement {
  key: string;
  params?: Record<string, string | number>;
  /** Increases on each announcement so the same sentence twice is still announced. */
  serial: number;
}

export interface TicketDetailState {
  id: string;
  state: LoadState;
  detail: TicketDetail | null;
  thread: Thread | null;
  error: unknown;
}

export interface TicketsModel extends Disposable {
  readonly filters: ReadonlySignal<TicketFilters>;
  readonly items: ReadonlySignal<readonly TicketSummary[]>;
  readonly listState: ReadonlySignal<LoadState>;
  readonly listError: ReadonlySignal<unknown>;
  readonly hasMore: ReadonlySignal<boolean>;
  readonly loadingMore: ReadonlySignal<boolean>;
  readonly moreError: ReadonlySignal<unknown>;
  /** True when any filter differs from the defaults (an empty list then means "no result"). */
  readonly filtered: ReadonlySignal<boolean>;
  setFilters(patch: Partial<TicketFilters>): void;
  resetFilters(): void;
  /** Loads the first page with the current filters (also the retry after an error). */
  load(): Promise<void>;
  loadMore(): Promise<void>;

  readonly current: ReadonlySignal<TicketDetailState | null>;
  openTicket(id: string): Promise<void>;
  /** Reloads the open ticket (after an error, or to see new activity). */
  reloadTicket(): Promise<void>;
  closeTicketView(): void;

  readonly pending: ReadonlySignal<readonly PendingReply[]>;
  readonly uploads: ReadonlySignal<readonly Upload[]>;
  readonly busy: ReadonlySignal<TicketAction | null>;
  readonly actionError: ReadonlySignal<{ action: TicketAction; error: unknown } | null>;
  addFiles(files: Iterable<File>): void;
  removeUpload(key: string): void;
  /** Sends a reply with the uploaded files; resolves true once the server has it. */
  reply(body: string): Promise<boolean>;
  /** Sends a failed reply again, with the same idempotency key (never posted twice). */
  retryReply(key: string): Promise<boolean>;
  close(comment?: string): Promise<boolean>;
  reopen(): Promise<boolean>;
  rate(score: Rating['score'], comment?: string): Promise<boolean>;
  /** Downloads an attachment through the authorized API and saves it under its name. */
  download(attachment: Attachment): Promise<void>;

  /** Reloads the list's first page and the open ticket: what a poll does. */
  refresh(): Promise<void>;
  /** Polls every `intervalMs` while the page is visible; returns a stop function. */
  startPolling(intervalMs: number): () => void;

  /** Tickets with activity since the user last looked at them. */
  readonly unreadIds: ReadonlySignal<ReadonlySet<string>>;
  readonly unreadCount: ReadonlySignal<number>;

  readonly announcement: ReadonlySignal<Announcement | null>;
}

export interface TicketsModelDeps {
  client: TicketsClient | null;
  /** Where last-seen activity is kept; null disables unread tracking across reloads. */
  storage?: Storage | null;
  /** Namespaces the stored last-seen map (one per user of a shared browser); read when used. */
  userKey?: () => string | undefined;
  /** Called with the unread count so the launcher badge can show it. */
  setUnread?: (count: number) => void;
  now?: () => Date;
  pageSize?: number;
  /** Pause in typing before the text search runs. */
  searchDelayMs?: number;
  newKey?: () => string;
}

function sameFilters(a: TicketFilters, b: TicketFilters): boolean {
  return a.status === b.status && a.category === b.category && a.scope === b.scope && a.q === b.q;
}

function toQuery(filters: TicketFilters, limit: number, cursor?: string): ListTicketsQuery {
  const q = filters.q.trim();
  return {
    scope: filters.scope,
    limit,
    ...(filters.status === 'all' ? {} : { status: filters.status }),
    ...(filters.category === null ? {} : { category: filters.category }),
    ...(q === '' ? {} : { q: q.slice(0, 200) }),
    ...(cursor === undefined ? {} : { cursor }),
  };
}

function randomKey(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`
  );
}

/**
 * State and actions of *Mes demandes*: the filtered, paged list, the open ticket with its
 * thread, replies (optimistic), close/reopen/rate, polling and unread tracking.
 *
 * @example
 * const tickets = createTicketsModel({ client, storage: localStorage, userKey: () => 'ada' });
 * await tickets.load();
 * tickets.setFilters({ status: 'closed' });
 */
export function createTicketsModel(deps: TicketsModelDeps): TicketsModel {
  const client = deps.client;
  const pageSize = deps.pageSize ?? 30;
  const searchDelay = deps.searchDelayMs ?? 300;
  const newKey = deps.newKey ?? randomKey;
  const now = deps.now ?? (() => new Date());

  const filters = signal<TicketFilters>(defaultFilters);
  const items = signal<readonly TicketSummary[]>([]);
  const listState = signal<LoadState>('idle');
  const listError = signal<unknown>(null);
  const nextCursor = signal<string | null>(null);
  const loadingMore = signal(false);
  const moreError = signal<unknown>(null);
  const current = signal<TicketDetailState | null>(null);
  const pending = signal<readonly PendingReply[]>([]);
  const uploads = signal<readonly Upload[]>([]);
  const busy = signal<TicketAction | null>(null);
  const actionError = signal<{ action: TicketAction; error: unknown } | null>(null);
  const announcement = signal<Announcement | null>(null);
  const seen = signal<Readonly<Record<string, string>>>({});
  let seenKey: string | null = null;

  let listRequest = 0;
  let detailRequest = 0;
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  const uploadControllers = new Map<string, AbortController>();
  const stops = new Set<() => void>();

  /** Loads the last-seen map of the current user (again if the user changed). */
  function syncSeen(): void {
    const key = seenStorageKey(deps.userKey?.() ?? 'anonymous');
    if (key !== seenKey) {
      seenKey = key;
      seen.value = readSeen(deps.storage, key);
    }
  }

  function writeSeen(next: Record<string, string>): void {
    seen.value = next;
    try {
      deps.storage?.setItem(seenKey ?? '', JSON.stringify(next));
    } catch {
      // Quota or privacy mode: unread tracking lasts for this page only.
    }
  }

  /** Remembers activity as seen; a ticket seen for the first time starts as read. */
  function markSeen(list: readonly TicketSummary[], force: boolean): void {
    syncSeen();
    const next = { ...seen.value };
    let changed = false;
    for (const ticket of list) {
      const previous = next[ticket.id];
      if (previous === undefined || (force && previous < ticket.last_activity_at)) {
        next[ticket.id] = ticket.last_activity_at;
        changed = true;
      }
    }
    if (changed) {
      writeSeen(next);
    }
  }

  function announce(key: string, params?: Record<string, string | number>): void {
    announcement.value = {
      key,
      ...(params === undefined ? {} : { params }),
      serial: (announcement.value?.serial ?? 0) + 1,
    };
  }

  const unread = computed<ReadonlySet<string>>(() => unreadIds(items.value, seen.value));
  const unreadCount = computed(() => unread.value.size);

  async function load(): Promise<void> {
    if (!client) {
      return;
    }
    const request = ++listRequest;
    const query = toQuery(filters.value, pageSize);
    batch(() => {
      listState.value = 'loading';
      listError.value = null;
      moreError.value = null;
      loadingMore.value = false;
    });
    try {
      const page = await client.listTickets(query);
      if (disposed || request !== listRequest) {
        return;
      }
      markSeen(page.items, false);
      batch(() => {
        items.value = page.items;
        nextCursor.value = page.next_cursor;
        listState.value = 'ready';
      });
      announce('tickets.count', { count: page.items.length });
      deps.setUnread?.(unreadCount.value);
    } catch (error) {
      if (disposed || request !== listRequest) {
        return;
      }
      batch(() => {
        listError.value = error;
        listState.value = 'error';
      });
    }
  }

  async function loadMore(): Promise<void> {
    const cursor = nextCursor.value;
    if (!client || cursor === null || loadingMore.value || listState.value !== 'ready') {
      return;
    }
    const request = listRequest;
    loadingMore.value = true;
    moreError.value = null;
    try {
      const page = await client.listTickets(toQuery(filters.value, pageSize, cursor));
      if (disposed || request !== listRequest) {
        return;
      }
      markSeen(page.items, false);
      // A ticket that moved between pages while paging shows once.
      const known = new Set(items.value.map((ticket) => ticket.id));
      batch(() => {
        items.value = [...items.value, ...page.items.filter((ticket) => !known.has(ticket.id))];
        nextCursor.value = page.next_cursor;
      });
      announce('tickets.loadedMore', { count: page.items.length });
    } catch (error) {
      if (!disposed && request === listRequest) {
        moreError.value = error;
      }
    } finally {
      if (request === listRequest) {
        loadingMore.value = false;
      }
    }
  }

  function setFilters(patch: Partial<TicketFilters>): void {
    const previous = filters.value;
    const next = { ...previous, ...patch };
    if (sameFilters(next, previous)) {
      return;
    }
    filters.value = next;
    clearTimeout(searchTimer);
    const onlyText =
      next.status === previous.status &&
      next.category === previous.category &&
      next.scope === previous.scope;
    if (!onlyText) {
      void load();
    } else if (next.q.trim() !== previous.q.trim()) {
      // Typing: wait for a pause rather than asking the server at each key.
      searchTimer = setTimeout(() => void load(), searchDelay);
    }
  }

  async function fetchTicket(id: string, quiet: boolean): Promise<void> {
    if (!client) {
      return;
    }
    const request = ++detailRequest;
    if (!quiet) {
      current.value = { id, state: 'loading', detail: null, thread: null, error: null };
    }
    try {
      const [detail, thread] = await Promise.all([client.getTicket(id), client.getThread(id)]);
      if (disposed || request !== detailRequest || current.value?.id !== id) {
        return;
      }
      current.value = { id, state: 'ready', detail, thread, error: null };
      const ticket = detail.ticket;
      markSeen([{ ...ticket, requester_name: ticket.requester.name }], true);
      // The list line follows the ticket's new status without a list reload.
      items.value = items.value.map((line) =>
        line.id === id
          ? {
              ...line,
              status: ticket.status,
              resolution: ticket.resolution,
              subject: ticket.subject,
              last_activity_at: ticket.last_activity_at,
            }
          : line,
      );
      deps.setUnread?.(unreadCount.value);
    } catch (error) {
      if (disposed || request !== detailRequest || current.value?.id !== id) {
        return;
      }
      if (quiet && current.value.detail) {
        // A failed background refresh keeps what is on screen.
        return;
      }
      current.value = { id, state: 'error', detail: null, thread: null, error };
    }
  }

  function openTicket(id: string): Promise<void> {
    if (current.value?.id !== id) {
      for (const controller of uploadControllers.values()) {
        controller.abort();
      }
      uploadControllers.clear();
      batch(() => {
        pending.value = [];
        uploads.value = [];
        actionError.value = null;
        busy.value = null;
      });
    }
    return fetchTicket(id, false);
  }

  function reloadTicket(): Promise<void> {
    const id = current.value?.id;
    return id === undefined ? Promise.resolve() : fetchTicket(id, current.value?.state === 'ready');
  }

  function updateUpload(key: string, patch: Partial<Upload>): void {
    uploads.value = uploads.value.map((upload) =>
      upload.key === key ? { ...upload, ...patch } : upload,
    );
  }

  function addFiles(files: Iterable<File>): void {
    if (!client) {
      return;
    }
    for (const file of files) {
      const key = newKey();
      const controller = new AbortController();
      uploadControllers.set(key, controller);
      uploads.value = [
        ...uploads.value,
        {
          key,
          name: file.name,
          size: file.size,
          progress: 0,
          state: 'uploading',
          attachment: null,
          error: null,
        },
      ];
      client
        .uploadAttachment(file, {
          signal: controller.signal,
          onProgress: (progress) =>
            updateUpload(key, {
              progress: progress.total > 0 ? Math.min(1, progress.loaded / progress.total) : 0,
            }),
        })
        .then(
          (attachment) => {
            updateUpload(key, { state: 'done', progress: 1, attachment });
            announce('reply.attached', { name: file.name });
          },
          (error: unknown) => {
            if (!controller.signal.aborted) {
              updateUpload(key, { state: 'error', error });
              announce('reply.uploadFailed', { name: file.name });
            }
          },
        )
        .finally(() => uploadControllers.delete(key));
    }
  }

  function removeUpload(key: string): void {
    uploadControllers.get(key)?.abort();
    uploadControllers.delete(key);
    uploads.value = uploads.value.filter((upload) => upload.key !== key);
  }

  async function send(reply: PendingReply): Promise<boolean> {
    const id = current.value?.id;
    if (!client || id === undefined) {
      return false;
    }
    try {
      await client.reply(
        id,
        { body: reply.body, attachments: reply.attachments.map((attachment) => attachment.id) },
        { idempotencyKey: reply.key },
      );
      if (disposed) {
        return true;
      }
      announce('reply.sent');
      await fetchTicket(id, true);
      pending.value = pending.value.filter((item) => item.key !== reply.key);
      return true;
    } catch (error) {
      pending.value = pending.value.map((item) =>
        item.key === reply.key ? { ...item, state: 'failed', error } : item,
      );
      announce('reply.failed');
      return false;
    }
  }

  async function replyAction(body: string): Promise<boolean> {
    const text = body.trim();
    const ready = uploads.value.filter((upload) => upload.state === 'done');
    if (text === '' || uploads.value.some((upload) => upload.state === 'uploading')) {
      return false;
    }
    const reply: PendingReply = {
      key: newKey(),
      body: text,
      attachments: ready.flatMap((upload) => (upload.attachment ? [upload.attachment] : [])),
      created_at: now().toISOString(),
      state: 'sending',
      error: null,
    };
    batch(() => {
      pending.value = [...pending.value, reply];
      uploads.value = [];
    });
    return send(reply);
  }

  function retryReply(key: string): Promise<boolean> {
    const reply = pending.value.find((item) => item.key === key);
    if (reply?.state !== 'failed') {
      return Promise.resolve(false);
    }
    const again: PendingReply = { ...reply, state: 'sending', error: null };
    pending.value = pending.value.map((item) => (item.key === key ? again : item));
    return send(again);
  }

  async function act(
    action: Exclude<TicketAction, 'reply' | 'download'>,
    run: (id: string) => Promise<unknown>,
    done: string,
  ) {
    const id = current.value?.id;
    if (!client || id === undefined || busy.value !== null) {
      return false;
    }
    batch(() => {
      busy.value = action;
      actionError.value = null;
    });
    try {
      await run(id);
      if (!disposed) {
        announce(done);
        await fetchTicket(id, true);
      }
      return true;
    } catch (error) {
      if (!disposed) {
        actionError.value = { action, error };
        announce('action.failed');
      }
      return false;
    } finally {
      busy.value = null;
    }
  }

  async function rate(score: Rating['score'], comment?: string): Promise<boolean> {
    const state = current.value;
    if (!client || !state?.detail) {
      return false;
    }
    const text = comment?.trim() ?? '';
    const before = state.detail;
    // Optimistic: the rating shows at once and is taken back if the server refuses it.
    current.value = {
      ...state,
      detail: {
        ...before,
        ticket: {
          ...before.ticket,
          rating: { score, comment: text === '' ? null : text, rated_at: now().toISOString() },
        },
        allowed_actions: before.allowed_actions.filter((action) => action !== 'rate'),
      },
    };
    const ok = await act(
      'rate',
      (id) => client.rate(id, { score, ...(text === '' ? {} : { comment: text }) }),
      'rate.thanks',
    );
    if (!ok && current.value?.id === state.id && current.value.detail) {
      current.value = { ...current.value, detail: before };
    }
    return ok;
  }

  async function download(attachment: Attachment): Promise<void> {
    if (!client) {
      return;
    }
    try {
      const blob = await client.downloadAttachment(attachment.id);
      // The server sends attachments as downloads (Content-Disposition, nosniff); the blob URL
      // keeps it that way: saved under its name, never opened in the page.
      const url = URL.createObjectURL(blob);
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = attachment.name;
      anchor.rel = 'noopener';
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      actionError.value = { action: 'download', error };
      announce('action.failed');
    }
  }

  async function refresh(): Promise<void> {
    await Promise.all([
      listState.value === 'ready' ? load() : Promise.resolve(),
      current.value?.state === 'ready' ? reloadTicket() : Promise.resolve(),
    ]);
  }

  function startPolling(intervalMs: number): () => void {
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || document.visibilityState !== 'hidden') {
        void refresh();
      }
    }, intervalMs);
    const stop = (): void => {
      clearInterval(timer);
      stops.delete(stop);
    };
    stops.add(stop);
    return stop;
  }

  return {
    filters,
    items,
    listState,
    listError,
    hasMore: computed(() => nextCursor.value !== null),
    loadingMore,
    moreError,
    filtered: computed(
      () => !sameFilters({ ...filters.value, q: filters.value.q.trim() }, defaultFilters),
    ),
    setFilters,
    resetFilters: () => setFilters(defaultFilters),
    load,
    loadMore,
    current,
    openTicket,
    reloadTicket,
    closeTicketView() {
      detailRequest++;
      current.value = null;
    },
    pending,
    uploads,
    busy,
    actionError,
    addFiles,
    removeUpload,
    reply: replyAction,
    retryReply,
    close: (comment) => {
      const text = comment?.trim() ?? '';
      return act(
        'close',
        (id) => client?.close(id, text === '' ? {} : { comment: text }) ?? Promise.resolve(),
        'close.done',
      );
    },
    reopen: () => act('reopen', (id) => client?.reopen(id) ?? Promise.resolve(), 'reopen.done'),
    rate,
    download,
    refresh,
    startPolling,
    unreadIds: unread,
    unreadCount,
    announcement,
    dispose() {
      disposed = true;
      clearTimeout(searchTimer);
      for (const stop of [...stops]) {
        stop();
      }
      for (const controller of uploadControllers.values()) {
        controller.abort();
      }
      uploadControllers.clear();
    },
  };
}

/** The thread's messages and events merged oldest first, with replies still being sent last. */
export type TimelineItem =
  | { kind: 'message'; at: string; message: Message }
  | { kind: 'event'; at: string; event: Thread['events'][number] };

/**
 * One timeline from a thread: messages and history events interleaved by time.
 *
 * @example
 * timeline({ messages, events }).map((item) => item.kind);
 */
export function timeline(thread: Thread): TimelineItem[] {
  const merged: TimelineItem[] = [
    ...thread.messages.map((message) => ({
      kind: 'message' as const,
      at: message.created_at,
      message,
    })),
    ...thread.events.map((event) => ({ kind: 'event' as const, at: event.at, event })),
  ];
  // Stable sort: at equal times, messages come before the events they caused.
  return merged.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
