import { cleanup, render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach } from 'vitest';
import {
  type CreatePanelContextInput,
  createPanelContext,
  PanelContext,
  type PanelContextValue,
} from '../panel/context';

export { fakeClient, fakeConfig, fakeMe } from './fakes';

const panels = new Set<PanelContextValue>();

// Vitest runs without globals, so Testing Library cannot unmount between tests by itself; the
// models (timers, debounced saves) are disposed too, so no test writes into the next one.
afterEach(() => {
  cleanup();
  for (const panel of panels) {
    panel.models.dispose();
  }
  panels.clear();
});

export function PanelHarness(props: { panel: PanelContextValue; children: ComponentChildren }) {
  return <PanelContext.Provider value={props.panel}>{props.children}</PanelContext.Provider>;
}

/** Renders `ui` inside a panel context and returns the context with Testing Library's result. */
export function renderInPanel(ui: ComponentChildren, input: Partial<CreatePanelContextInput> = {}) {
  const panel = createPanelContext({ client: null, storage: null, ...input });
  panels.add(panel);
  const result = render(<PanelHarness panel={panel}>{ui}</PanelHarness>);
  return { ...result, panel };
}
