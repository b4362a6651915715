import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LifecyclePolicy, transition } from './lifecycle';
import { agent, customer, lifecycleViolations, makeTicket } from './test-ticket';
import type { Ticket } from './ticket';
import { applyDueJob, dueJobs, nextWakeUp } from './waiting';

const hour = 3_600_000;
const day = 24 * hour;
const waitingSince = Date.parse('2026-03-02T12:00:00.000Z');
const at = (offsetMs: number) => new Date(waitingSince + offsetMs);

/** A ticket taken at 10:00 and waiting on the customer since 12:00 on 2026-03-02. */
function waitingTicket(): Ticket {
  const taken = transition(makeTicket(), { type: 'take', actor: agent }, at(-2 * hour));
  if (!taken.ok) {
    throw new Error(taken.error.message);
  }
  const waiting = transition(taken.ticket, { type: 'wait_for_customer', actor: agent }, at(0));
  if (!waiting.ok) {
    throw new Error(waiting.error.message);
  }
  return waiting.ticket;
}

/** Runs one sweep the way a server does: every due job, applied in order. */
function sweep(ticket: Ticket, now: Date, policy?: LifecyclePolicy) {
  let current = ticket;
  const done: string[] = [];
  for (const job of dueJobs(current, now, policy)) {
    const result = applyDueJob(current, job, now, policy);
    if (!result.ok) {
      throw new Error(result.error.message);
    }
    current = result.ticket;
    done.push(job.kind === 'reminder' ? `reminder ${job.reminder}` : 'auto_resolve');
  }
  return { ticket: current, done };
}

