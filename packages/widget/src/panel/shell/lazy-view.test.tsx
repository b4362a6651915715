import { screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { renderInPanel } from '../../test/panel-harness';
import { lazyView } from './lazy-view';

function Greeting(props: { name: string }) {
  return <p>Bonjour {props.name}</p>;
}

it('shows a placeholder while the chunk loads, then the view with its props', async () => {
  let finish: (view: typeof Greeting) => void = () => undefined;
  const lazy = lazyView(() => new Promise<typeof Greeting>((resolve) => (finish = resolve)));
  renderInPanel(<lazy.View name="Ada" />);
  expect(screen.getByRole('status')).toHaveAttribute('aria-busy', 'true');
  finish(Greeting);
  expect(await screen.findByText('Bonjour Ada')).toBeVisible();
});

it('says the section could not be loaded and loads it again on retry', async () => {
  const user = userEvent.setup();
  let calls = 0;
  const lazy = lazyView(async () => {
    calls += 1;
    if (calls === 1) {
      throw new TypeError('Failed to fetch dynamically imported module');
    }
    return Greeting;
  });
  renderInPanel(<lazy.View name="Ada" />);
  expect(await screen.findByRole('alert')).toHaveTextContent('Impossible de charger ce contenu.');
  await user.click(screen.getByRole('button', { name: 'Réessayer' }));
  expect(await screen.findByText('Bonjour Ada')).toBeVisible();
  expect(calls).toBe(2);
});

it('fetches a chunk once however many times it is preloaded or shown', async () => {
  let calls = 0;
  const lazy = lazyView(async () => {
    calls += 1;
    return Greeting;
  });
  await Promise.all([lazy.preload(), lazy.preload()]);
  renderInPanel(<lazy.View name="Grace" />);
  // Already loaded: no placeholder at all, so nothing jumps.
  expect(screen.getByText('Bonjour Grace')).toBeVisible();
  expect(calls).toBe(1);
});
