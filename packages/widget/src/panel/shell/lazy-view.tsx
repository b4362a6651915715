import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { usePanel } from '../context';
import { ErrorState } from '../ui/states';
import { Skeleton } from '../ui/status';

/** A view whose code is fetched the first time it is shown (or preloaded before). */
export interface LazyView<P> {
  View: FunctionComponent<P>;
  /** Fetches the view's chunk; a failed fetch may be retried by calling it again. */
  preload(): Promise<ComponentType<P>>;
}

/**
 * Splits a view into its own chunk, so the panel as opened carries only the shell and the first
 * view (DESIGN.md section 8 weighs the panel a user waits for). While the chunk loads the view
 * shows a skeleton of its size; when it cannot be fetched (offline, CDN down) it says so with a
 * retry instead of leaving a blank panel.
 *
 * @example
 * const tickets = lazyView(() => import('../tickets/tickets-view').then((m) => m.TicketsView));
 * <tickets.View />
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const preload = (): Promise<ComponentType<P>> => {
    if (loaded) {
      return Promise.resolve(loaded);
    }
    pending ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
  function View(props: P) {
    const { t } = usePanel();
    const [component, setComponent] = useState<{ current: ComponentType<P> } | undefined>(
      loaded ? { current: loaded } : undefined,
    );
    const [failed, setFailed] = useState(false);
    const [attempt, setAttempt] = useState(0);
    // `attempt` is the retry trigger: a new value fetches the chunk again.
    useEffect(() => {
      if (component) {
        return;
      }
      let live = true;
      preload().then(
        (current) => live && setComponent({ current }),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, [attempt]);
    if (component) {
      const Current = component.current;
      return <Current {...props} />;
    }
    if (failed) {
      return (
        <ErrorState
          message={t('error.load')}
          onRetry={() => {
            setFailed(false);
            setAttempt(attempt + 1);
          }}
        />
      );
    }
    return <Skeleton lines={4} label={t('common.loading')} />;
  }
  return { View, preload };
}
