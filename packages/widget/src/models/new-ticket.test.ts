import { AideError, createTranslator, defaultCatalog, fr, type TicketDetail } from '@aide/core';
import { signal } from '@preact/signals';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeClient, fakeConfig, fakeMe } from '../test/fakes';
import type { AideClient } from './client';
import type { DraftMirror } from './draft-mirror';
import { createNewTicketModel, type NewTicketDeps, type QueuedTicket } from './new-ticket';
import { createSessionModel } from './session';

const now = new Date('2026-11-23T10:00:00Z');

function detail(number: number): TicketDetail {
  return { ticket: { id: `t${number}`, number } } as unknown as TicketDetail;
}

async function setup(client: AideClient, overrides: Partial<NewTicketDeps> = {}) {
  const session = createSessionModel({ client });
  await session.load();
  const queued: QueuedTicket[] = [];
  const events: unknown[] = [];
  const model = createNewTicketModel({
    client,
    session,
    catalog: signal(defaultCatalog),
    storage: localStorage,
    draftPrefix: 'aide:draft:https://support.test:',
    hostContext: () => ({ appVersion: '4.2.0', entities: [{ label: 'Candidat', value: '#42' }] }),
    route: () => '/candidats/42',
    locale: () => 'fr',
    t: (key) => key,
    translator: () => createTranslator({ locale: 'fr', messages: fr }),
    now: () => now,
    emit: (event) => events.push(event),
    enqueue: async (entry) => {
      queued.push(entry);
    },
    debounceMs: 10,
    canCaptureScreen: () => false,
    ...overrides,
  });
  return { model, queued, events, session };
}

function baseClient(methods: Record<string, unknown> = {}) {
  return fakeClient({
    me: async () => fakeMe({ admin: true }),
    config: async () => fakeConfig(),
    similarTickets: async () => ({ items: [] }),
    ...methods,
  });
}

function fillQuestion(model: Awaited<ReturnType<typeof setup>>['model']) {
  model.selectCategory('general.question');
  model.setCommon('subject', 'Export impossible');
  model.setCommon('description', 'Le bouton Exporter ne fait rien.');
  model.setCommon('consent', true);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => localStorage.clear());
afterEach(() => vi.useRealTimers());

describe('validation', () => {
  it('shows errors only for touched fields until a submit is attempted', async () => {
    const { model } = await setup(baseClient());
    model.selectCategory('general.question');
    expect(model.errors.value).toEqual({});
    model.touch('subject');
    expect(Object.keys(model.errors.value)).toEqual(['subject']);
    await model.submit();
    expect(Object.keys(model.errors.value)).toEqual(
      expect.arrayContaining(['subject', 'description', 'consent.accepted']),
    );
    expect(model.phase.value).toBe('editing');
    expect(model.submitAttempt.value).toBe(1);
  });

  it('validates a conditional field only while it is visible', async () => {
    const { model } = await setup(baseClient());
    model.selectCategory('technical.sql_report');
    await model.submit();
    expect(model.errors.value['fields.output_format_other']).toBeUndefined();
    model.setField('output_format', 'other');
    expect(model.errors.value['fields.output_format_other']).toBeDefined();
  });

  it('sends only the fields the person can see, and keeps a hidden one in the draft', async () => {
    const createTicket = vi.fn(async () => detail(43));
    const { model } = await setup(baseClient({ createTicket }));
    model.selectCategory('technical.sql_report');
    model.setCommon('subject', 'Export des candidats');
    model.setCommon('description', 'Il me faut la liste des candidats par agence.');
    model.setCommon('consent', true);
    model.setField('data_wanted', 'Candidats par agence');
    model.setField('output_format', 'other');
    model.setField('output_format_other', 'Parquet');
    model.setField('output_format', 'csv');
    await wait(30);
    const draft = JSON.parse(
      localStorage.getItem('aide:draft:https://support.test:acme:ada:technical.sql_report') ??
        'null',
    );
    expect(draft.fields.output_format_other).toBe('Parquet');
    await model.submit();
    const [body] = createTicket.mock.calls[0] as unknown as [{ fields: Record<string, unknown> }];
    expect(body.fields).toMatchObject({
      data_wanted: 'Candidats par agence',
      output_format: 'csv',
    });
    expect(body.fields).not.toHaveProperty('output_format_other');
  });

  it('requires at least one complete employee for a user deletion', async () => {
    const { model } = await setup(baseClient());
    model.selectCategory('security.user_deletion');
    await model.submit();
    expect(model.errors.value).toHaveProperty(['fields.employees.0.name']);
    expect(model.errors.value).toHaveProperty(['fields.irreversible_ack']);
  });
});

