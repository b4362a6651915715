import type { ConfigResponse, MeResponse } from '@aide/core';
import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { AideClient } from './client';
import type { Disposable } from './scope';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Who the user is (GET /v1/me) and what the tenant offers (GET /v1/config). */
export interface SessionModel extends Disposable {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly me: ReadonlySignal<MeResponse | null>;
  readonly config: ReadonlySignal<ConfigResponse | null>;
  /** False until `me` says otherwise: nobody is offered a form the server would refuse. */
  readonly canCreateTicket: ReadonlySignal<boolean>;
  /** Loads once; after an error, calling it again retries. */
  load(): Promise<void>;
}

export function createSessionModel(deps: {
  client: AideClient | null;
  /** Told about each failed load (the panel forwards it to the host as an `error` event). */
  onError?: (error: unknown) => void;
}): SessionModel {
  const status = signal<LoadStatus>(deps.client ? 'idle' : 'ready');
  const error = signal<unknown>(null);
  const me = signal<MeResponse | null>(null);
  const config = signal<ConfigResponse | null>(null);
  let pending: Promise<void> | undefined;
  let disposed = false;

  const load = (): Promise<void> => {
    const client = deps.client;
    if (!client || status.value === 'ready') {
      return Promise.resolve();
    }
    pending ??= (async () => {
      status.value = 'loading';
      error.value = null;
      try {
        const [meResponse, configResponse] = await Promise.all([client.me(), client.config()]);
        if (disposed) {
          return;
        }
        me.value = meResponse;
        config.value = configResponse;
        status.value = 'ready';
      } catch (cause) {
        if (disposed) {
          return;
        }
        error.value = cause;
        status.value = 'error';
        deps.onError?.(cause);
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  return {
    status,
    error,
    me,
    config,
    canCreateTicket: computed(() => me.value?.capabilities.can_create_ticket === true),
    load,
    dispose() {
      disposed = true;
    },
  };
}
