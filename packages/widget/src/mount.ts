import { createLauncher, type Launcher } from './launcher/launcher';
import launcherCss from './styles/launcher.css?inline';
import tokensCss from './styles/tokens.css?inline';
import type {
  AideEvent,
  AideHandle,
  AideOptions,
  HostContextOption,
  ThemeOption,
  View,
} from './types';

export type {
  AideEvent,
  AideEventType,
  AideHandle,
  AideOptions,
  DocOption,
  HostContext,
  HostContextOption,
  ThemeMode,
  ThemeOption,
  ThemeTokens,
  View,
} from './types';

type PanelModule = typeof import('./panel/panel');
type PanelController = ReturnType<PanelModule['createPanel']>;

/** Storage prefix of queued tickets; the panel chunk adds the user id after it. */
export function outboxPrefix(server: string): string {
  return `aide:outbox:${server}:`;
}

// models/unread.ts's seenStorageKey(''): written out here because importing that module would
// make it a chunk shared with Mes demandes, one more request before the button shows.
const seenKeyPrefix = 'aide.tickets.seen.';

/** Whether local storage holds a key starting with `prefix` (false when storage is disabled). */
function hasStoredKey(prefix: string): boolean {
  try {
    for (let index = 0; index < localStorage.length; index++) {
      if (localStorage.key(index)?.startsWith(prefix)) {
        return true;
      }
    }
  } catch {
    // Storage can be disabled (privacy settings): then nothing was stored either.
  }
  return false;
}

function sheets(cssTexts: readonly string[]): CSSStyleSheet[] {
  // Constructed stylesheets work under a strict CSP (no inline <style> needed).
  return cssTexts.map((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });
}

/** Applies light/dark/auto and `--aide-*` token overrides on the host element. */
export function applyTheme(host: HTMLElement, theme: ThemeOption | undefined): void {
  const mode = typeof theme === 'string' ? theme : (theme?.mode ?? 'light');
  host.setAttribute('data-theme', mode);
  if (typeof theme === 'object' && theme.tokens) {
    for (const [name, value] of Object.entries(theme.tokens)) {
      if (typeof value === 'string') {
        host.style.setProperty(`--aide-${name}`, value);
      }
    }
  }
}

const launcherLabels: Record<string, string> = { fr: 'Aide', en: 'Help', es: 'Ayuda' };

function launcherLabel(options: AideOptions, locale: string): string {
  const text = options.text as Record<string, unknown> | undefined;
  const perLocale = text?.[locale] as Record<string, string> | undefined;
  const override = perLocale?.['launcher.label'] ?? text?.['launcher.label'];
  return typeof override === 'string' ? override : (launcherLabels[locale] ?? 'Aide');
}

/**
 * Mounts the widget inside `host`'s shadow root (created if missing). Used by mountAide and by
 * the <aide-widget> element. Everything it adds (DOM, listeners, models, timers) is removed by
 * the returned handle's unmount().
 *
 * While the page is still loading, the launcher waits for the load event and an idle moment:
 * its styles and layout then never join the page's own first layout in one long task (DESIGN.md
 * section 8: no long task on the host page at load). Calling open() earlier mounts at once.
 */
export function mountInto(host: HTMLElement, options: AideOptions): AideHandle {
  if (document.readyState === 'complete') {
    return mountNow(host, options);
  }
  let pending: AideOptions = options;
  let handle: AideHandle | undefined;
  const start = (): AideHandle => {
    handle ??= mountNow(host, pending);
    return handle;
  };
  const cancel = afterLoadWhenIdle(start);
  return {
    open: () => start().open(),
    close: () => handle?.close(),
    toggle: () => start().toggle(),
    openTicket: (id) => start().openTicket(id),
    newTicket: (category, prefill) => start().newTicket(category, prefill),
    setLocale(locale) {
      pending = { ...pending, locale };
      handle?.setLocale(locale);
    },
    setContext(context) {
      pending = { ...pending, context };
      handle?.setContext(context);
    },
    unmount() {
      cancel();
      handle?.unmount();
    },
  };
}

/**
 * Runs `run` once the window has loaded (now if it has), when the browser is idle; returns a
 * cancel.
 */
function afterLoadWhenIdle(run: () => void): () => void {
  let live = true;
  const go = (): void => {
    if (live) {
      run();
    }
  };
  const onLoad = (): void => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(go, { timeout: 2000 });
    } else {
      setTimeout(go, 1);
    }
  };
  if (document.readyState === 'complete') {
    onLoad();
  } else {
    window.addEventListener('load', onLoad, { once: true });
  }
  return () => {
    live = false;
    window.removeEventListener('load', onLoad);
  };
}

