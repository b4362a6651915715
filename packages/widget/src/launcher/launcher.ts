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

export function createLauncher(options: LauncherOptions): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.dataset.position = options.position;
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-expanded', 'false');
  button.textContent = `❔ ${options.label}`;
  button.addEventListener('pointerenter', options.onIntent, { once: true });
  button.addEventListener('focus', options.onIntent, { once: true });
  button.addEventListener('click', options.onActivate);
  return button;
}
