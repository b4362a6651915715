import {
  type CreateTicketRequest,
  createOutbox,
  createWebStorageOutboxStorage,
  type Outbox,
  type TicketDetail,
} from '@aide/core';
import { type ReadonlySignal, signal } from '@preact/signals';
import type { PanelContextValue } from '../panel/context';
import type { QueuedTicket } from './new-ticket';
import type { Disposable } from './scope';
import { ownerKey } from './unread';

export interface OutboxModel extends Disposable {
  /** Tickets waiting on this device. */
  readonly pending: ReadonlySignal<number>;
  /** Tickets sent from the queue since the panel opened, newest last. */
  readonly delivered: ReadonlySignal<{ id: string; number: number }[]>;
  enqueue(entry: QueuedTicket): Promise<void>;
  /** Sends what waits (each entry once, with its own idempotency key). */
  flush(): Promise<void>;
}

/**
 * Storage prefix of queued tickets: per server (mount.ts looks for it) and per user within
 * their company (`owner` from `ownerKey`).
 */
export function outboxStoragePrefix(server: string, owner: string): string {
  return `aide:outbox:${server}:${owner}:`;
}

/**
 * The widget's outbox: core's createOutbox over localStorage, namespaced by server, company and
 * user so one person's queued ticket is never sent with another person's token.
 */
export function createOutboxModel(panel: PanelContextValue): OutboxModel {
  const pending = signal(0);
  const delivered = signal<{ id: string; number: number }[]>([]);
  let outbox: Outbox<CreateTicketRequest> | undefined;
  let unsubscribe: (() => void) | undefined;
  const open = async (): Promise<Outbox<CreateTicketRequest> | undefined> => {
    const client = panel.client;
    if (outbox || !client || !panel.storage) {
      return outbox;
    }
    await panel.session.load();
    const me = panel.session.me.value;
    if (!me || outbox) {
      return outbox;
    }
    outbox = createOutbox<CreateTicketRequest>({
      storage: createWebStorageOutboxStorage(
        panel.storage,
        outboxStoragePrefix(panel.options.server ?? '', ownerKey(me)),
      ),
      send: (entry) => client.createTicket(entry.payload, { idempotencyKey: entry.id }),
    });
    unsubscribe = outbox.onChange((entries) => {
      pending.value = entries.filter((entry) => entry.state === 'pending').length;
    });
    pending.value = (await outbox.entries()).length;
    return outbox;
  };
  return {
    pending,
    delivered,
    async enqueue(entry) {
      const current = await open();
      await current?.enqueue({
        kind: 'createTicket',
        payload: entry.body,
        idempotencyKey: entry.idempotencyKey,
      });
    },
    async flush() {
      const current = await open();
      if (!current) {
        return;
      }
      const result = await current.flush({ force: true });
      const sent = result.delivered.map(({ result: detail }) => (detail as TicketDetail).ticket);
      for (const ticket of sent) {
        panel.emit({
          type: 'ticket_created',
          ticket: { id: ticket.id, number: ticket.number },
          fromQueue: true,
        });
      }
      if (sent.length) {
        delivered.value = [
          ...delivered.value,
          ...sent.map((ticket) => ({ id: ticket.id, number: ticket.number })),
        ];
      }
    },
    dispose() {
      unsubscribe?.();
      outbox = undefined;
    },
  };
}

/** The outbox of this widget instance. */
export function outboxOf(panel: PanelContextValue): OutboxModel {
  return panel.models.use('outbox', () => createOutboxModel(panel));
}
