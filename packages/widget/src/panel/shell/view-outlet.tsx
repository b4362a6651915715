import type { FunctionComponent } from 'preact';
import { usePanel } from '../context';
import { DocsView } from '../docs/docs-view';
import { NewTicketView } from '../new-ticket/new-ticket-view';
import { tabId, tabOf, tabPanelId } from './tabs';

// "Mes demandes" is built in panel/tickets/ by another module owner. An eager glob is a static
// import when the file exists and nothing when it does not, so the shell never depends on
// files that are not written yet.
const ticketsModules = import.meta.glob<{ TicketsView?: FunctionComponent }>(
  '../tickets/tickets-view.tsx',
  { eager: true },
);
const detailModules = import.meta.glob<{ TicketDetailView?: FunctionComponent<{ id: string }> }>(
  '../tickets/ticket-detail-view.tsx',
  { eager: true },
);
const TicketsView = Object.values(ticketsModules)[0]?.TicketsView;
const TicketDetailView = Object.values(detailModules)[0]?.TicketDetailView;

function CurrentView() {
  const { view } = usePanel();
  const current = view.value;
  switch (current.name) {
    case 'docs':
      return <DocsView />;
    case 'new':
      return <NewTicketView category={current.category} prefill={current.prefill} />;
    case 'tickets':
      return TicketsView ? <TicketsView /> : null;
    case 'ticket':
      return TicketDetailView ? <TicketDetailView key={current.id} id={current.id} /> : null;
    default:
      return current satisfies never;
  }
}

/** The tab panel showing the current view. */
export function ViewOutlet(props: { tabbed: boolean }) {
  const { view } = usePanel();
  const tab = tabOf(view.value.name);
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
