import type { Ticket } from '@aide/core';
import type {
  NotificationData,
  NotificationKind,
  NotificationRecord,
  Store,
  StoreOperations,
} from '../store/store';
import type { Mailer } from './mailer';
import { type LinkOptions, renderNotification, ticketLink } from './templates';

/**
 * Queues an e-mail to the ticket's requester in the caller's transaction, so it is sent if and
 * only if the change it announces is committed. Does nothing when the requester has no e-mail.
 * `dedupeKey` makes a retried enqueue a no-op.
 *
 * @example
 * await store.transaction(async (tx) => {
 *   const stored = await tx.insertTicket(draft);
 *   await notifyRequester(tx, stored.ticket, 'ticket_received', { now });
 * });
 */
export async function notifyRequester(
  tx: StoreOperations,
  ticket: Ticket,
  kind: NotificationKind,
  options: {
    now: Date;
    data?: Omit<NotificationData, 'ticketId' | 'ticketNumber'>;
    dedupeKey?: string;
    /** Used when the ticket's captured context has no locale. */
    defaultLocale?: string;
  },
): Promise<NotificationRecord | null> {
  const email = ticket.requester.email;
  if (email === null) {
    return null;
  }
  return tx.enqueueNotification({
    tenantId: ticket.tenant_id,
    ticketId: ticket.id,
    kind,
    recipientEmail: email,
    recipientName: ticket.requester.name,
    locale: ticket.context.locale ?? options.defaultLocale ?? 'en',
    data: { ...options.data, ticketId: ticket.id, ticketNumber: ticket.number },
    ...(options.dedupeKey === undefined ? {} : { dedupeKey: options.dedupeKey }),
    now: options.now,
  });
}

/**
 * Queues the same e-mail to everyone on the customer side of a ticket: the requester and the
 * non-agent participants who have an address, once per address. Each gets `dedupeKey:<person id>`
 * as dedupe key. Returns the notifications queued.
 *
 * @example
 * await notifyCustomers(tx, ticket, 'waiting_reminder', {
 *   now, data: { reminder: 1 }, dedupeKey: `reminder:${ticket.id}:1`,
 * });
 */
export async function notifyCustomers(
  tx: StoreOperations,
  ticket: Ticket,
  kind: NotificationKind,
  options: {
    now: Date;
    data?: Omit<NotificationData, 'ticketId' | 'ticketNumber'>;
    dedupeKey: string;
    defaultLocale?: string;
  },
): Promise<NotificationRecord[]> {
  const people = [
    ticket.requester,
    ...ticket.participants.filter((person) => person.role !== 'agent'),
  ];
  const seen = new Set<string>();
  const queued: NotificationRecord[] = [];
  for (const person of people) {
    const address = person.email?.trim().toLowerCase();
    if (!address || seen.has(address)) {
      continue;
    }
    seen.add(address);
    const record = await tx.enqueueNotification({
      tenantId: ticket.tenant_id,
      ticketId: ticket.id,
      kind,
      recipientEmail: person.email as string,
      recipientName: person.name,
      locale: ticket.context.locale ?? options.defaultLocale ?? 'en',
      data: { ...options.data, ticketId: ticket.id, ticketNumber: ticket.number },
      dedupeKey: `${options.dedupeKey}:${person.id}`,
      now: options.now,
    });
    if (record) {
      queued.push(record);
    }
  }
  return queued;
}

export interface DeliverOptions {
  store: Store;
  mailer: Mailer;
  now: Date;
  /** Identifies this instance's claims. */
  owner: string;
  /** Where ticket links point, per tenant. */
  linkFor: (tenantId: string) => LinkOptions;
  /** Team name in the signature, per tenant. */
  teamNameFor?: (tenantId: string) => string | undefined;
  /** Must exceed the time to send one batch (default 2 minutes). */
  leaseMs?: number;
  limit?: number;
  /** Attempts before a mail is given up as `failed` (default 8). */
  maxAttempts?: number;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  failed: number;
}

/** 1 min, 2 min, 4 min... capped at one hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** attempts, 3_600_000);
}

/**
 * Sends the pending notifications this instance manages to claim. A claim is a lease: another
 * instance cannot send the same mail meanwhile, and a crashed instance's mails are taken over
 * once the lease ends (so a mail is sent once, or twice in the rare crash-after-send case,
 * never lost).
 *
 * @example
 * const report = await deliverOutbox({ store, mailer, now: new Date(), owner: 'web-1',
 *   linkFor: () => ({ appUrl: 'https://app.vendor.test/' }) });
 */
export async function deliverOutbox(options: DeliverOptions): Promise<DeliveryReport> {
  const { store, mailer, now, owner } = options;
  const maxAttempts = options.maxAttempts ?? 8;
  const report: DeliveryReport = { sent: 0, retried: 0, failed: 0 };
  const claimed = await store.claimNotifications({
    now,
    owner,
    leaseMs: options.leaseMs ?? 120_000,
    limit: options.limit ?? 50,
  });
  for (const notification of claimed) {
    try {
      const mail = renderNotification({
        kind: notification.kind,
        locale: notification.locale,
        data: notification.data,
        recipientName: notification.recipientName,
        link: ticketLink(options.linkFor(notification.tenantId), notification.data),
        ...optionalTeam(options.teamNameFor?.(notification.tenantId)),
      });
      await mailer.send({
        to: { name: notification.recipientName, address: notification.recipientEmail },
        ...mail,
      });
      if (await store.markNotificationSent(notification.id, owner, now)) {
        report.sent++;
      }
    } catch (error) {
      const attempts = notification.attempts + 1;
      const retryAt =
        attempts >= maxAttempts ? null : new Date(now.getTime() + retryDelayMs(attempts - 1));
      await store.markNotificationFailed(notification.id, owner, String(error), retryAt);
      if (retryAt === null) {
        report.failed++;
      } else {
        report.retried++;
      }
    }
  }
  return report;
}

function optionalTeam(teamName: string | undefined): { teamName?: string } {
  return teamName === undefined ? {} : { teamName };
}