describe('dueJobs (default policy: +2, +5, +10 days)', () => {
  it('has nothing to do before the first reminder', () => {
    expect(dueJobs(waitingTicket(), at(2 * day - 1))).toEqual([]);
  });

  it('sends the first reminder at +2 days, once', () => {
    const ticket = waitingTicket();
    expect(dueJobs(ticket, at(2 * day))).toEqual([
      { kind: 'reminder', reminder: 1, due_at: at(2 * day).toISOString() },
    ]);
    const first = sweep(ticket, at(2 * day));
    expect(first.ticket.waiting).toEqual({ since: at(0).toISOString(), reminders_sent: 1 });
    expect(first.ticket.status).toBe('waiting_on_customer');
    expect(sweep(first.ticket, at(2 * day)).done).toEqual([]);
    expect(sweep(first.ticket, at(4 * day)).done).toEqual([]);
  });

  it('records the reminder in the event log as done by the system', () => {
    const [job] = dueJobs(waitingTicket(), at(2 * day));
    const result = job === undefined ? null : applyDueJob(waitingTicket(), job, at(2 * day));
    expect(result?.ok && result.events).toEqual([
      {
        kind: 'reminder_sent',
        reminder: 1,
        at: at(2 * day).toISOString(),
        actor: { kind: 'system', id: null, name: 'system' },
      },
    ]);
  });

  it('runs the whole policy: two reminders then resolution with reason no_response', () => {
    let ticket = waitingTicket();
    const log: string[] = [];
    for (let hours = 0; hours <= 11 * 24; hours += 6) {
      const step = sweep(ticket, at(hours * hour));
      ticket = step.ticket;
      log.push(...step.done.map((done) => `${done} at +${hours / 24}d`));
    }
    expect(log).toEqual(['reminder 1 at +2d', 'reminder 2 at +5d', 'auto_resolve at +10d']);
    expect(ticket).toMatchObject({
      status: 'resolved',
      resolution: { reason: 'no_response', duplicate_of: null },
      resolved_at: at(10 * day).toISOString(),
      waiting: null,
    });
    expect(ticket.sla.clock_stopped_at).toBe(at(10 * day).toISOString());
  });

  it('sends only the latest reminder when a sweep comes late (no two reminders at once)', () => {
    const late = sweep(waitingTicket(), at(6 * day));
    expect(late.done).toEqual(['reminder 2']);
    expect(late.ticket.waiting?.reminders_sent).toBe(2);
  });

  it('resolves without any reminder when the first sweep comes after +10 days', () => {
    const late = sweep(waitingTicket(), at(30 * day));
    expect(late.done).toEqual(['auto_resolve']);
    expect(late.ticket.resolved_at).toBe(at(30 * day).toISOString());
  });

  it('stops when the customer replies, and starts afresh on the next wait', () => {
    const replied = transition(waitingTicket(), { type: 'reply', actor: customer }, at(3 * day));
    expect(replied.ok).toBe(true);
    if (!replied.ok) {
      return;
    }
    expect(dueJobs(replied.ticket, at(20 * day))).toEqual([]);
    expect(nextWakeUp(replied.ticket)).toBeNull();
    const again = transition(replied.ticket, { type: 'wait_for_customer' }, at(4 * day));
    expect(again.ok && again.ticket.waiting).toEqual({
      since: at(4 * day).toISOString(),
      reminders_sent: 0,
    });
    expect(again.ok && dueJobs(again.ticket, at(5 * day))).toEqual([]);
    expect(again.ok && nextWakeUp(again.ticket)).toEqual(at(6 * day));
  });

  it('refuses a job applied twice, as two concurrent sweeps would', () => {
    const ticket = waitingTicket();
    const [job] = dueJobs(ticket, at(2 * day));
    expect(job).toBeDefined();
    if (job === undefined) {
      return;
    }
    const first = applyDueJob(ticket, job, at(2 * day));
    expect(first.ok).toBe(true);
    const second = first.ok ? applyDueJob(first.ticket, job, at(2 * day + 1)) : first;
    expect(!second.ok && second.error.code).toBe('reminder_already_sent');
  });

  it('refuses a job that is not due, or one left over after the customer replied', () => {
    const ticket = waitingTicket();
    const early = applyDueJob(ticket, { kind: 'auto_resolve', due_at: '' }, at(9 * day));
    expect(!early.ok && early.error.code).toBe('auto_resolve_not_due');
    const tooSoon = applyDueJob(ticket, { kind: 'reminder', reminder: 1, due_at: '' }, at(day));
    expect(!tooSoon.ok && tooSoon.error.code).toBe('reminder_not_due');
    const replied = transition(ticket, { type: 'reply', actor: customer }, at(day));
    const stale = replied.ok
      ? applyDueJob(replied.ticket, { kind: 'auto_resolve', due_at: '' }, at(11 * day))
      : replied;
    expect(!stale.ok && stale.error.code).toBe('not_allowed_in_status');
  });

  it('follows a tenant policy', () => {
    const policy: LifecyclePolicy = { reopenWindowDays: 7, reminderDays: [1], autoResolveDays: 3 };
    expect(sweep(waitingTicket(), at(day), policy).done).toEqual(['reminder 1']);
    expect(nextWakeUp(waitingTicket(), policy)).toEqual(at(day));
    expect(sweep(waitingTicket(), at(3 * day), policy).done).toEqual(['auto_resolve']);
  });
});

