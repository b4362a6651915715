import { isAideError } from '@aide/core';
import { type ReadonlySignal, signal } from '@preact/signals';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Locale } from '../i18n/locale';
import type { AideClient } from '../models/client';
import { createI18nModel, type I18nModel, type Translate } from '../models/i18n';
import { createModelScope, type Disposable, type ModelScope } from '../models/scope';
import { createSessionModel, type SessionModel } from '../models/session';
import type { AideEvent, AideOptions, HostContext, View } from '../types';

/**
 * Everything a panel view needs, given once by the panel root. Views read signals from it and
 * call model actions; they never call `client` themselves (models do, STYLE habit 4).
 */
export interface PanelContextValue {
  /** Widget and domain strings in the current language; reading it subscribes to the locale. */
  t: Translate;
  readonly locale: ReadonlySignal<Locale>;
  i18n: I18nModel;
  /** Null when the widget was mounted without a server (documentation only). */
  client: AideClient | null;
  /** GET /v1/me and GET /v1/config, loaded when the panel first opens. */
  session: SessionModel;
  /** Per-widget registry of models, disposed at unmount (see useModel). */
  models: ModelScope;
  /** The current view; `navigate` changes it. */
  readonly view: ReadonlySignal<View>;
  navigate(view: View): void;
  options: Readonly<AideOptions>;
  /**
   * The host's captured context. Reading it inside a computed or a component subscribes to
   * `contextChanged`, so an open preview shows what the host sets with `setContext`.
   */
  hostContext(): HostContext;
  /** The host gave a new context (`setContext`): previews read it again. */
  contextChanged(): void;
  /** Sends a typed event to the host's `onEvent`. */
  emit(event: AideEvent): void;
  /** Shows the count on the launcher badge (0 hides it). */
  setUnread(count: number): void;
  /**
   * Adds a view's stylesheet to the shadow root, once: views in chunks of their own bring their
   * CSS with them instead of weighing on the panel as opened.
   */
  adoptStyles(css: string): void;
  /** Local storage namespaced by server (the models add the user id), or null when disabled. */
  storage: Storage | null;
  /** Injectable clock for tests and stories. */
  now(): Date;
}

export const PanelContext = createContext<PanelContextValue | null>(null);

/** The panel's context; throws when a view is rendered outside the panel (a wiring bug). */
export function usePanel(): PanelContextValue {
  const value = useContext(PanelContext);
  if (!value) {
    throw new Error('usePanel() must be used inside <PanelContext.Provider>');
  }
  return value;
}

/**
 * A model shared by every component of this widget instance, created on first use and disposed
 * with the widget.
 *
 * @example
 * const tickets = useModel('tickets', (panel) => createTicketsModel(panel));
 */
export function useModel<T extends Disposable>(
  key: string,
  create: (panel: PanelContextValue) => T,
): T {
  const panel = usePanel();
  return panel.models.use(key, () => create(panel));
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export interface CreatePanelContextInput {
  client: AideClient | null;
  options?: AideOptions;
  view?: View;
  hostContext?: () => HostContext;
  emit?: (event: AideEvent) => void;
  setUnread?: (count: number) => void;
  adoptStyles?: (css: string) => void;
  storage?: Storage | null;
  now?: () => Date;
  /** For tests and stories: a session already loaded. */
  session?: SessionModel;
}

/**
 * Builds the context value: the panel root uses it with the real client, tests and stories
 * with a fake one.
 *
 * @example
 * const panel = createPanelContext({ client, options: { locale: 'en' } });
 * render(<PanelContext.Provider value={panel}><DocsView /></PanelContext.Provider>, container);
 */
export function createPanelContext(input: CreatePanelContextInput): PanelContextValue {
  const options = input.options ?? {};
  const models = createModelScope();
  const emit = input.emit ?? (() => undefined);
  const i18n = models.use('i18n', () =>
    createI18nModel({
      ...(options.locale === undefined ? {} : { locale: options.locale }),
      ...(options.text === undefined ? {} : { text: options.text }),
      ...(options.terms === undefined ? {} : { terms: options.terms }),
    }),
  );
  const session = models.use(
    'session',
    () =>
      input.session ??
      createSessionModel({
        client: input.client,
        onError: (error) =>
          emit({
            type: 'error',
            code: isAideError(error) ? error.code : 'unknown',
            message: error instanceof Error ? error.message : String(error),
          }),
      }),
  );
  const view = signal<View>(input.view ?? { name: 'docs' });
  const readHostContext = input.hostContext ?? (() => ({}));
  const contextVersion = signal(0);
  return {
    t: i18n.t,
    locale: i18n.locale as ReadonlySignal<Locale>,
    i18n,
    client: input.client,
    session,
    models,
    view,
    navigate(next) {
      view.value = next;
      emit({ type: 'view', view: next.name });
    },
    options,
    hostContext() {
      // Read for its subscription only: the value lives with the host.
      void contextVersion.value;
      return readHostContext();
    },
    contextChanged() {
      contextVersion.value += 1;
    },
    emit,
    setUnread: input.setUnread ?? (() => undefined),
    adoptStyles: input.adoptStyles ?? (() => undefined),
    storage: input.storage === undefined ? safeStorage() : input.storage,
    now: input.now ?? (() => new Date()),
  };
}
