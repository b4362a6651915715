import { randomUUID } from 'node:crypto';
import {
  applyDueJob,
  dueJobs,
  type LifecyclePolicy,
  nextWakeUp,
  type Ticket,
  type TicketEvent,
} from '@aide/core';
import type { Mailer } from '../notifications/mailer';
import { type DeliveryReport, deliverOutbox, notifyCustomers } from '../notifications/outbox';
import type { LinkOptions } from '../notifications/templates';
import type { JobRecord, Store, StoreOperations } from '../store/store';

/** The one job kind of the waiting-on-customer policy: "look at this ticket again at dueAt". */
export const waitingJobKind = 'waiting_on_customer';

/**
 * Puts the ticket's wake-up where the waiting policy wants it (or removes it when the ticket is
 * not waiting). Call it in the transaction of every change of status, e.g. after an agent's
 * `wait_for_customer` or a customer's reply.
 *
 * @example
 * await store.transaction(async (tx) => {
 *   const saved = await tx.updateTicket(result.ticket, version);
 *   await syncWaitingJob(tx, saved.ticket, policy);
 * });
 */
export async function syncWaitingJob(
  tx: StoreOperations,
  ticket: Ticket,
  policy: LifecyclePolicy,
): Promise<void> {
  const key = { tenantId: ticket.tenant_id, ticketId: ticket.id, kind: waitingJobKind };
  const wakeUp = nextWakeUp(ticket, policy);
  if (wakeUp === null) {
    await tx.cancelJob(key);
  } else {
    await tx.scheduleJob({ ...key, dueAt: wakeUp });
  }
}

export interface SweepOptions {
  store: Store;
  now: Date;
  policyFor: (tenantId: string) => LifecyclePolicy;
  /** Without a mailer, notifications stay queued for a later sweep that has one. */
  mailer?: Mailer;
  /** The host application's URL (per tenant when a function); links are `{appUrl}#aide-ticket={id}`. */
  appUrl: string | ((tenantId: string) => string);
  /** Optional link pattern (see `ticketLink`). */
  linkTemplate?: string | ((tenantId: string) => string | undefined);
  /** Name signing the e-mails ("The Acme team"), per tenant; "Support" by default. */
  teamNameFor?: (tenantId: string) => string | undefined;
  /** Locale of e-mails when the ticket's context has none (per tenant when a function). */
  defaultLocale?: string | ((tenantId: string) => string | undefined);
  /** Identifies this instance's claims (default: a random id per call). */
  owner?: string;
  /** How long a claim protects a job from other sweepers (default 2 minutes). */
  leaseMs?: number;
  /** Jobs claimed per round (default 50); rounds continue until none is due. */
  batchSize?: number;
  /** How long idempotency records are kept; at least (and by default) 24 hours. */
  idempotencyRetentionMs?: number;
}

/** The API promises that a repeated POST is recognised for at least this long. */
export const minimumIdempotencyRetentionMs = 24 * 3_600_000;

export interface SweepReport {
  jobs: number;
  reminders: number;
  autoResolved: number;
  /** Jobs whose ticket had nothing due (a reply came first, or it was rescheduled). */
  idle: number;
  /** Jobs that failed and will be retried. */
  errors: number;
  mail: DeliveryReport;
  /** Idempotency records past their retention, deleted by this pass. */
  idempotencyPurged: number;
}

/** A job claim that expired while this sweeper worked: its transaction must not commit. */
class LostClaim extends Error {}

/**
 * One pass of the background work: applies the waiting-on-customer steps that are due
 * (reminders, auto-resolution) through core's `dueJobs`/`applyDueJob`, then delivers the
 * notification outbox. Safe to run on several instances at once and after a crash: each step
 * commits with the ticket's version check and the job's claim, in one transaction.
 *
 * @example
 * const report = await runSweep({ store, now: new Date(), policyFor: () => defaultLifecyclePolicy,
 *   mailer, appUrl: 'https://app.vendor.test/' });
 */
