/**
 * The launcher is plain DOM on purpose: it is all the host page pays for until the user shows
 * interest, so it must stay a few hundred bytes.
 */
export interface LauncherOptions {
  label: string;
  position: 'top-right' | 'bottom-right';
  /** Called on first hover or focus, so the panel code is fetched before the click. */
  onIntent: () => void;
  onActivate: () => void;
}

export interface Launcher {
  element: HTMLButtonElement;
  setExpanded(expanded: boolean): void;
  setLabel(label: string): void;
  /** Unread replies; 0 hides the badge. */
  setBadge(count: number): void;
  focus(): void;
  dispose(): void;
}

export function createLauncher(options: LauncherOptions): Launcher {
  const button = document.createElement('button');
  const icon = document.createElement('span');
  const text = document.createElement('span');
  const badge = document.createElement('span');
  let label = options.label;
  let unread = 0;
  button.type = 'button';
  button.className = 'launcher';
  button.dataset.position = options.position;
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  icon.textContent = '❔';
  icon.setAttribute('aria-hidden', 'true');
  badge.className = 'badge';
  badge.hidden = true;
  badge.setAttribute('aria-hidden', 'true');
  button.append(icon, text, badge);
  const render = (): void => {
    text.textContent = label;
    badge.textContent = String(unread);
    badge.hidden = unread === 0;
    // The badge is decorative; the accessible name carries the count.
    button.setAttribute('aria-label', unread ? `${label} (${unread})` : label);
  };
  render();
  const intent = (): void => options.onIntent();
  button.addEventListener('pointerenter', intent, { once: true });
  button.addEventListener('focus', intent, { once: true });
  button.addEventListener('click', options.onActivate);
  return {
    element: button,
    setExpanded: (expanded) => button.setAttribute('aria-expanded', String(expanded)),
    setLabel(next) {
      label = next;
      render();
    },
    setBadge(count) {
      unread = Math.max(0, Math.floor(count));
      render();
    },
    focus: () => button.focus(),
    dispose() {
      button.removeEventListener('pointerenter', intent);
      button.removeEventListener('focus', intent);
      button.removeEventListener('click', options.onActivate);
      button.remove();
    },
  };
}
