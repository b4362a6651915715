import { createLauncher } from './launcher/launcher';
import launcherCss from './styles/launcher.css?inline';
import tokensCss from './styles/tokens.css?inline';

export interface AideOptions {
  /** Element the widget's host is appended to; defaults to document.body. */
  target?: Element;
  position?: 'top-right' | 'bottom-right';
  /** Vendor overrides of visible strings. */
  text?: { launcher?: string; title?: string; close?: string };
}

export interface AideHandle {
  open(): Promise<void>;
  close(): void;
  toggle(): Promise<void>;
  unmount(): void;
}

type PanelModule = typeof import('./panel/panel');

function adopt(root: ShadowRoot, cssTexts: string[]): void {
  // Constructed stylesheets work under a strict CSP (no inline <style> needed).
  root.adoptedStyleSheets = cssTexts.map((text) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    return sheet;
  });
}

/**
 * Mounts the ❔ Aide launcher. The panel's code is fetched on first hover, focus or open.
 *
 * @example
 * const aide = mountAide({ position: 'top-right' });
 * await aide.open();
 */
export function mountAide(options: AideOptions = {}): AideHandle {
  const host = document.createElement('aide-root');
  const root = host.attachShadow({ mode: 'open' });
  const baseStyles = [tokensCss, launcherCss];
  adopt(root, baseStyles);
  const panelContainer = document.createElement('div');
  let panelModule: Promise<PanelModule> | undefined;
  let isOpen = false;

  const loadPanel = (): Promise<PanelModule> => {
    panelModule ??= import('./panel/panel').then((module) => {
      adopt(root, [...baseStyles, module.styles]);
      return module;
    });
    return panelModule;
  };

  const close = (): void => {
    if (!isOpen) {
      return;
    }
    isOpen = false;
    launcher.setAttribute('aria-expanded', 'false');
    void loadPanel().then((module) => module.renderPanel(panelContainer, null));
    launcher.focus();
  };

  const open = async (): Promise<void> => {
    const module = await loadPanel();
    isOpen = true;
    launcher.setAttribute('aria-expanded', 'true');
    module.renderPanel(panelContainer, {
      title: options.text?.title ?? 'Aide',
      closeLabel: options.text?.close ?? 'Fermer',
      onClose: close,
    });
  };

  const toggle = (): Promise<void> => {
    if (isOpen) {
      close();
      return Promise.resolve();
    }
    return open();
  };

  const launcher = createLauncher({
    label: options.text?.launcher ?? 'Aide',
    position: options.position ?? 'top-right',
    onIntent: () => void loadPanel(),
    onActivate: () => void toggle(),
  });
  root.append(launcher, panelContainer);
  (options.target ?? document.body).append(host);

  return {
    open,
    close,
    toggle,
    unmount() {
      void panelModule?.then((module) => module.renderPanel(panelContainer, null));
      host.remove();
    },
  };
}
