import {
  assertValidDate,
  defaultLifecyclePolicy,
  type LifecyclePolicy,
  type TransitionResult,
  transition,
} from './lifecycle';
import type { Ticket } from './ticket';

// The waiting-on-customer policy as pure functions over the ticket: a sweep (cron, queue,
// restart) asks what is due, applies it through the lifecycle, stores the result. Everything it
// needs (when waiting started, how many reminder steps are done) is in `ticket.waiting`, so the
// policy survives restarts and a sweep that runs twice finds nothing left to do.
//
// The rule for late sweeps: only the latest step due is done. Past the auto-resolve delay the
// ticket is resolved and no reminder is sent; between reminders, only the latest reminder due is
// sent and the earlier ones are skipped (a customer never gets two reminders at once). A skipped
// reminder counts as handled in `reminders_sent`, which is the number of reminder steps done.

const dayMs = 86_400_000;

export type DueJob =
  | { kind: 'reminder'; reminder: number; due_at: string }
  | { kind: 'auto_resolve'; due_at: string };

/**
 * What the waiting-on-customer policy wants done on this ticket now: nothing, one reminder, or
 * the auto-resolution. Apply each job with `applyDueJob` and store the result before the next
 * sweep.
 *
 * @example
 * for (const job of dueJobs(ticket, now, tenant.policy)) {
 *   const result = applyDueJob(ticket, job, now, tenant.policy);
 *   if (result.ok) {
 *     await store.saveIfUnchanged(ticket, result.ticket, result.events);
 *   }
 * }
 */
export function dueJobs(
  ticket: Ticket,
  now: Date,
  policy: LifecyclePolicy = defaultLifecyclePolicy,
): DueJob[] {
  assertValidDate(now);
  const waiting = ticket.waiting;
  if (ticket.status !== 'waiting_on_customer' || waiting === null) {
    return [];
  }
  const since = Date.parse(waiting.since);
  const nowMs = now.getTime();
  const autoResolveAt = since + policy.autoResolveDays * dayMs;
  if (nowMs >= autoResolveAt) {
    return [{ kind: 'auto_resolve', due_at: new Date(autoResolveAt).toISOString() }];
  }
  let latest: DueJob | null = null;
  for (const [index, days] of policy.reminderDays.entries()) {
    const reminder = index + 1;
    const dueAt = since + days * dayMs;
    if (reminder > waiting.reminders_sent && dueAt <= nowMs && dueAt < autoResolveAt) {
      latest = { kind: 'reminder', reminder, due_at: new Date(dueAt).toISOString() };
    }
  }
  return latest === null ? [] : [latest];
}

/**
 * Does one job returned by `dueJobs`: a reminder records `reminder_sent` (status unchanged), the
 * auto-resolution resolves the ticket with reason `no_response`. A job applied twice, or to a
 * ticket that changed in between (the customer replied), is refused, never done twice.
 *
 * @example
 * const result = applyDueJob(ticket, { kind: 'reminder', reminder: 1, due_at }, now);
 */
export function applyDueJob(
  ticket: Ticket,
  job: DueJob,
  now: Date,
  policy: LifecyclePolicy = defaultLifecyclePolicy,
): TransitionResult {
  switch (job.kind) {
    case 'reminder':
      return transition(ticket, { type: 'send_reminder', reminder: job.reminder }, now, policy);
    case 'auto_resolve':
      return transition(ticket, { type: 'auto_resolve' }, now, policy);
    default:
      job satisfies never;
      throw new TypeError(`unknown job kind: ${String((job as { kind: unknown }).kind)}`);
  }
}

/**
 * When the waiting policy next has something to do on this ticket (possibly in the past, if a
 * sweep is late), or null when the ticket is not waiting on the customer. Schedule a sweep then.
 *
 * @example
 * const wakeUp = nextWakeUp(ticket, tenant.policy);
 * if (wakeUp !== null) {
 *   queue.schedule(ticket.id, wakeUp);
 * }
 */
export function nextWakeUp(
  ticket: Ticket,
  policy: LifecyclePolicy = defaultLifecyclePolicy,
): Date | null {
  const waiting = ticket.waiting;
  if (ticket.status !== 'waiting_on_customer' || waiting === null) {
    return null;
  }
  const since = Date.parse(waiting.since);
  const autoResolveAt = since + policy.autoResolveDays * dayMs;
  const nextReminderDays = policy.reminderDays[waiting.reminders_sent];
  if (nextReminderDays !== undefined) {
    const reminderAt = since + nextReminderDays * dayMs;
    if (reminderAt < autoResolveAt) {
      return new Date(reminderAt);
    }
  }
  return new Date(autoResolveAt);
}
