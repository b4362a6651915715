import type { ComponentChildren } from 'preact';
import { usePanel } from '../context';
import { Button } from './button';

/** A failure the user can act on: what happened, and a retry when it makes sense. */
export function ErrorState(props: {
  message: string;
  onRetry?: () => void;
  children?: ComponentChildren;
}) {
  const { t } = usePanel();
  return (
    <div class="state state-error" role="alert">
      <p>{props.message}</p>
      {props.children}
      {props.onRetry ? <Button onClick={props.onRetry}>{t('common.retry')}</Button> : null}
    </div>
  );
}

/** Nothing to show, said plainly ("Aucun résultat trouvé"). */
export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      <p class="state-title">{props.title}</p>
      {props.children}
    </div>
  );
}
