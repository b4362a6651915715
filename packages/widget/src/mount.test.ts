import { within } from '@testing-library/dom';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, it } from 'vitest';
import { type AideHandle, mountAide } from './mount';

let aide: AideHandle | undefined;
afterEach(() => {
  aide?.unmount();
  aide = undefined;
});

function shadow(): ShadowRoot {
  const host = document.querySelector('aide-root');
  if (!host?.shadowRoot) {
    throw new Error('widget host not mounted');
  }
  return host.shadowRoot;
}

it('shows the launcher, opens the panel as a dialog and closes it with Escape', async () => {
  const user = userEvent.setup();
  aide = mountAide();
  const screen = within(shadow() as unknown as HTMLElement);
  const launcher = screen.getByRole('button', { name: '❔ Aide' });
  expect(launcher).toHaveAttribute('aria-expanded', 'false');

  await user.click(launcher);
  const dialog = await screen.findByRole('dialog', { name: 'Aide' });
  expect(launcher).toHaveAttribute('aria-expanded', 'true');

  await user.type(dialog, '{Escape}');
  expect(screen.queryByRole('dialog')).toBeNull();
  expect(launcher).toHaveAttribute('aria-expanded', 'false');
});

it('leaves nothing in the page after unmount', () => {
  aide = mountAide();
  aide.unmount();
  aide = undefined;
  expect(document.querySelector('aide-root')).toBeNull();
});