describe('nextWakeUp', () => {
  it('is the next reminder, then the auto-resolution, then nothing', () => {
    let ticket = waitingTicket();
    expect(nextWakeUp(ticket)).toEqual(at(2 * day));
    ticket = sweep(ticket, at(2 * day)).ticket;
    expect(nextWakeUp(ticket)).toEqual(at(5 * day));
    ticket = sweep(ticket, at(5 * day)).ticket;
    expect(nextWakeUp(ticket)).toEqual(at(10 * day));
    ticket = sweep(ticket, at(10 * day)).ticket;
    expect(nextWakeUp(ticket)).toBeNull();
  });

  it('skips reminders the policy places after the auto-resolution', () => {
    const policy: LifecyclePolicy = {
      reopenWindowDays: 7,
      reminderDays: [12],
      autoResolveDays: 10,
    };
    expect(nextWakeUp(waitingTicket(), policy)).toEqual(at(10 * day));
    expect(dueJobs(waitingTicket(), at(11 * day), policy)).toMatchObject([
      { kind: 'auto_resolve' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: whatever the sweep times, each step happens once, never early, never twice.

const policyArbitrary: fc.Arbitrary<LifecyclePolicy> = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 20 * 24 }), { minLength: 0, maxLength: 4 }),
    fc.integer({ min: 1, max: 20 * 24 }),
  )
  .map(([reminderHours, autoResolveHours]) => ({
    reopenWindowDays: 7,
    reminderDays: [...reminderHours].sort((a, b) => a - b).map((hours) => hours / 24),
    autoResolveDays: autoResolveHours / 24,
  }));

/** Sweep times as offsets from the start of waiting, in order, duplicates included. */
const sweepsArbitrary = fc
  .array(fc.integer({ min: 0, max: 25 * day }), { maxLength: 30 })
  .chain((times) =>
    fc
      .array(fc.nat({ max: Math.max(0, times.length - 1) }), { maxLength: 5 })
      .map((repeats) => [...times, ...repeats.flatMap((index) => times.slice(index, index + 1))]),
  )
  .map((times) => [...times].sort((a, b) => a - b));

// Property runs are CPU-bound; on a busy shared machine they need more than the default 5 s.
describe('waiting policy: properties', { timeout: 60_000 }, () => {
  it('does each reminder at most once, in its window, and auto-resolves exactly once when due', () => {
    fc.assert(
      fc.property(policyArbitrary, sweepsArbitrary, (policy, sweeps) => {
        let ticket = waitingTicket();
        const autoResolveAt = policy.autoResolveDays * day;
        const reminderAt = policy.reminderDays.map((days) => days * day);
        const sent: Array<{ reminder: number; at: number }> = [];
        const resolvedAt: number[] = [];
        for (const offset of sweeps) {
          const now = at(offset);
          const wakeUp = nextWakeUp(ticket, policy);
          const jobs = dueJobs(ticket, now, policy);
          // Nothing is ever due before the announced wake-up time.
          if (wakeUp === null || now < wakeUp) {
            expect(jobs).toEqual([]);
          } else {
            expect(jobs.length).toBe(1);
          }
          for (const job of jobs) {
            expect(Date.parse(job.due_at)).toBeLessThanOrEqual(now.getTime());
            const result = applyDueJob(ticket, job, now, policy);
            expect(result.ok).toBe(true);
            if (!result.ok) {
              return;
            }
            ticket = result.ticket;
            expect(lifecycleViolations(ticket)).toEqual([]);
            if (job.kind === 'reminder') {
              sent.push({ reminder: job.reminder, at: offset });
            } else {
              resolvedAt.push(offset);
            }
          }
        }
        // Each reminder at most once, in order, never early, never after the auto-resolution.
        const numbers = sent.map((entry) => entry.reminder);
        expect(new Set(numbers).size).toBe(numbers.length);
        expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
        for (const { reminder, at: sentAt } of sent) {
          expect(sentAt).toBeGreaterThanOrEqual(reminderAt[reminder - 1] ?? Number.NaN);
          expect(sentAt).toBeLessThan(autoResolveAt);
        }
        // A reminder is sent exactly when some sweep fell between it and the next step.
        for (const [index, dueAt] of reminderAt.entries()) {
          const nextStep = Math.min(reminderAt[index + 1] ?? autoResolveAt, autoResolveAt);
          const swept = sweeps.some((offset) => offset >= dueAt && offset < nextStep);
          expect(numbers.includes(index + 1)).toBe(swept);
        }
        // The auto-resolution exactly once, at the first sweep on or after it is due.
        const firstDueSweep = sweeps.find((offset) => offset >= autoResolveAt);
        expect(resolvedAt).toEqual(firstDueSweep === undefined ? [] : [firstDueSweep]);
        if (firstDueSweep !== undefined) {
          expect(ticket.resolution).toEqual({ reason: 'no_response', duplicate_of: null });
        }
      }),
      { numRuns: 300 },
    );
  });
});
