import { page, userEvent } from '@vitest/browser/context';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { type AideHandle, mountAide } from './mount';

let aide: AideHandle | undefined;

// The dev server transforms the panel's module graph on first import (seconds, cold); a built
// bundle would not. Load it once so the interactions below measure the widget, not the server.
beforeAll(async () => {
  await import('./panel/panel');
}, 60_000);

afterEach(async () => {
  aide?.unmount();
  aide = undefined;
  await page.viewport(1024, 768);
});

function root(): ShadowRoot {
  const shadow = document.querySelector('aide-root')?.shadowRoot;
  if (!shadow) {
    throw new Error('widget not mounted');
  }
  return shadow;
}

it('styles the launcher through adopted stylesheets that host CSS cannot override', () => {
  const hostile = document.createElement('style');
  hostile.textContent = 'button { background: red !important; font-size: 40px !important; }';
  document.head.append(hostile);
  try {
    aide = mountAide({ position: 'bottom-right' });
    const launcher = root().querySelector('button');
    expect(launcher).toBeTruthy();
    const style = getComputedStyle(launcher as HTMLButtonElement);
    expect(style.backgroundColor).toBe('rgb(31, 95, 191)');
    expect(style.fontSize).toBe('14px');
    expect(style.position).toBe('fixed');
    expect(root().querySelectorAll('style')).toHaveLength(0);
  } finally {
    hostile.remove();
  }
});

it('applies a vendor token and the dark theme through custom properties', () => {
  aide = mountAide({ theme: { mode: 'dark', tokens: { 'launcher-bg': '#0a7d4f' } } });
  const launcher = root().querySelector('button') as HTMLButtonElement;
  expect(getComputedStyle(launcher).backgroundColor).toBe('rgb(10, 125, 79)');
  expect(
    getComputedStyle(document.querySelector('aide-root') as Element)
      .getPropertyValue('--aide-bg')
      .trim(),
  ).toBe('#161b22');
});

it('opens a focused dialog, keeps Tab inside, and gives focus back on Escape', async () => {
  aide = mountAide();
  const launcher = root().querySelector('button') as HTMLButtonElement;
  await userEvent.click(launcher);
  await expect.poll(() => root().querySelectorAll('[role="dialog"]').length).toBe(1);
  const dialog = root().querySelector('[role="dialog"]') as HTMLElement;
  expect(root().activeElement).toBe(dialog);
  for (let step = 0; step < 6; step++) {
    await userEvent.keyboard('{Tab}');
    expect(dialog.contains(root().activeElement)).toBe(true);
  }
  await userEvent.keyboard('{Escape}');
  expect(root().querySelector('[role="dialog"]')).toBeNull();
  expect(root().activeElement).toBe(launcher);
});

it.each(['bottom-right', 'top-right'] as const)(
  'fills a 360 px wide phone screen (%s launcher)',
  async (position) => {
    await page.viewport(360, 640);
    aide = mountAide({ position });
    await aide.open();
    const dialog = root().querySelector('[role="dialog"]') as HTMLElement;
    // Measure the resting layout, not the opening animation's first frame.
    for (const animation of dialog.getAnimations()) {
      animation.finish();
    }
    const box = dialog.getBoundingClientRect();
    expect({ left: box.left, top: box.top, width: box.width, height: box.height }).toEqual({
      left: 0,
      top: 0,
      width: innerWidth,
      height: innerHeight,
    });
    expect(innerWidth).toBe(360);
    expect(dialog.scrollWidth).toBeLessThanOrEqual(dialog.clientWidth);
  },
);

it('shows beside the launcher on a desktop screen without moving the page', async () => {
  const before = document.documentElement.getBoundingClientRect().height;
  aide = mountAide({ position: 'bottom-right' });
  await aide.open();
  const dialog = root().querySelector('[role="dialog"]') as HTMLElement;
  const box = dialog.getBoundingClientRect();
  expect(box.width).toBe(420);
  expect(box.right).toBeLessThanOrEqual(1024 - 16);
  expect(document.documentElement.getBoundingClientRect().height).toBe(before);
});
