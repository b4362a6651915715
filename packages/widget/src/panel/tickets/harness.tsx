import { untracked } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { createSessionModel } from '../../models/session';
import { createTicketsModel, type TicketFilters, type TicketsModel } from '../../models/tickets';
import panelCss from '../../styles/panel.css?inline';
import ticketsCss from '../../styles/tickets.css?inline';
import tokensCss from '../../styles/tokens.css?inline';
import { fakeClient, fakeConfig, fakeMe } from '../../test/fakes';
import type { ThemeMode } from '../../types';
import { createPanelContext, PanelContext, type PanelContextValue } from '../context';
import { createFakeClient, type FakeClient, type FakeClientOptions, fixedNow } from './fixtures';

// Tests and stories of *Mes demandes* (never shipped): a panel context holding a tickets model
// over the fake client, and the story frame with the tickets' CSS added.

export interface TicketsSetup extends FakeClientOptions {
  canSeeCompany?: boolean;
  categories?: string[];
  storage?: Storage | null;
  locale?: 'fr' | 'en' | 'es';
  /** Filters to start with (applied without subscribing the caller to them). */
  filters?: Partial<TicketFilters>;
}

export interface TicketsPanel {
  panel: PanelContextValue;
  model: TicketsModel;
  client: FakeClient;
  unread: number[];
}

export function createTicketsPanel(setup: TicketsSetup = {}): TicketsPanel {
  const client = createFakeClient(setup);
  const unread: number[] = [];
  const session = createSessionModel({
    client: fakeClient({
      me: async () => {
        const me = fakeMe({ admin: true });
        return {
          ...me,
          capabilities: {
            ...me.capabilities,
            can_view_company_tickets: setup.canSeeCompany ?? true,
          },
        };
      },
      config: async () =>
        fakeConfig({ categories: setup.categories ?? ['technical.incident', 'billing.question'] }),
    }),
  });
  void session.load();
  const panel = createPanelContext({
    client: null,
    storage: null,
    now: () => fixedNow,
    session,
    setUnread: (count) => unread.push(count),
    options: setup.locale ? { locale: setup.locale } : {},
  });
  const model = panel.models.use('tickets', () =>
    createTicketsModel({
      client,
      storage: setup.storage ?? null,
      userKey: () => 'ada',
      now: () => fixedNow,
      setUnread: panel.setUnread,
    }),
  );
  const filters = setup.filters;
  if (filters) {
    // Stories create this during render: reading the filters there must not subscribe the story.
    untracked(() => model.setFilters(filters));
  }
  return { panel, model, client, unread };
}

export function TicketsPanelProvider(props: { value: TicketsPanel; children: ComponentChildren }) {
  return <PanelContext.Provider value={props.value.panel}>{props.children}</PanelContext.Provider>;
}

// Outside a shadow root, `:host(...)` and `:host` become the wrapper's class (a bare rewrite of
// `:host([data-theme=dark])` would give an invalid selector and drop the dark theme).
const storyCss = `${tokensCss}\n${panelCss}\n${ticketsCss}`
  .replace(/:host\(([^)]*)\)/g, '.aide-story$1')
  .replace(/:host/g, '.aide-story');
const storyLayout = `.aide-story { display: block; padding: 16px; background: var(--aide-bg); }
.aide-story .panel { position: relative; inset: auto; bottom: auto; right: auto; margin: 0 auto; animation: none; }`;

/** Theme tokens, panel and tickets CSS around a story, in a panel-sized box. */
export function TicketsFrame(props: {
  theme?: ThemeMode;
  width?: number;
  dir?: 'ltr' | 'rtl';
  children: ComponentChildren;
}) {
  return (
    <>
      <style>{storyCss}</style>
      <style>{storyLayout}</style>
      <div
        class="aide-story"
        data-theme={props.theme ?? 'light'}
        dir={props.dir}
        style={{ '--aide-panel-width': `${props.width ?? 420}px` }}
      >
        <div class="panel">
          <div class="panel-body">{props.children}</div>
        </div>
      </div>
    </>
  );
}
