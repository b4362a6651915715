import { usePanel } from '../context';
import { describeError } from '../ui/error-message';
import { ErrorState } from '../ui/states';
import { Skeleton } from '../ui/status';
import { MemberNotice } from './member-notice';

export interface NewTicketViewProps {
  category?: string | undefined;
  prefill?: Readonly<Record<string, unknown>> | undefined;
}

/** "Nouvelle demande": the member notice, or the category picker and the category's form. */
export function NewTicketView(_props: NewTicketViewProps) {
  const { t, session } = usePanel();
  const status = session.status.value;
  if (status === 'idle' || status === 'loading') {
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
  if (!session.canCreateTicket.value) {
    const administrators = session.me.value?.administrators.map((admin) => admin.name) ?? [];
    return <MemberNotice administrators={administrators} />;
  }
  return null;
}
