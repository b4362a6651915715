import type { TicketSummary } from '@aide/core';
import { render } from 'preact';
// The bench drives the widget's real list (virtual list, rows, model) with generated tickets,
// through the same harness its stories and tests use. Those are internal modules of the widget
// (the package exports only mountAide), hence the relative paths; nothing here is shipped.
import { fixedNow, makeSummaries } from '../../../../packages/widget/src/panel/tickets/fixtures';
import {
  createTicketsPanel,
  TicketsFrame,
  type TicketsPanel,
  TicketsPanelProvider,
} from '../../../../packages/widget/src/panel/tickets/harness';
import { TicketsView } from '../../../../packages/widget/src/panel/tickets/tickets-view';

const root = document.getElementById('root') as HTMLElement;
let tickets: TicketSummary[] = [];
let current: TicketsPanel | null = null;

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
// The time inside the next frame's callbacks (the callback's argument is the frame's start,
// which can precede the code that is being timed).
const frameNow = () =>
  new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/** Resolves on the first frame where `ready()` holds (checked once per frame). */
async function until(ready: () => boolean, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const at = await frameNow();
    if (ready()) {
      return at;
    }
    if (performance.now() - started > timeoutMs) {
      throw new Error('timed out');
    }
  }
}

function rows(): NodeListOf<HTMLElement> {
  return root.querySelectorAll<HTMLElement>('[role="listitem"], li');
}

function scroller(): HTMLElement {
  for (const element of root.querySelectorAll<HTMLElement>('*')) {
    if (element.scrollHeight > element.clientHeight + 100) {
      const overflow = getComputedStyle(element).overflowY;
      if (overflow === 'auto' || overflow === 'scroll') {
        return element;
      }
    }
  }
  throw new Error('no scrolling element');
}

function clear(): void {
  render(null, root);
  // The plain list is not Preact's: remove it too.
  root.replaceChildren();
  current = null;
  tickets = [];
}

const bench = {
  clear,
  /** Mounts *Mes demandes* over `count` tickets; resolves ms from mount to the first painted rows. */
  async renderWidget(count: number): Promise<number> {
    clear();
    tickets = makeSummaries(count);
    const panel = createTicketsPanel({ tickets, pageSize: count });
    panel.model.setFilters({ status: 'all' });
    current = panel;
    const started = performance.now();
    render(
      <TicketsFrame>
        <TicketsPanelProvider value={panel}>
          <TicketsView />
        </TicketsPanelProvider>
      </TicketsFrame>,
      root,
    );
    const at = await until(() => rows().length > 0);
    return at - started;
  },
  /** The baseline: the same tickets as plain <li> rows, no windowing, no framework. */
  async renderNaive(count: number): Promise<number> {
    clear();
    tickets = makeSummaries(count);
    const started = performance.now();
    const list = document.createElement('ul');
    list.id = 'naive';
    for (const ticket of tickets) {
      const item = document.createElement('li');
      item.textContent = `n° ${ticket.number} · ${ticket.subject} · ${ticket.status}`;
      list.append(item);
    }
    root.append(list);
    const at = await until(() => rows().length > 0);
    return at - started;
  },
  nodes(): number {
    return root.querySelectorAll('*').length;
  },
  /** Scrolls the list down `step` px per frame for `frames` frames; returns rAF deltas (ms). */
  async scroll(frames: number, step: number): Promise<number[]> {
    const element = scroller();
    element.scrollTop = 0;
    await frame();
    let last = await frame();
    const deltas: number[] = [];
    for (let index = 0; index < frames; index++) {
      element.scrollTop += step;
      const at = await frame();
      deltas.push(at - last);
      last = at;
    }
    return deltas;
  },
  /**
   * What a poll brings: one ticket near the top changes status on the server, the list reloads
   * (all `count` items, as rendered) and the row shows the new status. Resolves ms until then.
   */
  async updateOne(): Promise<number> {
    const model = current?.model;
    const target = tickets[2];
    if (model === undefined || target === undefined) {
      throw new Error('render the widget list first');
    }
    const next = target.status === 'resolved' ? 'in_progress' : 'resolved';
    tickets[2] = {
      ...target,
      status: next,
      resolution: next === 'resolved' ? { reason: 'fixed', duplicate_of: null } : null,
      last_activity_at: fixedNow.toISOString(),
    };
    const row = () => root.querySelector<HTMLElement>(`[data-index="2"]`);
    const before = row()?.textContent ?? '';
    const started = performance.now();
    void model.refresh();
    const at = await until(() => (row()?.textContent ?? '') !== before);
    return at - started;
  },
};

declare global {
  interface Window {
    bench: typeof bench;
  }
}
window.bench = bench;
