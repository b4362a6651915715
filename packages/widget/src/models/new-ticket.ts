import {
  type Catalog,
  type Category,
  type CreateTicketRequest,
  createIdempotencyKey,
  getCategory,
  isAideError,
  type Priority,
  type TicketSummary,
  type Translator,
  ticketFormSchema,
  visibleFields,
} from '@aide/core';
import { batch, computed, effect, type ReadonlySignal, signal } from '@preact/signals';
import type { AideEvent, HostContext } from '../types';
import {
  type ContextItem,
  type ContextSources,
  capturedContext,
  contextItems,
} from './captured-context';
import type { AideClient } from './client';
import type { DraftMirror } from './draft-mirror';
import type { Translate } from './i18n';
import type { Disposable } from './scope';
import { canCaptureScreen, captureScreenshot } from './screenshot';
import type { SessionModel } from './session';
import { ownerKey } from './unread';
import { createUploadsModel, type UploadsModel } from './uploads';
import { formErrors } from './validation';

export type NewTicketPhase = 'picking' | 'editing' | 'submitting' | 'queued' | 'done';

/** The common fields as typed (consent is one checkbox; its version comes from the config). */
export interface CommonValues {
  subject: string;
  description: string;
  priority: Priority;
  share_with_account_manager: boolean;
  consent: boolean;
}

/** What is kept in localStorage while the user types, per category. */
export interface Draft {
  version: 1;
  category: string;
  common: CommonValues;
  fields: Record<string, unknown>;
  removedContext: string[];
  attachments: {
    field: string;
    attachment: { id: string; name: string; size: number; type: string };
  }[];
  /** Sent with the ticket, so a retry of this draft can never create a second ticket. */
  idempotencyKey: string;
  savedAt: string;
}

export interface QueuedTicket {
  body: CreateTicketRequest;
  idempotencyKey: string;
}

export interface NewTicketDeps {
  client: AideClient;
  session: SessionModel;
  catalog: ReadonlySignal<Catalog>;
  storage: Storage | null;
  /** `aide:draft:<server>:`; the company and user (`ownerKey`) are appended once known. */
  draftPrefix: string;
  /** A durable copy of the drafts (IndexedDB), for when localStorage lost its last writes. */
  mirror?: DraftMirror | null;
  hostContext: () => HostContext;
  route: () => string;
  locale: () => string;
  t: Translate;
  /** Core's translator of the current language, for validation messages. */
  translator: () => Translator;
  now: () => Date;
  emit: (event: AideEvent) => void;
  /** Keeps a ticket that could not be sent, to send it (once) when the server is reachable. */
  enqueue: (entry: QueuedTicket) => Promise<void>;
  /** Debounce of the draft save and the similar-tickets lookup, in ms. */
  debounceMs?: number;
  captureScreen?: () => Promise<File>;
  canCaptureScreen?: () => boolean;
}

export interface NewTicketModel extends Disposable {
  readonly phase: ReadonlySignal<NewTicketPhase>;
  /** The categories offered, grouped by the picker. */
  readonly catalog: ReadonlySignal<Catalog>;
  readonly category: ReadonlySignal<Category | null>;
  readonly common: ReadonlySignal<CommonValues>;
  readonly fields: ReadonlySignal<Record<string, unknown>>;
  /** Errors to show now: of touched fields, or of all fields after a submit attempt. */
  readonly errors: ReadonlySignal<Record<string, string>>;
  readonly submitError: ReadonlySignal<string | null>;
  readonly similar: ReadonlySignal<TicketSummary[]>;
  readonly contextItems: ReadonlySignal<ContextItem[]>;
  readonly removedContext: ReadonlySignal<ReadonlySet<string>>;
  readonly uploads: UploadsModel;
  readonly restoredDraft: ReadonlySignal<boolean>;
  /** False until the mirror's drafts are back in storage: restore only after that. */
  readonly draftsReady: ReadonlySignal<boolean>;
  readonly draftSavedAt: ReadonlySignal<string | null>;
  readonly created: ReadonlySignal<{ id: string; number: number } | null>;
  /** Increments on each refused submit, so the form can move focus to the first error. */
  readonly submitAttempt: ReadonlySignal<number>;
  readonly screenCaptureAvailable: boolean;
  start(category?: string, prefill?: Readonly<Record<string, unknown>>): void;
  selectCategory(key: string | null): void;
  setCommon<K extends keyof CommonValues>(name: K, value: CommonValues[K]): void;
  setField(name: string, value: unknown): void;
  touch(path: string): void;
  removeContext(key: string): void;
  restoreContext(): void;
  addFiles(field: string, files: readonly File[], accept?: readonly string[]): void;
  captureScreen(field: string): Promise<boolean>;
  discardDraft(): void;
  submit(): Promise<void>;
  reset(): void;
}

