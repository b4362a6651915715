import { screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { expect, it, vi } from 'vitest';
import { fakeClient, fakeConfig, fakeMe, renderInPanel } from '../test/panel-harness';
import { Panel } from './panel';

function adminClient() {
  return fakeClient({
    me: async () => fakeMe({ admin: true }),
    config: async () => fakeConfig(),
  });
}

it('is a labelled modal dialog with the three sections as tabs', async () => {
  renderInPanel(<Panel onClose={() => undefined} />, { client: adminClient() });
  const dialog = screen.getByRole('dialog', { name: 'Aide' });
  expect(dialog).toHaveAttribute('aria-modal', 'true');
  const tabs = within(dialog).getAllByRole('tab');
  expect(tabs.map((tab) => tab.textContent)).toEqual([
    'Documentation',
    'Nouvelle demande',
    'Mes demandes',
  ]);
  expect(screen.getByRole('tab', { name: 'Documentation' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  expect(screen.getByRole('tabpanel', { name: 'Documentation' })).toBeInTheDocument();
});

it('switches sections by click and with the arrow keys', async () => {
  const user = userEvent.setup();
  const { panel } = renderInPanel(<Panel onClose={() => undefined} />, { client: adminClient() });
  await user.click(screen.getByRole('tab', { name: 'Mes demandes' }));
  expect(panel.view.value).toEqual({ name: 'tickets' });
  expect(screen.getByRole('tab', { name: 'Mes demandes' })).toHaveAttribute(
    'aria-selected',
    'true',
  );

  await user.keyboard('{ArrowRight}');
  expect(screen.getByRole('tab', { name: 'Documentation' })).toHaveFocus();
  expect(screen.getByRole('tab', { name: 'Documentation' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await user.keyboard('{ArrowLeft}');
  expect(screen.getByRole('tab', { name: 'Mes demandes' })).toHaveFocus();
});

it('closes on Escape and with the close button', async () => {
  const user = userEvent.setup();
  const onClose = vi.fn();
  renderInPanel(<Panel onClose={onClose} />, { client: adminClient() });
  await user.keyboard('{Escape}');
  expect(onClose).toHaveBeenCalledTimes(1);
  await user.click(screen.getByRole('button', { name: 'Fermer' }));
  expect(onClose).toHaveBeenCalledTimes(2);
});

it('keeps Tab inside the dialog', async () => {
  const user = userEvent.setup();
  renderInPanel(<Panel onClose={() => undefined} />, { client: null });
  const close = screen.getByRole('button', { name: 'Fermer' });
  const search = screen.getByRole('searchbox', { name: 'Rechercher dans la documentation' });
  expect(screen.getByRole('dialog')).toHaveFocus();
  await user.tab();
  expect(close).toHaveFocus();
  await user.tab();
  expect(search).toHaveFocus();
  await user.tab();
  expect(close).toHaveFocus();
  await user.tab({ shift: true });
  expect(search).toHaveFocus();
});

it('shows only the documentation when mounted without a server', () => {
  renderInPanel(<Panel onClose={() => undefined} />, { client: null });
  expect(screen.queryByRole('tab')).toBeNull();
  expect(screen.getByRole('searchbox', { name: 'Rechercher dans la documentation' })).toBeVisible();
});

it('speaks English when asked to', async () => {
  renderInPanel(<Panel onClose={() => undefined} />, {
    client: adminClient(),
    options: { locale: 'en' },
  });
  expect(await screen.findByRole('dialog', { name: 'Help' })).toBeInTheDocument();
  expect(screen.getByRole('tab', { name: 'New request' })).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument();
});

it('lets the vendor rename the sections', async () => {
  renderInPanel(<Panel onClose={() => undefined} />, {
    client: adminClient(),
    options: { text: { 'tab.new': 'Nouveau ticket', fr: { 'tab.tickets': 'Mes tickets' } } },
  });
  expect(screen.getByRole('tab', { name: 'Nouveau ticket' })).toBeInTheDocument();
  expect(screen.getByRole('tab', { name: 'Mes tickets' })).toBeInTheDocument();
});
