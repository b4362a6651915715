import { configure, within } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { type AideWidgetElement, defineAideElement } from './element';

defineAideElement();

// Testing Library cannot print a shadow root in its failure messages: keep the message only.
configure({ getElementError: (message) => new Error(message ?? 'element not found') });

// The panel and English chunks are transformed on first import, which takes seconds under the
// test runner (a bundle would not): load them once before the timed interactions.
beforeAll(async () => {
  await Promise.all([import('./panel/panel'), import('./i18n/en'), import('@aide/core/i18n/en')]);
}, 30_000);

afterEach(() => {
  document.body.replaceChildren();
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function shadow(element: HTMLElement): HTMLElement {
  if (!element.shadowRoot) {
    throw new Error('no shadow root');
  }
  return element.shadowRoot as unknown as HTMLElement;
}

it('mounts from attributes and properties when inserted in the page', async () => {
  const element = document.createElement('aide-widget') as AideWidgetElement;
  element.setAttribute('locale', 'en');
  element.setAttribute('position', 'top-right');
  element.docs = [{ title: 'Getting started', url: 'https://docs.example.com/start' }];
  document.body.append(element);
  await tick();
  const screen = within(shadow(element));
  await userEvent.click(screen.getByRole('button', { name: 'Help' }));
  // English arrives as its own chunk: the first import is slow under the test transformer (the
  // project's 10 s for findBy* covers it).
  expect(await screen.findByRole('dialog', { name: 'Help' })).toBeVisible();
  expect(await screen.findByRole('link', { name: /Getting started/ })).toBeVisible();
});

it('dispatches widget events on the element and to onEvent', async () => {
  const element = document.createElement('aide-widget') as AideWidgetElement;
  const onEvent = vi.fn();
  const listener = vi.fn();
  element.onEvent = onEvent;
  element.addEventListener('aide:open', listener);
  document.body.append(element);
  await tick();
  await element.widget?.open();
  expect(onEvent).toHaveBeenCalledWith({ type: 'open', view: 'docs' });
  expect(listener).toHaveBeenCalledTimes(1);
  const [event] = listener.mock.calls[0] ?? [];
  expect((event as CustomEvent).detail).toEqual({ type: 'open', view: 'docs' });
});

it('follows a locale change without remounting', async () => {
  const element = document.createElement('aide-widget') as AideWidgetElement;
  document.body.append(element);
  await tick();
  const widget = element.widget;
  element.locale = 'es';
  expect(element.widget).toBe(widget);
  expect(within(shadow(element)).getByRole('button', { name: 'Ayuda' })).toBeInTheDocument();
});

it('cleans up when removed from the page', async () => {
  const element = document.createElement('aide-widget') as AideWidgetElement;
  document.body.append(element);
  await tick();
  expect(within(shadow(element)).getByRole('button', { name: 'Aide' })).toBeInTheDocument();
  element.remove();
  expect(element.widget).toBeUndefined();
  expect(within(shadow(element)).queryByRole('button')).toBeNull();
});

it('can be defined twice without throwing', () => {
  expect(() => defineAideElement()).not.toThrow();
});
