import { render } from 'preact';
import { afterEach, expect, it } from 'vitest';
import { makeSummaries } from './fixtures';
import { createTicketsPanel, TicketsFrame, TicketsPanelProvider } from './harness';
import { TicketsView } from './tickets-view';

// Real layout in Chromium: the list scrolls inside the panel and keeps its DOM bounded.

let container: HTMLElement | undefined;
afterEach(() => {
  if (container) {
    render(null, container);
    container.remove();
  }
});

it('renders 10,000 tickets as a bounded window inside the panel', async () => {
  container = document.createElement('div');
  document.body.append(container);
  const context = createTicketsPanel({ tickets: makeSummaries(10_000), pageSize: 10_000 });
  context.model.setFilters({ status: 'all' });
  render(
    <TicketsFrame>
      <TicketsPanelProvider value={context}>
        <TicketsView />
      </TicketsPanelProvider>
    </TicketsFrame>,
    container,
  );
  await expect
    .poll(() => container?.querySelectorAll('li[aria-setsize="10000"]').length)
    .toBeGreaterThan(0);
  const rows = container.querySelectorAll('li[aria-setsize]').length;
  const scroller = container.querySelector<HTMLElement>('.vlist');
  expect(scroller?.clientHeight).toBeGreaterThan(100);
  expect(scroller?.clientHeight).toBeLessThan(700);
  expect(rows).toBeLessThan(30);
  scroller?.scrollTo({ top: 76 * 5000 });
  await expect.poll(() => container?.textContent?.includes('n° 5000')).toBe(true);
  expect(container.querySelectorAll('li[aria-setsize]').length).toBeLessThan(30);
});
