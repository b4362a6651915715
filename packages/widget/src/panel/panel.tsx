import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { type AideClient, deferredClient } from '../models/client';
import panelCss from '../styles/panel.css?inline';
import type { AideEvent, AideOptions, HostContext, View } from '../types';
import { createPanelContext, PanelContext, type PanelContextValue, usePanel } from './context';
import { Dialog } from './shell/dialog';
import { type TabName, Tabs } from './shell/tabs';
import { ViewOutlet } from './shell/view-outlet';

/** The panel's frame: dialog, tabs (when there is a server to file tickets with), current view. */
export function Panel(props: { onClose: () => void }) {
  const { t, client, session } = usePanel();
  useEffect(() => {
    void session.load();
  }, [session]);
  const tabs: TabName[] = client ? ['docs', 'new', 'tickets'] : ['docs'];
  return (
    <Dialog
      title={t('panel.title')}
      closeLabel={t('panel.close')}
      onClose={props.onClose}
      nav={tabs.length > 1 ? <Tabs tabs={tabs} /> : null}
    >
      <ViewOutlet tabbed={tabs.length > 1} />
    </Dialog>
  );
}

/** What mount.ts hands to the panel chunk. */
export interface PanelBridge {
  root: ShadowRoot;
  container: HTMLElement;
  options: AideOptions;
  context: () => HostContext;
  emit: (event: AideEvent) => void;
  requestClose: () => void;
  setUnread: (count: number) => void;
}

export interface PanelController {
  show(view?: View): void;
  hide(): void;
  view(): View['name'];
  setLocale(locale: string): void;
  /** The host changed its context provider: an open preview shows the new one. */
  setContext(): void;
  flushOutbox(): Promise<void>;
  dispose(): void;
}

function buildClient(options: AideOptions): AideClient | null {
  const { server, getToken } = options;
  if (!server) {
    return null;
  }
  // Fetched now (the panel's code runs on the launcher's hover or focus), used on the first call.
  const api = (): Promise<typeof import('../models/api')> => import('../models/api');
  api().catch(() => undefined);
  return deferredClient(() =>
    api().then(({ createClient }) =>
      createClient({ baseUrl: server, getToken: getToken ?? (() => '') }),
    ),
  );
}

/** Adds a stylesheet to the shadow root, each text once (constructed: fine under a strict CSP). */
function adopter(root: ShadowRoot): (css: string) => void {
  const adopted = new Set<string>();
  return (css) => {
    if (!adopted.has(css)) {
      adopted.add(css);
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
  };
}

/** Entry of the lazily loaded chunk: mount.ts calls this through a dynamic import. */
export function createPanel(bridge: PanelBridge): PanelController {
  const panel: PanelContextValue = createPanelContext({
    client: buildClient(bridge.options),
    options: bridge.options,
    hostContext: bridge.context,
    emit: bridge.emit,
    setUnread: bridge.setUnread,
    adoptStyles: adopter(bridge.root),
  });
  let visible = false;
  const paint = (): void => {
    render(
      visible ? (
        <PanelContext.Provider value={panel}>
          <Panel onClose={bridge.requestClose} />
        </PanelContext.Provider>
      ) : null,
      bridge.container,
    );
  };
  return {
    show(view) {
      if (view) {
        panel.navigate(view);
      }
      if (!visible) {
        visible = true;
        paint();
      }
    },
    hide() {
      visible = false;
      paint();
    },
    view: () => panel.view.value.name,
    setLocale(locale) {
      void panel.i18n.setLocale(locale);
    },
    setContext() {
      panel.contextChanged();
    },
    // The outbox (and its storage code) ships with the form's chunk: load it only when asked.
    flushOutbox: () => import('../models/outbox').then(({ outboxOf }) => outboxOf(panel).flush()),
    dispose() {
      visible = false;
      paint();
      panel.models.dispose();
    },
  };
}

// Views in chunks of their own adopt their stylesheets when they first render (adoptStyles).
export const styles = panelCss;
