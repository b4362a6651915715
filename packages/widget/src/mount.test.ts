import { configure, within } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import { type AideHandle, mountAide } from './mount';

let aide: AideHandle | undefined;
// Testing Library cannot print a shadow root in its failure messages: keep the message only.
configure({ getElementError: (message) => new Error(message ?? 'element not found') });

// The panel and English chunks are transformed on first import, which takes seconds under the
// test runner (a bundle would not): load them once before the timed interactions.
beforeAll(async () => {
  await Promise.all([import('./panel/panel'), import('./i18n/en'), import('@aide/core/i18n/en')]);
}, 30_000);

afterEach(() => {
  aide?.unmount();
  aide = undefined;
});

function hosts(): HTMLElement[] {
  return Array.from(document.querySelectorAll<HTMLElement>('aide-root'));
}

function shadow(host = hosts()[0]): HTMLElement {
  if (!host?.shadowRoot) {
    throw new Error('widget host not mounted');
  }
  // Testing Library's queries accept any node with querySelectorAll; its types want an element.
  return host.shadowRoot as unknown as HTMLElement;
}

it('shows the launcher, opens the panel as a dialog and closes it with Escape', async () => {
  const user = userEvent.setup();
  const onEvent = vi.fn();
  aide = mountAide({ onEvent });
  const screen = within(shadow());
  const launcher = screen.getByRole('button', { name: 'Aide' });
  expect(launcher).toHaveAttribute('aria-expanded', 'false');

  await user.click(launcher);
  const dialog = await screen.findByRole('dialog', { name: 'Aide' });
  expect(launcher).toHaveAttribute('aria-expanded', 'true');
  expect(onEvent).toHaveBeenCalledWith({ type: 'open', view: 'docs' });

  await user.type(dialog, '{Escape}');
  expect(screen.queryByRole('dialog')).toBeNull();
  expect(launcher).toHaveAttribute('aria-expanded', 'false');
  expect(shadow().ownerDocument.activeElement).toBe(hosts()[0]);
  expect(hosts()[0]?.shadowRoot?.activeElement).toBe(launcher);
  expect(onEvent).toHaveBeenLastCalledWith({ type: 'close' });
});

it('lists the documentation passed in the options', async () => {
  aide = mountAide({
    docs: [{ title: 'Créer une facture', url: 'https://docs.example.com/factures' }],
  });
  await aide.open();
  const link = await within(shadow()).findByRole('link', { name: /Créer une facture/ });
  expect(link).toHaveAttribute('href', 'https://docs.example.com/factures');
});

it('leaves nothing in the page after unmount', async () => {
  const added = vi.spyOn(window, 'addEventListener');
  const removed = vi.spyOn(window, 'removeEventListener');
  aide = mountAide();
  await aide.open();
  aide.unmount();
  aide = undefined;
  expect(hosts()).toHaveLength(0);
  const kinds = (spy: typeof added) => spy.mock.calls.map(([type, listener]) => [type, listener]);
  expect(kinds(removed)).toEqual(expect.arrayContaining(kinds(added)));
  added.mockRestore();
  removed.mockRestore();
});

it('keeps two widgets on one page apart', async () => {
  const first = mountAide({ text: { 'launcher.label': 'Support' } as never });
  const second = mountAide({ locale: 'en' });
  try {
    const [firstHost, secondHost] = hosts();
    await first.open();
    expect(within(shadow(firstHost)).getByRole('dialog')).toBeInTheDocument();
    expect(within(shadow(secondHost)).queryByRole('dialog')).toBeNull();
    expect(within(shadow(secondHost)).getByRole('button', { name: 'Help' })).toBeInTheDocument();
    first.unmount();
    expect(hosts()).toHaveLength(1);
    await second.open();
    expect(await within(shadow(secondHost)).findByRole('dialog', { name: 'Help' })).toBeVisible();
  } finally {
    first.unmount();
    second.unmount();
  }
});
