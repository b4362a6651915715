import { useEffect } from 'preact/hooks';
import { usePanel } from '../context';
import { DocsView } from '../docs/docs-view';
import { lazyView } from './lazy-view';
import { tabId, tabOf, tabPanelId } from './tabs';

// The panel opens on the documentation, which ships with the shell; the form and "Mes demandes"
// are chunks of their own, fetched when first shown or, once the panel is up, in idle time.
const newTicket = lazyView(() =>
  import('../new-ticket/new-ticket-view').then((module) => module.NewTicketView),
);
const ticketList = lazyView(() =>
  import('../tickets/tickets-view').then((module) => module.TicketsView),
);
const ticketDetail = lazyView(() =>
  import('../tickets/ticket-detail-view').then((module) => module.TicketDetailView),
);
const NewTicketView = newTicket.View;
const TicketsView = ticketList.View;
const TicketDetailView = ticketDetail.View;

/** Fetches every view's chunk, so that changing tab later does not wait on the network. */
export function preloadViews(): Promise<unknown> {
  return Promise.all([newTicket.preload(), ticketList.preload(), ticketDetail.preload()]);
}

function CurrentView() {
  const { view } = usePanel();
  const current = view.value;
  switch (current.name) {
    case 'docs':
      return <DocsView />;
    case 'new':
      return <NewTicketView category={current.category} prefill={current.prefill} />;
    case 'tickets':
      return <TicketsView />;
    case 'ticket':
      return <TicketDetailView key={current.id} id={current.id} />;
    default:
      return current satisfies never;
  }
}

/** The tab panel showing the current view. */
export function ViewOutlet(props: { tabbed: boolean }) {
  const { view, client } = usePanel();
  const tab = tabOf(view.value.name);
  useEffect(() => {
    if (!client) {
      return;
    }
    // After the panel is painted, when the page is idle: a failure here is harmless (the view
    // retries when shown).
    const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
    const cancel = globalThis.cancelIdleCallback ?? clearTimeout;
    const handle = idle(() => {
      preloadViews().catch(() => undefined);
    });
    return () => cancel(handle as number);
  }, [client]);
  return (
    <section
      class="view"
      id={tabPanelId}
      {...(props.tabbed ? { role: 'tabpanel', 'aria-labelledby': tabId(tab) } : {})}
    >
      <CurrentView />
    </section>
  );
}