describe('sending', () => {
  it('sends once with the draft idempotency key and confirms with the number', async () => {
    const createTicket = vi.fn(async () => detail(42));
    const { model, events } = await setup(baseClient({ createTicket }));
    fillQuestion(model);
    await model.submit();
    expect(createTicket).toHaveBeenCalledTimes(1);
    const [body, options] = createTicket.mock.calls[0] as unknown as [
      Record<string, unknown>,
      { idempotencyKey: string },
    ];
    expect(body).toMatchObject({
      category: 'general.question',
      subject: 'Export impossible',
      consent: { accepted: true, text_version: 'v1' },
      context: {
        route: '/candidats/42',
        app_version: '4.2.0',
        user_id: 'ada',
        company: 'Acme SARL',
        entities: [{ label: 'Candidat', value: '#42' }],
      },
    });
    expect(options.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(model.phase.value).toBe('done');
    expect(model.created.value).toEqual({ id: 't42', number: 42 });
    expect(events).toContainEqual({
      type: 'ticket_created',
      ticket: { id: 't42', number: 42 },
      fromQueue: false,
    });
  });

  it('leaves removed context items out of the ticket', async () => {
    const createTicket = vi.fn(async () => detail(1));
    const { model } = await setup(baseClient({ createTicket }));
    fillQuestion(model);
    model.removeContext('page_url');
    model.removeContext('entity.0');
    model.removeContext('user');
    await model.submit();
    const [body] = createTicket.mock.calls[0] as unknown as [{ context: Record<string, unknown> }];
    expect(body.context).not.toHaveProperty('page_url');
    expect(body.context).not.toHaveProperty('entities');
    expect(body.context).not.toHaveProperty('user_id');
    expect(body.context).not.toHaveProperty('user_email');
    expect(body.context).toHaveProperty('route', '/candidats/42');
  });

  it('queues the ticket with the same key when the server cannot be reached', async () => {
    const createTicket = vi.fn(async () => {
      throw new AideError('network_error', 'Failed to fetch');
    });
    const { model, queued, events } = await setup(baseClient({ createTicket }));
    fillQuestion(model);
    await model.submit();
    const [, options] = createTicket.mock.calls[0] as unknown as [
      unknown,
      { idempotencyKey: string },
    ];
    expect(model.phase.value).toBe('queued');
    expect(queued).toHaveLength(1);
    expect(queued[0]?.idempotencyKey).toBe(options.idempotencyKey);
    expect(queued[0]?.body.subject).toBe('Export impossible');
    expect(events).toContainEqual({ type: 'ticket_queued', category: 'general.question' });
  });

  it('puts server validation errors beside the fields and keeps the form', async () => {
    const createTicket = vi.fn(async () => {
      throw new AideError('validation_failed', 'invalid', {
        status: 400,
        problem: {
          type: 'about:blank',
          title: 'Invalid',
          status: 400,
          code: 'validation_failed',
          errors: [{ path: 'body.subject', message: 'Sujet refusé' }],
        },
      });
    });
    const { model, queued } = await setup(baseClient({ createTicket }));
    fillQuestion(model);
    await model.submit();
    expect(model.phase.value).toBe('editing');
    expect(model.errors.value.subject).toBe('Sujet refusé');
    expect(queued).toHaveLength(0);
  });
});

describe('draft', () => {
  it('is saved as the user types and restored with its idempotency key', async () => {
    const createTicket = vi.fn(async () => detail(7));
    const first = await setup(baseClient({ createTicket }));
    first.model.selectCategory('general.question');
    first.model.setCommon('subject', 'Brouillon');
    await wait(30);
    first.model.dispose();
    const saved = JSON.parse(
      localStorage.getItem('aide:draft:https://support.test:acme:ada:general.question') ?? 'null',
    );
    expect(saved).toMatchObject({ category: 'general.question', common: { subject: 'Brouillon' } });

    const second = await setup(baseClient({ createTicket }));
    second.model.selectCategory('general.question');
    expect(second.model.restoredDraft.value).toBe(true);
    expect(second.model.common.value.subject).toBe('Brouillon');
    second.model.setCommon('description', 'Suite');
    second.model.setCommon('consent', true);
    await second.model.submit();
    const [, options] = createTicket.mock.calls[0] as unknown as [
      unknown,
      { idempotencyKey: string },
    ];
    expect(options.idempotencyKey).toBe(saved.idempotencyKey);
    expect(
      localStorage.getItem('aide:draft:https://support.test:acme:ada:general.question'),
    ).toBeNull();
  });

  it('is not restored for the same user id signed for another company', async () => {
    const first = await setup(baseClient());
    first.model.selectCategory('general.question');
    first.model.setCommon('subject', 'Salaires Acme');
    await wait(30);
    first.model.dispose();
    const globex = await setup(
      baseClient({
        me: async () => ({ ...fakeMe({ admin: true }), company: { id: 'globex', name: 'Globex' } }),
      }),
    );
    globex.model.selectCategory('general.question');
    expect(globex.model.restoredDraft.value).toBe(false);
    expect(globex.model.common.value.subject).toBe('');
    globex.model.dispose();
  });

  it('keeps one draft per category', async () => {
    const { model } = await setup(baseClient());
    model.selectCategory('general.question');
    model.setCommon('subject', 'Question');
    await wait(30);
    model.selectCategory('billing.question');
    expect(model.common.value.subject).toBe('');
    model.selectCategory('general.question');
    expect(model.common.value.subject).toBe('Question');
    model.dispose();
  });
});

describe('draft durability', () => {
  const key = 'aide:draft:https://support.test:acme:ada:general.question';
  const saved = () => JSON.parse(localStorage.getItem(key) ?? 'null');

  /** A stand-in for the IndexedDB mirror (tested in Chromium in draft-mirror.browser.test.ts). */
  function memoryMirror(load: () => Promise<Map<string, string>> = async () => new Map()) {
    const kept = new Map<string, string>();
    const mirror: DraftMirror = {
      load,
      put: (name, value) => kept.set(name, value),
    };
    return { kept, mirror };
  }

  it('saves a steady typist within the debounce, without waiting for a pause', async () => {
    const { model } = await setup(baseClient());
    vi.useFakeTimers();
    model.selectCategory('general.question');
    let subject = '';
    for (const letter of 'Export impossible') {
      subject += letter;
      model.setCommon('subject', subject);
      // 4 ms between keystrokes, under the 10 ms debounce: a pure debounce never fires.
      vi.advanceTimersByTime(4);
    }
    expect(saved()?.common.subject).toBe(subject.slice(0, -2));
    model.dispose();
  });

  it('writes the pending save when the page is hidden or closed', async () => {
    const { model } = await setup(baseClient());
    model.selectCategory('general.question');
    model.setCommon('subject', 'Onglet fermé');
    window.dispatchEvent(new Event('pagehide'));
    expect(saved()?.common.subject).toBe('Onglet fermé');
    model.dispose();
  });

  it('writes the pending save when the widget is unmounted', async () => {
    const { model } = await setup(baseClient());
    model.selectCategory('general.question');
    model.setCommon('subject', 'Écran quitté');
    model.dispose();
    expect(saved()?.common.subject).toBe('Écran quitté');
  });

  it('keeps the last keystrokes of a category that is left before its save', async () => {
    const { model } = await setup(baseClient());
    model.selectCategory('general.question');
    model.setCommon('subject', 'Question');
    model.selectCategory('billing.question');
    expect(saved()?.common.subject).toBe('Question');
    model.dispose();
  });

  it('does not write back a draft discarded before its save', async () => {
    const { model } = await setup(baseClient());
    model.selectCategory('general.question');
    model.setCommon('subject', 'À jeter');
    model.discardDraft();
    await wait(30);
    expect(saved()?.common.subject ?? '').toBe('');
    expect(model.common.value.subject).toBe('');
    model.dispose();
  });

  it('mirrors every save and removal', async () => {
    const { kept, mirror } = memoryMirror();
    const { model } = await setup(baseClient({ createTicket: async () => detail(3) }), {
      mirror,
    });
    await vi.waitFor(() => expect(model.draftsReady.value).toBe(true));
    fillQuestion(model);
    await wait(30);
    expect(JSON.parse(kept.get(key) ?? 'null')).toMatchObject({
      common: { subject: 'Export impossible' },
    });
    await model.submit();
    expect(JSON.parse(kept.get(key) ?? 'null')).toEqual({
      version: 1,
      removedAt: now.toISOString(),
    });
    model.dispose();
  });

  it('forgets a sent draft that localStorage kept but the mirror saw removed', async () => {
    const first = await setup(baseClient());
    first.model.selectCategory('general.question');
    first.model.setCommon('subject', 'Déjà envoyée');
    await wait(30);
    first.model.dispose();
    // A browser killed after the send: its localStorage still holds the draft.
    const removal = { version: 1, removedAt: '2026-11-23T10:00:05.000Z' };
    const { mirror } = memoryMirror(async () => new Map([[key, JSON.stringify(removal)]]));

    const { model } = await setup(baseClient(), { mirror });
    await vi.waitFor(() => expect(model.draftsReady.value).toBe(true));
    model.selectCategory('general.question');
    expect(model.restoredDraft.value).toBe(false);
    expect(model.common.value.subject).toBe('');
    expect(localStorage.getItem(key)).toBeNull();
    model.dispose();
  });

  it('keeps a draft typed again after an older removal', async () => {
    const first = await setup(baseClient());
    first.model.selectCategory('general.question');
    first.model.setCommon('subject', 'Nouvelle');
    await wait(30);
    first.model.dispose();
    const removal = { version: 1, removedAt: '2026-11-23T09:59:00.000Z' };
    const { mirror } = memoryMirror(async () => new Map([[key, JSON.stringify(removal)]]));

    const { model } = await setup(baseClient(), { mirror });
    await vi.waitFor(() => expect(model.draftsReady.value).toBe(true));
    model.selectCategory('general.question');
    expect(model.common.value.subject).toBe('Nouvelle');
    model.dispose();
  });

  it('restores the mirrored draft when localStorage lost its last writes', async () => {
    const first = await setup(baseClient());
    first.model.selectCategory('general.question');
    first.model.setCommon('subject', 'Avant');
    await wait(30);
    first.model.dispose();
    const older = saved();
    const newer = { ...older, common: { ...older.common, subject: 'Avant le crash' } };
    newer.savedAt = '2026-11-23T10:00:01.000Z';
    const { mirror } = memoryMirror(async () => new Map([[key, JSON.stringify(newer)]]));

    const { model } = await setup(baseClient(), { mirror });
    expect(model.draftsReady.value).toBe(false);
    await vi.waitFor(() => expect(model.draftsReady.value).toBe(true));
    model.selectCategory('general.question');
    expect(model.common.value.subject).toBe('Avant le crash');
    model.dispose();
  });

  it('keeps localStorage when the mirror is older, and stops waiting for a silent mirror', async () => {
    const first = await setup(baseClient());
    first.model.selectCategory('general.question');
    first.model.setCommon('subject', 'Récent');
    await wait(30);
    first.model.dispose();
    const stale = { ...saved(), common: { ...saved().common, subject: 'Ancien' } };
    stale.savedAt = '2026-11-23T09:00:00.000Z';
    const { mirror } = memoryMirror(async () => new Map([[key, JSON.stringify(stale)]]));
    const { model } = await setup(baseClient(), { mirror });
    await vi.waitFor(() => expect(model.draftsReady.value).toBe(true));
    model.selectCategory('general.question');
    expect(model.common.value.subject).toBe('Récent');
    model.dispose();

    vi.useFakeTimers();
    const silent = memoryMirror(() => new Promise(() => undefined)).mirror;
    const waiting = await setup(baseClient(), { mirror: silent });
    expect(waiting.model.draftsReady.value).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(waiting.model.draftsReady.value).toBe(true);
    waiting.model.selectCategory('general.question');
    expect(waiting.model.common.value.subject).toBe('Récent');
    waiting.model.dispose();
  });
});

describe('similar tickets', () => {
  it('looks them up after the subject settles', async () => {
    const similarTickets = vi.fn(async () => ({
      items: [
        { id: 't9', number: 9, subject: 'Export PDF vide', status: 'in_progress', score: 0.8 },
      ],
    }));
    const { model } = await setup(baseClient({ similarTickets }));
    model.selectCategory('general.question');
    model.setCommon('subject', 'Exp');
    model.setCommon('subject', 'Export PDF');
    await wait(40);
    expect(similarTickets).toHaveBeenCalledTimes(1);
    expect(similarTickets).toHaveBeenCalledWith({ q: 'Export PDF', limit: 3 });
    expect(model.similar.value.map((ticket) => ticket.number)).toEqual([9]);
    model.dispose();
  });
});

describe('attachments', () => {
  it('uploads with progress and sends the ids', async () => {
    let progress: ((value: { loaded: number; total: number }) => void) | undefined;
    let finish: (() => void) | undefined;
    const uploadAttachment = vi.fn(
      (_file: File, options: { onProgress: typeof progress }) =>
        new Promise((resolve) => {
          progress = options.onProgress;
          finish = () => resolve({ id: 'a1', name: 'log.txt', size: 3, type: 'text/plain' });
        }),
    );
    const createTicket = vi.fn(async () => detail(3));
    const { model } = await setup(baseClient({ uploadAttachment, createTicket }));
    fillQuestion(model);
    model.addFiles('attachments', [new File(['abc'], 'log.txt', { type: 'text/plain' })]);
    progress?.({ loaded: 1, total: 2 });
    expect(model.uploads.items.value[0]).toMatchObject({ status: 'uploading', percent: 50 });
    await model.submit();
    expect(createTicket).not.toHaveBeenCalled();
    finish?.();
    await wait(0);
    await model.submit();
    const [body] = createTicket.mock.calls[0] as unknown as [{ attachments: string[] }];
    expect(body.attachments).toEqual(['a1']);
  });

  it('refuses files that are too large or of a type the field does not accept', async () => {
    const uploadAttachment = vi.fn();
    const { model } = await setup(baseClient({ uploadAttachment }));
    model.selectCategory('general.ui_issue');
    const big = new File([new Uint8Array(11 * 1024 * 1024)], 'big.png', { type: 'image/png' });
    model.addFiles('attachments', [big]);
    model.addFiles(
      'screenshot',
      [new File(['x'], 'notes.txt', { type: 'text/plain' })],
      ['image/*'],
    );
    expect(model.uploads.items.value.map((item) => item.error?.key)).toEqual([
      'new.attach.tooBig',
      'new.attach.badType',
    ]);
    expect(uploadAttachment).not.toHaveBeenCalled();
  });

  it('cancels an upload in flight', async () => {
    let aborted = false;
    const uploadAttachment = vi.fn(
      (_file: File, options: { signal: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          options.signal.addEventListener('abort', () => {
            aborted = true;
            reject(new AideError('aborted', 'aborted'));
          });
        }),
    );
    const { model } = await setup(baseClient({ uploadAttachment }));
    model.selectCategory('general.question');
    model.addFiles('attachments', [new File(['abc'], 'a.txt', { type: 'text/plain' })]);
    const [item] = model.uploads.items.value;
    model.uploads.cancel(item?.localId ?? '');
    await wait(0);
    expect(aborted).toBe(true);
    expect(model.uploads.items.value).toEqual([]);
  });

  it('adds a captured screenshot as a PNG upload', async () => {
    const uploadAttachment = vi.fn(async (file: File) => ({
      id: 's1',
      name: file.name,
      size: file.size,
      type: file.type,
    }));
    const { model } = await setup(baseClient({ uploadAttachment }), {
      canCaptureScreen: () => true,
      captureScreen: async () => new File(['png'], 'capture.png', { type: 'image/png' }),
    });
    model.selectCategory('general.ui_issue');
    expect(model.screenCaptureAvailable).toBe(true);
    expect(await model.captureScreen('screenshot')).toBe(true);
    await wait(0);
    expect(model.uploads.ids('screenshot')).toEqual(['s1']);
  });
});