const emptyCommon = (): CommonValues => ({
  subject: '',
  description: '',
  priority: 'normal',
  share_with_account_manager: false,
  consent: false,
});

function emptyFields(category: Category): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of category.fields) {
    switch (field.kind) {
      case 'checkbox':
        values[field.name] = false;
        break;
      case 'employees':
        values[field.name] = [{ name: '', employee_number: '', profile_url: '' }];
        break;
      case 'attachments':
        break;
      case 'select':
        values[field.name] = field.multiple ? [] : '';
        break;
      case 'number':
        values[field.name] = null;
        break;
      case 'text':
      case 'textarea':
      case 'markdown':
      case 'url':
      case 'email':
      case 'radio':
      case 'date':
      case 'datetime':
        values[field.name] = '';
        break;
      default:
        field.kind satisfies never;
    }
  }
  return values;
}

/**
 * How long a start may wait for the mirror before restoring from localStorage alone: only a
 * stuck IndexedDB takes that long, but a browser restarting after a crash on a busy machine
 * can take a second or two to open it.
 */
const mirrorWaitMs = 5000;

/** What the mirror keeps where a draft was removed (sent, queued, discarded). */
interface DraftRemoval {
  version: 1;
  removedAt: string;
}

function isDraft(value: unknown): value is Draft {
  const draft = value as Draft | null;
  return (
    typeof draft === 'object' &&
    draft !== null &&
    draft.version === 1 &&
    typeof draft.category === 'string' &&
    typeof draft.idempotencyKey === 'string' &&
    typeof draft.common === 'object' &&
    typeof draft.fields === 'object'
  );
}