export async function runSweep(options: SweepOptions): Promise<SweepReport> {
  const owner = options.owner ?? `sweeper-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 120_000;
  const retentionMs = options.idempotencyRetentionMs ?? minimumIdempotencyRetentionMs;
  if (!(retentionMs >= minimumIdempotencyRetentionMs)) {
    throw new RangeError('idempotencyRetentionMs must be at least 24 hours (86400000 ms)');
  }
  const report: SweepReport = {
    jobs: 0,
    reminders: 0,
    autoResolved: 0,
    idle: 0,
    errors: 0,
    mail: { sent: 0, retried: 0, failed: 0 },
    idempotencyPurged: 0,
  };
  const seen = new Set<string>();
  for (;;) {
    const jobs = await options.store.claimDueJobs({
      now: options.now,
      owner,
      leaseMs,
      limit: options.batchSize ?? 50,
    });
    // A job failing now is retried later, not again in this pass.
    const fresh = jobs.filter((job) => !seen.has(job.id));
    if (fresh.length === 0) {
      break;
    }
    for (const job of fresh) {
      seen.add(job.id);
      report.jobs++;
      try {
        const outcome = await processJob(options, job, owner);
        report.reminders += outcome.reminders;
        report.autoResolved += outcome.autoResolved;
        if (outcome.reminders + outcome.autoResolved === 0) {
          report.idle++;
        }
      } catch (error) {
        if (error instanceof LostClaim) {
          continue;
        }
        report.errors++;
        const retryAt = new Date(
          options.now.getTime() + Math.min(60_000 * 2 ** job.attempts, 3_600_000),
        );
        await options.store.failJob(job.id, owner, String(error), retryAt).catch(() => false);
      }
    }
  }
  report.idempotencyPurged = await options.store.purgeIdempotency(
    new Date(options.now.getTime() - retentionMs),
  );
  if (options.mailer) {
    report.mail = await deliverOutbox({
      store: options.store,
      mailer: options.mailer,
      now: options.now,
      owner,
      leaseMs,
      linkFor: (tenantId) => linkOptions(options, tenantId),
      ...(options.teamNameFor === undefined ? {} : { teamNameFor: options.teamNameFor }),
    });
  }
  return report;
}

function linkOptions(options: SweepOptions, tenantId: string): LinkOptions {
  const appUrl = typeof options.appUrl === 'function' ? options.appUrl(tenantId) : options.appUrl;
  const template =
    typeof options.linkTemplate === 'function'
      ? options.linkTemplate(tenantId)
      : options.linkTemplate;
  return template === undefined ? { appUrl } : { appUrl, template };
}

async function processJob(
  options: SweepOptions,
  job: JobRecord,
  owner: string,
): Promise<{ reminders: number; autoResolved: number }> {
  const { now } = options;
  return options.store.transaction(async (tx) => {
    const outcome = { reminders: 0, autoResolved: 0 };
    const stored = await tx.getTicket(job.tenantId, job.ticketId, { forUpdate: true });
    if (!stored) {
      await finishOrAbort(tx, job, owner, null);
      return outcome;
    }
    const policy = options.policyFor(job.tenantId);
    let ticket = stored.ticket;
    // Keyed by the waiting episode: a ticket that waits again later gets its reminders again.
    const episode = ticket.waiting?.since ?? '';
    const events: TicketEvent[] = [];
    for (const due of dueJobs(ticket, now, policy)) {
      const result = applyDueJob(ticket, due, now, policy);
      if (!result.ok) {
        continue;
      }
      ticket = result.ticket;
      for (const draft of result.events) {
        events.push({ ...draft, id: randomUUID(), ticket_id: ticket.id } as TicketEvent);
      }
      if (due.kind === 'reminder') {
        outcome.reminders++;
        await notifyCustomers(tx, ticket, 'waiting_reminder', {
          now,
          data: { reminder: due.reminder },
          dedupeKey: `waiting_reminder:${ticket.id}:${episode}:${due.reminder}`,
          ...defaultLocale(options, ticket.tenant_id),
        });
      } else {
        outcome.autoResolved++;
        await notifyCustomers(tx, ticket, 'auto_resolved', {
          now,
          data: { reason: 'no_response' },
          dedupeKey: `auto_resolved:${ticket.id}:${episode}`,
          ...defaultLocale(options, ticket.tenant_id),
        });
      }
    }
    if (ticket !== stored.ticket) {
      // Throws version_conflict if a request changed the ticket since it was read: the whole
      // step rolls back and the job is retried against the new state.
      await tx.updateTicket(ticket, stored.version);
      for (const event of events) {
        await tx.insertEvent(ticket.tenant_id, event);
      }
    }
    let next = nextWakeUp(ticket, policy);
    if (next !== null && next.getTime() <= now.getTime() && ticket === stored.ticket) {
      // Due by the policy's clock yet nothing applicable: look again later rather than spin.
      next = new Date(now.getTime() + 3_600_000);
    }
    await finishOrAbort(tx, job, owner, next);
    return outcome;
  });
}

function defaultLocale(options: SweepOptions, tenantId: string): { defaultLocale?: string } {
  const locale =
    typeof options.defaultLocale === 'function'
      ? options.defaultLocale(tenantId)
      : options.defaultLocale;
  return locale === undefined ? {} : { defaultLocale: locale };
}

async function finishOrAbort(
  tx: StoreOperations,
  job: JobRecord,
  owner: string,
  next: Date | null,
): Promise<void> {
  if (!(await tx.finishJob(job.id, owner, next))) {
    throw new LostClaim(`Job ${job.id} was claimed by another sweeper`);
  }
}

export interface Sweeper {
  /** Stops the timer and waits for a pass in progress to end. */
  stop(): Promise<void>;
  /** Runs a pass now (also what the timer does); passes never overlap. */
  runOnce(): Promise<SweepReport>;
  /**
   * Asks for a pass soon (after `nudgeDelayMs`), because something was just queued: nudges that
   * come together share one pass, and a pass already running is followed by another, since it
   * may have read the queue before the write that nudged.
   */
  nudge(): void;
}

/**
 * Runs `runSweep` every `intervalMs` with the time from `clock` (injectable for tests).
 * Errors of a pass go to `onError` and never stop the sweeper.
 *
 * @example
 * const sweeper = startSweeper({ intervalMs: 30_000, store, policyFor, mailer, appUrl });
 * const server = await startServer({ config, store, afterWrite: () => sweeper.nudge() });
 * process.on('SIGTERM', () => sweeper.stop());
 */
export function startSweeper(
  options: Omit<SweepOptions, 'now'> & {
    intervalMs: number;
    /** How long a nudge waits, so that a burst of writes shares one pass. @default 200 */
    nudgeDelayMs?: number;
    clock?: () => Date;
    onError?: (error: unknown) => void;
    onReport?: (report: SweepReport) => void;
  },
): Sweeper {
  const clock = options.clock ?? (() => new Date());
  const owner = options.owner ?? `sweeper-${randomUUID()}`;
  let running: Promise<SweepReport> | null = null;
  let stopped = false;
  const runOnce = (): Promise<SweepReport> => {
    if (running) {
      return running;
    }
    const pass = runSweep({ ...options, owner, now: clock() });
    running = pass;
    pass
      .then((report) => options.onReport?.(report), options.onError ?? (() => undefined))
      .finally(() => {
        running = null;
      });
    return pass;
  };
  const timer = setInterval(() => {
    if (!stopped) {
      runOnce().catch(() => undefined);
    }
  }, options.intervalMs);
  timer.unref();
  let nudged: ReturnType<typeof setTimeout> | null = null;
  const nudge = () => {
    if (stopped || nudged !== null) {
      return;
    }
    nudged = setTimeout(() => {
      nudged = null;
      const before = running ?? Promise.resolve();
      before
        .catch(() => undefined)
        .then(() => (stopped ? undefined : runOnce()))
        .catch(() => undefined);
    }, options.nudgeDelayMs ?? 200);
    nudged.unref();
  };
  return {
    runOnce,
    nudge,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (nudged !== null) {
        clearTimeout(nudged);
      }
      await running?.catch(() => undefined);
    },
  };
}
