import type { ComponentChildren } from 'preact';
import { createSessionModel } from '../../models/session';
import { createTicketsModel, type TicketsModel } from '../../models/tickets';
import ticketsCss from '../../styles/tickets.css?inline';
import { fakeClient, fakeConfig, fakeMe } from '../../test/fakes';
import type { ThemeMode } from '../../types';
import { createPanelContext, PanelContext, type PanelContextValue } from '../context';
import { StoryFrame } from '../shell/story-frame';
import { createFakeClient, type FakeClient, type FakeClientOptions, fixedNow } from './fixtures';

// Tests and stories of *Mes demandes* (never shipped): a panel context holding a tickets model
// over the fake client, and the story frame with the tickets' CSS added.

export interface TicketsSetup extends FakeClientOptions {
  canSeeCompany?: boolean;
  categories?: string[];
  storage?: Storage | null;
  locale?: 'fr' | 'en' | 'es';
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
  return { panel, model, client, unread };
}

export function TicketsPanelProvider(props: { value: TicketsPanel; children: ComponentChildren }) {
  return <PanelContext.Provider value={props.value.panel}>{props.children}</PanelContext.Provider>;
}

/** The story frame (theme tokens, panel CSS) plus the tickets' stylesheet, in a panel-sized box. */
export function TicketsFrame(props: {
  theme?: ThemeMode;
  width?: number;
  children: ComponentChildren;
}) {
  return (
    <StoryFrame theme={props.theme ?? 'light'} width={props.width ?? 420}>
      <style>{ticketsCss}</style>
      <div class="panel tickets-story">
        <div class="panel-body">{props.children}</div>
      </div>
    </StoryFrame>
  );
}
