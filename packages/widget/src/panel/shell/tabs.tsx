import { useRef } from 'preact/hooks';
import type { ViewName } from '../../types';
import { usePanel } from '../context';

export type TabName = 'docs' | 'new' | 'tickets';

/** Which tab a view belongs to: a ticket's detail lives under "Mes demandes". */
export function tabOf(view: ViewName): TabName {
  switch (view) {
    case 'docs':
      return 'docs';
    case 'new':
      return 'new';
    case 'tickets':
    case 'ticket':
      return 'tickets';
    default:
      return view satisfies never;
  }
}

const labels = { docs: 'tab.docs', new: 'tab.new', tickets: 'tab.tickets' } as const;

export function tabId(tab: TabName): string {
  return `aide-tab-${tab}`;
}
export const tabPanelId = 'aide-tabpanel';

/** The panel's sections as ARIA tabs: arrows, Home and End move between them. */
export function Tabs(props: { tabs: readonly TabName[] }) {
  const { t, view, navigate } = usePanel();
  const list = useRef<HTMLDivElement>(null);
  const current = tabOf(view.value.name);
  const select = (tab: TabName, focus: boolean) => {
    navigate({ name: tab });
    if (focus) {
      list.current?.querySelector<HTMLElement>(`#${tabId(tab)}`)?.focus();
    }
  };
  return (
    <div
      ref={list}
      class="tabs"
      role="tablist"
      aria-label={t('panel.tabs')}
      onKeyDown={(event) => {
        const index = props.tabs.indexOf(current);
        const count = props.tabs.length;
        const target =
          event.key === 'ArrowRight'
            ? props.tabs[(index + 1) % count]
            : event.key === 'ArrowLeft'
              ? props.tabs[(index - 1 + count) % count]
              : event.key === 'Home'
                ? props.tabs[0]
                : event.key === 'End'
                  ? props.tabs[count - 1]
                  : undefined;
        if (target) {
          event.preventDefault();
          select(target, true);
        }
      }}
    >
      {props.tabs.map((tab) => (
        <button
          key={tab}
          type="button"
          role="tab"
          id={tabId(tab)}
          class="tab"
          aria-selected={tab === current ? 'true' : 'false'}
          aria-controls={tabPanelId}
          tabIndex={tab === current ? 0 : -1}
          onClick={() => select(tab, false)}
        >
          {t(labels[tab])}
        </button>
      ))}
    </div>
  );
}