function parseDraft(text: string | null): Draft | null {
  try {
    const parsed: unknown = JSON.parse(text ?? 'null');
    return isDraft(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function removedAt(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as Partial<DraftRemoval> | null;
    return parsed?.version === 1 && typeof parsed.removedAt === 'string' ? parsed.removedAt : null;
  } catch {
    return null;
  }
}

/**
 * Settles `storage` with the mirror, key by key under `prefix`: a mirrored draft newer than
 * localStorage's goes back in; a draft removed after localStorage's copy was saved goes away
 * (a killed browser may have kept the removal of a sent draft only in the mirror).
 */
async function restoreMirrored(storage: Storage, mirror: DraftMirror, prefix: string) {
  for (const [key, text] of await mirror.load()) {
    if (!key.startsWith(prefix)) {
      continue;
    }
    const kept = parseDraft(text);
    const removal = removedAt(text);
    const current = parseDraft(storage.getItem(key));
    if (kept && (!current || kept.savedAt > current.savedAt)) {
      storage.setItem(key, text);
    } else if (removal !== null && current && current.savedAt <= removal) {
      storage.removeItem(key);
    }
  }
}

/**
 * The "Nouvelle demande" flow: category, values, validation with the category's schema,
 * similar tickets, captured context, uploads, the draft kept as the user types, and sending
 * with one idempotency key (queued in the outbox when the server cannot be reached).
 */
export function createNewTicketModel(deps: NewTicketDeps): NewTicketModel {
  const debounceMs = deps.debounceMs ?? 300;
  const phase = signal<NewTicketPhase>('picking');
  const categoryKey = signal<string | null>(null);
  const common = signal<CommonValues>(emptyCommon());
  const fields = signal<Record<string, unknown>>({});
  const touched = signal<ReadonlySet<string>>(new Set());
  const showAll = signal(false);
  const submitError = signal<string | null>(null);
  const serverErrors = signal<Record<string, string>>({});
  const similar = signal<TicketSummary[]>([]);
  const removedContext = signal<ReadonlySet<string>>(new Set());
  const restoredDraft = signal(false);
  const draftSavedAt = signal<string | null>(null);
  const created = signal<{ id: string; number: number } | null>(null);
  const submitAttempt = signal(0);
  const occurredAt = signal(deps.now());
  let idempotencyKey = createIdempotencyKey();
  const uploads = createUploadsModel({ client: deps.client, locale: deps.locale });
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let similarRequest = 0;

  const category = computed(() =>
    categoryKey.value ? (getCategory(deps.catalog.value, categoryKey.value) ?? null) : null,
  );

  const later = (run: () => void, delay: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, delay);
    timers.add(timer);
    return timer;
  };

  const contextSources = (): ContextSources => ({
    host: deps.hostContext(),
    route: deps.route(),
    me: deps.session.me.value,
    locale: deps.locale(),
    occurredAt: occurredAt.value,
    pageUrl: typeof location === 'undefined' ? '' : location.href,
    userAgent: typeof navigator === 'undefined' ? '' : navigator.userAgent,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  });

  // Only what the person can see is sent: a value typed in a field that a later choice hid stays
  // in the draft (choosing back shows it again) but never leaves the browser.
  const body = (current: Category): CreateTicketRequest => {
    const values: Record<string, unknown> = {};
    for (const field of visibleFields(current, fields.value)) {
      const value =
        field.kind === 'attachments' ? uploads.ids(field.name) : fields.value[field.name];
      if (value !== undefined) {
        values[field.name] = value;
      }
    }
    return {
      category: current.key,
      subject: common.value.subject,
      description: common.value.description,
      priority: common.value.priority,
      fields: values,
      attachments: uploads.ids('attachments'),
      consent: {
        accepted: common.value.consent as true,
        text_version: deps.session.config.value?.consent_text_version ?? 'v1',
      },
      share_with_account_manager: common.value.share_with_account_manager,
      context: capturedContext(contextSources(), removedContext.value),
    };
  };

  const allErrors = computed<Record<string, string>>(() => {
    const current = category.value;
    if (!current) {
      return {};
    }
    const errors = formErrors(ticketFormSchema(current), body(current), deps.translator());
    for (const item of uploads.items.value) {
      if (item.status === 'uploading' && !errors[item.field]) {
        errors[item.field] = deps.t('new.attach.uploading', {
          name: item.name,
          percent: item.percent,
        });
      }
    }
    // Only visible fields are validated by the schema; hidden ones never show errors.
    const visible = new Set(
      visibleFields(current, fields.value).map((field) => `fields.${field.name}`),
    );
    for (const path of Object.keys(errors)) {
      const top = path.split('.').slice(0, 2).join('.');
      if (path.startsWith('fields.') && !visible.has(top)) {
        delete errors[path];
      }
    }
    return { ...errors, ...serverErrors.value };
  });

  const errors = computed(() => {
    if (showAll.value) {
      return allErrors.value;
    }
    const shown: Record<string, string> = {};
    for (const [path, message] of Object.entries(allErrors.value)) {
      const isTouched = [...touched.value].some(
        (field) => path === field || path.startsWith(`${field}.`),
      );
      if (isTouched) {
        shown[path] = message;
      }
    }
    return shown;
  });

  const draftKey = (key: string): string | null => {
    const me = deps.session.me.value;
    return me ? `${deps.draftPrefix}${ownerKey(me)}:${key}` : null;
  };

  const readDraft = (key: string): Draft | null => {
    const storageKey = draftKey(key);
    if (!deps.storage || !storageKey) {
      return null;
    }
    try {
      const draft = parseDraft(deps.storage.getItem(storageKey));
      return draft?.category === key ? draft : null;
    } catch {
      return null;
    }
  };

  const mirror = deps.storage ? (deps.mirror ?? null) : null;
  const draftsReady = signal(mirror === null);
  if (deps.storage && mirror) {
    const wait = new Promise((resolve) => later(() => resolve(undefined), mirrorWaitMs));
    void Promise.race([restoreMirrored(deps.storage, mirror, deps.draftPrefix), wait])
      .catch(() => undefined)
      .finally(() => {
        draftsReady.value = true;
      });
  }

  const writeDraft = () => {
    const current = category.value;
    const storageKey = current ? draftKey(current.key) : null;
    if (!deps.storage || !current || !storageKey || phase.value !== 'editing') {
      return;
    }
    const draft: Draft = {
      version: 1,
      category: current.key,
      common: common.value,
      fields: fields.value,
      removedContext: [...removedContext.value],
      attachments: uploads.items.value.flatMap((item) =>
        item.status === 'done' && item.attachment
          ? [{ field: item.field, attachment: item.attachment }]
          : [],
      ),
      idempotencyKey,
      savedAt: deps.now().toISOString(),
    };
    const text = JSON.stringify(draft);
    mirror?.put(storageKey, text);
    try {
      deps.storage.setItem(storageKey, text);
      draftSavedAt.value = draft.savedAt;
    } catch {
      // A full or disabled storage loses the draft, never the form in front of the user.
    }
  };

  const clearDraft = (key: string) => {
    const storageKey = draftKey(key);
    if (deps.storage && storageKey) {
      const removal: DraftRemoval = { version: 1, removedAt: deps.now().toISOString() };
      mirror?.put(storageKey, JSON.stringify(removal));
      try {
        deps.storage.removeItem(storageKey);
      } catch {
        // Nothing to clean if storage is unavailable.
      }
    }
    draftSavedAt.value = null;
  };

  // Save the draft at most debounceMs after a change. A pending save is never pushed back by
  // the next keystroke: a steady typist would otherwise go unsaved until she paused, and a
  // crash meanwhile would lose everything typed since the last pause.
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let skipFirstSave = true;
  const stopDraftEffect = effect(() => {
    void common.value;
    void fields.value;
    void removedContext.value;
    void uploads.items.value;
    if (skipFirstSave) {
      skipFirstSave = false;
      return;
    }
    saveTimer ??= later(() => {
      saveTimer = undefined;
      writeDraft();
    }, debounceMs);
  });
  const cancelSave = () => {
    if (saveTimer) {
      clearTimeout(saveTimer);
      timers.delete(saveTimer);
      saveTimer = undefined;
    }
  };
  /** Writes now what the pending save would write. */
  const flushDraft = () => {
    if (saveTimer) {
      cancelSave();
      writeDraft();
    }
  };
  // A tab being closed or put away may never run its timers again.
  const flushWhenHidden = () => {
    if (document.visibilityState === 'hidden') {
      flushDraft();
    }
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', flushDraft);
    document.addEventListener('visibilitychange', flushWhenHidden);
  }

  // Look for similar open tickets while the subject is typed.
  let similarTimer: ReturnType<typeof setTimeout> | undefined;
  const stopSimilarEffect = effect(() => {
    const subject = common.value.subject.trim();
    if (similarTimer) {
      clearTimeout(similarTimer);
      timers.delete(similarTimer);
    }
    const request = ++similarRequest;
    if (subject.length < 3 || phase.peek() !== 'editing') {
      similar.value = [];
      return;
    }
    similarTimer = later(() => {
      deps.client
        .similarTickets({ q: subject.slice(0, 200), limit: 3 })
        .then((response) => {
          if (request === similarRequest) {
            similar.value = response.items;
          }
        })
        .catch(() => {
          // The duplicate check is a courtesy: failing it must not disturb the form.
        });
    }, debounceMs);
  });

  const selectCategory = (key: string | null, prefill?: Readonly<Record<string, unknown>>) => {
    // The category being left keeps its last keystrokes.
    flushDraft();
    const next = key ? getCategory(deps.catalog.value, key) : undefined;
    batch(() => {
      touched.value = new Set();
      showAll.value = false;
      submitError.value = null;
      serverErrors.value = {};
      similar.value = [];
      created.value = null;
      restoredDraft.value = false;
      draftSavedAt.value = null;
      occurredAt.value = deps.now();
      uploads.clear();
      if (!next) {
        categoryKey.value = null;
        phase.value = 'picking';
        return;
      }
      const draft = readDraft(next.key);
      skipFirstSave = true;
      if (draft) {
        common.value = { ...emptyCommon(), ...draft.common };
        fields.value = { ...emptyFields(next), ...draft.fields };
        removedContext.value = new Set(draft.removedContext);
        uploads.restore(draft.attachments);
        idempotencyKey = draft.idempotencyKey;
        restoredDraft.value = true;
        draftSavedAt.value = draft.savedAt;
      } else {
        const commonPrefill: Partial<CommonValues> = {};
        const fieldPrefill: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(prefill ?? {})) {
          if (name in emptyCommon()) {
            (commonPrefill as Record<string, unknown>)[name] = value;
          } else if (next.fields.some((field) => field.name === name)) {
            fieldPrefill[name] = value;
          }
        }
        common.value = { ...emptyCommon(), ...commonPrefill };
        fields.value = { ...emptyFields(next), ...fieldPrefill };
        removedContext.value = new Set();
        idempotencyKey = createIdempotencyKey();
      }
      categoryKey.value = next.key;
      phase.value = 'editing';
    });
  };

  const finishCreated = (current: Category, ticket: { id: string; number: number }) => {
    clearDraft(current.key);
    batch(() => {
      created.value = { id: ticket.id, number: ticket.number };
      phase.value = 'done';
    });
    deps.emit({
      type: 'ticket_created',
      ticket: { id: ticket.id, number: ticket.number },
      fromQueue: false,
    });
  };

  const submit = async () => {
    const current = category.value;
    if (!current || phase.value !== 'editing') {
      return;
    }
    serverErrors.value = {};
    submitError.value = null;
    showAll.value = true;
    if (Object.keys(allErrors.value).length > 0) {
      submitAttempt.value++;
      return;
    }
    const request = body(current);
    phase.value = 'submitting';
    try {
      const detail = await deps.client.createTicket(request, { idempotencyKey });
      finishCreated(current, detail.ticket);
    } catch (error) {
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      if (offline || (isAideError(error) && error.transient)) {
        await deps.enqueue({ body: request, idempotencyKey });
        clearDraft(current.key);
        phase.value = 'queued';
        deps.emit({ type: 'ticket_queued', category: current.key });
        return;
      }
      phase.value = 'editing';
      const problem = isAideError(error) ? error.problem : undefined;
      if (problem?.errors?.length) {
        const mapped: Record<string, string> = {};
        for (const issue of problem.errors) {
          mapped[issue.path.replace(/^body\./, '')] = issue.message;
        }
        serverErrors.value = mapped;
        submitAttempt.value++;
      } else {
        submitError.value = deps.t(
          isAideError(error) && error.code === 'unauthorized'
            ? 'error.unauthorized'
            : 'error.generic',
        );
      }
      deps.emit({
        type: 'error',
        code: isAideError(error) ? error.code : 'unknown',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };

  return {
    phase,
    catalog: deps.catalog,
    category,
    common,
    fields,
    errors,
    submitError,
    similar,
    contextItems: computed(() => {
      void occurredAt.value;
      return contextItems(contextSources());
    }),
    removedContext,
    uploads,
    restoredDraft,
    draftsReady,
    draftSavedAt,
    created,
    submitAttempt,
    screenCaptureAvailable: (deps.canCaptureScreen ?? canCaptureScreen)(),
    start(key, prefill) {
      if (key) {
        selectCategory(key, prefill);
      } else if (phase.value === 'done' || phase.value === 'queued') {
        selectCategory(null);
      }
    },
    selectCategory: (key) => selectCategory(key),
    setCommon(name, value) {
      common.value = { ...common.value, [name]: value };
      if (serverErrors.value[name]) {
        const { [name]: _removed, ...rest } = serverErrors.value;
        serverErrors.value = rest;
      }
    },
    setField(name, value) {
      fields.value = { ...fields.value, [name]: value };
    },
    touch(path) {
      if (!touched.value.has(path)) {
        touched.value = new Set([...touched.value, path]);
      }
    },
    removeContext(key) {
      removedContext.value = new Set([...removedContext.value, key]);
    },
    restoreContext() {
      removedContext.value = new Set();
    },
    addFiles(field, files, accept) {
      uploads.add(field, files, accept);
      touched.value = new Set([...touched.value, field]);
    },
    async captureScreen(field) {
      try {
        const file = await (deps.captureScreen ?? (() => captureScreenshot(deps.now())))();
        uploads.add(field, [file], ['image/*']);
        return true;
      } catch {
        return false;
      }
    },
    discardDraft() {
      const current = category.value;
      if (current) {
        cancelSave();
        clearDraft(current.key);
        selectCategory(current.key);
      }
    },
    submit,
    reset() {
      selectCategory(null);
    },
    dispose() {
      // The widget unmounted (the host left the screen) with a save pending: write it now.
      flushDraft();
      stopDraftEffect();
      stopSimilarEffect();
      if (typeof window !== 'undefined') {
        window.removeEventListener('pagehide', flushDraft);
        document.removeEventListener('visibilitychange', flushWhenHidden);
      }
      for (const timer of timers) {
        clearTimeout(timer);
      }
      timers.clear();
      uploads.dispose();
    },
  };
}
