import { useLayoutEffect, useRef } from 'preact/hooks';
import { usePanel } from '../context';
import { Button } from '../ui/button';

/** After sending: the ticket number, a way to see it, and a way to write another. */
export function Confirmation(props: {
  ticket: { id: string; number: number };
  onAnother: () => void;
}) {
  const { t, navigate } = usePanel();
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <section class="notice notice-success" aria-labelledby="aide-done-title">
      <h3 id="aide-done-title" class="section-title" tabIndex={-1} ref={heading}>
        {t('new.done.title')}
      </h3>
      <p role="status">{t('new.done.body', { number: props.ticket.number })}</p>
      <div class="actions">
        <Button variant="primary" onClick={() => navigate({ name: 'ticket', id: props.ticket.id })}>
          {t('new.done.view', { number: props.ticket.number })}
        </Button>
        <Button onClick={props.onAnother}>{t('new.done.another')}</Button>
      </div>
    </section>
  );
}

/** The server could not be reached: the ticket waits on this device and will be sent once. */
export function QueuedNotice(props: { onAnother: () => void }) {
  const { t } = usePanel();
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <section class="notice notice-warning" aria-labelledby="aide-queued-title">
      <h3 id="aide-queued-title" class="section-title" tabIndex={-1} ref={heading}>
        {t('new.queued.title')}
      </h3>
      <p role="status">{t('new.queued.body')}</p>
      <Button onClick={props.onAnother}>{t('new.done.another')}</Button>
    </section>
  );
}