function mountNow(host: HTMLElement, options: AideOptions): AideHandle {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const baseSheets = sheets([tokensCss, launcherCss]);
  root.adoptedStyleSheets = baseSheets;
  applyTheme(host, options.theme);
  host.setAttribute('data-position', options.position ?? 'bottom-right');
  let locale = (options.locale ?? (document.documentElement.lang || 'fr'))
    .slice(0, 2)
    .toLowerCase();
  let hostContext: HostContextOption | undefined = options.context;
  const panelContainer = document.createElement('div');
  let panelModule: Promise<PanelModule> | undefined;
  let controller: PanelController | undefined;
  let isOpen = false;
  let mounted = true;

  const emit = (event: AideEvent): void => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      // A throwing host callback must not break the widget; surface it for the host's devtools.
      console.error(error);
    }
  };

  const close = (): void => {
    if (!isOpen) {
      return;
    }
    isOpen = false;
    launcher.setExpanded(false);
    controller?.hide();
    launcher.focus();
    emit({ type: 'close' });
  };

  const loadPanel = (): Promise<PanelController | undefined> => {
    panelModule ??= import('./panel/panel');
    return panelModule.then((module) => {
      if (!mounted) {
        return undefined;
      }
      if (!controller) {
        root.adoptedStyleSheets = [...baseSheets, ...sheets([module.styles])];
        controller = module.createPanel({
          root,
          container: panelContainer,
          options: { ...options, locale },
          context: () => (typeof hostContext === 'function' ? hostContext() : (hostContext ?? {})),
          emit,
          requestClose: close,
          setUnread: (count) => {
            badgeFromPanel = true;
            launcher.setBadge(count);
          },
        });
      }
      return controller;
    });
  };

  const show = async (view?: View): Promise<void> => {
    const panel = await loadPanel();
    if (!panel) {
      return;
    }
    const wasOpen = isOpen;
    isOpen = true;
    launcher.setExpanded(true);
    panel.show(view);
    if (!wasOpen) {
      emit({ type: 'open', view: panel.view() });
    }
  };

  const toggle = (): Promise<void> => {
    if (isOpen) {
      close();
      return Promise.resolve();
    }
    return show();
  };

  const launcher: Launcher = createLauncher({
    label: launcherLabel(options, locale),
    position: options.position ?? 'bottom-right',
    onIntent: () => void loadPanel(),
    onActivate: () => void toggle(),
  });
  // The host page's rules beat `:host` ones (a page's `* { all: unset }` reaches the host
  // element), so inherited text styles are reset once more on a frame inside the shadow root.
  const frame = document.createElement('div');
  frame.className = 'aide-frame';
  frame.append(launcher.element, panelContainer);
  root.append(frame);

  // Tickets queued while offline are sent when the connection returns, and at mount (the page
  // may have been closed while offline); the panel chunk is fetched only if something waits.
  const flush = (): void => {
    if (controller || (options.server && hasStoredKey(outboxPrefix(options.server)))) {
      // A failed flush leaves the tickets queued for the next `online` event or page load.
      void loadPanel()
        .then((panel) => panel?.flushOutbox())
        .catch(() => undefined);
    }
  };
  window.addEventListener('online', flush);
  flush();

  // The unread badge before the panel is ever opened: once the page is idle, and only in a
  // browser where someone has followed their tickets before (nobody else has anything unread).
  let badgeFromPanel = false;
  const stopUnreadCheck =
    options.server && options.getToken && hasStoredKey(seenKeyPrefix)
      ? afterLoadWhenIdle(() => {
          import('./launcher/unread-check')
            .then(({ countUnread }) => countUnread(options, localStorage))
            .then((count) => {
              if (mounted && !badgeFromPanel) {
                launcher.setBadge(count);
              }
            })
            .catch(() => undefined);
        })
      : () => undefined;

  return {
    open: () => show(),
    close,
    toggle,
    openTicket: (id) => show({ name: 'ticket', id }),
    newTicket: (category, prefill) =>
      show({
        name: 'new',
        ...(category === undefined ? {} : { category }),
        ...(prefill === undefined ? {} : { prefill }),
      }),
    setLocale(next) {
      locale = next.slice(0, 2).toLowerCase();
      launcher.setLabel(launcherLabel(options, locale));
      controller?.setLocale(locale);
    },
    setContext(next) {
      hostContext = next;
      controller?.setContext();
    },
    unmount() {
      if (!mounted) {
        return;
      }
      mounted = false;
      stopUnreadCheck();
      window.removeEventListener('online', flush);
      controller?.dispose();
      launcher.dispose();
      frame.remove();
      root.adoptedStyleSheets = [];
    },
  };
}

/**
 * Mounts the ❔ Aide widget: a tiny launcher now, the panel's code on first hover, focus or open.
 *
 * @example
 * const aide = mountAide({
 *   server: 'https://support.example.com',
 *   getToken: () => fetch('/aide-token').then((response) => response.text()),
 *   onEvent: (event) => console.log(event.type),
 * });
 * await aide.newTicket('technical.incident');
 */
export function mountAide(options: AideOptions = {}): AideHandle {
  const host = document.createElement('aide-root');
  (options.target ?? document.body).append(host);
  const handle = mountInto(host, options);
  return {
    ...handle,
    unmount() {
      handle.unmount();
      host.remove();
    },
  };
}
