import { afterEach, expect, it } from 'vitest';
import { type AideHandle, mountAide } from './mount';

let aide: AideHandle | undefined;
afterEach(() => {
  aide?.unmount();
  aide = undefined;
});

it('styles the launcher through adopted stylesheets that host CSS cannot override', async () => {
  const hostile = document.createElement('style');
  hostile.textContent = 'button { background: red !important; font-size: 40px !important; }';
  document.head.append(hostile);
  try {
    aide = mountAide({ position: 'bottom-right' });
    const root = document.querySelector('aide-root')?.shadowRoot;
    const launcher = root?.querySelector('button');
    expect(launcher).toBeTruthy();
    const style = getComputedStyle(launcher as HTMLButtonElement);
    expect(style.backgroundColor).toBe('rgb(31, 95, 191)');
    expect(style.fontSize).toBe('14px');
    expect(style.position).toBe('fixed');
    expect(root?.querySelectorAll('style')).toHaveLength(0);
  } finally {
    hostile.remove();
  }
});

it('opens the panel in a real browser and puts focus in the dialog', async () => {
  aide = mountAide();
  await aide.open();
  const root = document.querySelector('aide-root')?.shadowRoot;
  const dialog = root?.querySelector('[role="dialog"]');
  expect(dialog).toBeTruthy();
  expect(root?.activeElement).toBe(dialog);
});
