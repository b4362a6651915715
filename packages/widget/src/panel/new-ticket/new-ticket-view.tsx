import { computed } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { enabledCatalog } from '../../models/catalog';
import { indexedDbDraftMirror } from '../../models/draft-mirror';
import { createNewTicketModel, type NewTicketModel } from '../../models/new-ticket';
import { outboxOf } from '../../models/outbox';
import { type PanelContextValue, useModel, usePanel } from '../context';
import { describeError } from '../ui/error-message';
import { ErrorState } from '../ui/states';
import { LiveStatus, Skeleton } from '../ui/status';
import { CategoryPicker } from './category-picker';
import { MemberNotice } from './member-notice';
import { Confirmation, QueuedNotice } from './outcome';
import { TicketForm } from './ticket-form';

export interface NewTicketViewProps {
  category?: string | undefined;
  prefill?: Readonly<Record<string, unknown>> | undefined;
}

/** The route the host is on: its own router's, else the page's path. */
export function currentRoute(panel: PanelContextValue): string {
  return (
    panel.options.route ??
    panel.hostContext().route ??
    (typeof location === 'undefined' ? '' : location.pathname)
  );
}

/** The new-ticket model of this widget (needs a client: the tab only exists with a server). */
export function useNewTicketModel(): NewTicketModel | null {
  const panel = usePanel();
  if (!panel.client) {
    return null;
  }
  const client = panel.client;
  return useModel('newTicket', (context) =>
    createNewTicketModel({
      client,
      session: context.session,
      catalog: computed(() =>
        enabledCatalog(context.options.categories, context.session.config.value),
      ),
      storage: context.storage,
      draftPrefix: `aide:draft:${context.options.server ?? ''}:`,
      mirror: context.storage ? indexedDbDraftMirror() : null,
      hostContext: context.hostContext,
      route: () => currentRoute(context),
      locale: () => context.locale.value,
      t: context.t,
      translator: () => context.i18n.translator.value,
      now: context.now,
      emit: context.emit,
      enqueue: (entry) => outboxOf(context).enqueue(entry),
    }),
  );
}

/** "Nouvelle demande": the member notice, or the category picker and the category's form. */
export function NewTicketView(props: NewTicketViewProps) {
  const { t, session } = usePanel();
  const model = useNewTicketModel();
  const status = session.status.value;
  const draftsReady = model?.draftsReady.value ?? true;
  const ready = status === 'ready' && session.canCreateTicket.value && draftsReady;
  useEffect(() => {
    void session.load();
  }, [session]);
  useEffect(() => {
    if (ready && model) {
      model.start(props.category, props.prefill);
    }
  }, [ready, model, props.category, props.prefill]);
  if (status === 'idle' || status === 'loading' || !draftsReady) {
    return <Skeleton label={t('common.loading')} lines={5} />;
  }
  if (status === 'error') {
    return (
      <ErrorState
        message={describeError(t, session.error.value)}
        onRetry={() => void session.load()}
      />
    );
  }
  if (!session.canCreateTicket.value || !model) {
    const administrators = session.me.value?.administrators.map((admin) => admin.name) ?? [];
    return <MemberNotice administrators={administrators} />;
  }
  return (
    <>
      <QueueDeliveries />
      <NewTicketStep model={model} />
    </>
  );
}

/** Tickets sent from the queue once the server was reachable again: said plainly. */
function QueueDeliveries() {
  const panel = usePanel();
  const { t, navigate } = panel;
  const sent = outboxOf(panel).delivered.value.at(-1);
  return (
    <LiveStatus>
      {sent ? (
        <p class="notice notice-success actions">
          <span>{t('new.sent.fromQueue', { number: sent.number })}</span>
          <button
            type="button"
            class="link-button"
            onClick={() => navigate({ name: 'ticket', id: sent.id })}
          >
            {t('new.done.view', { number: sent.number })}
          </button>
        </p>
      ) : null}
    </LiveStatus>
  );
}

function NewTicketStep({ model }: { model: NewTicketModel }) {
  const created = model.created.value;
  switch (model.phase.value) {
    case 'picking':
      return (
        <CategoryPicker catalog={model.catalog.value} onPick={(key) => model.selectCategory(key)} />
      );
    case 'editing':
    case 'submitting':
      return <TicketForm model={model} />;
    case 'queued':
      return <QueuedNotice onAnother={() => model.reset()} />;
    case 'done':
      return created ? <Confirmation ticket={created} onAnother={() => model.reset()} /> : null;
    default:
      return model.phase.value satisfies never;
  }
}
