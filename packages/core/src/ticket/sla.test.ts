import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WeeklySupportHours } from './business-hours';
import { type LifecycleEvent, transition } from './lifecycle';
import { computeSla, defaultSlaTargets, type SlaTargets } from './sla';
import { slaStateSchema } from './sla-state';
import { agent, customer, makeTicket } from './test-ticket';
import type { Ticket } from './ticket';

const minute = 60_000;
const hour = 60 * minute;
const created = Date.parse('2026-03-02T09:00:00.000Z');
const at = (offsetMs: number) => new Date(created + offsetMs);
const iso = (offsetMs: number) => at(offsetMs).toISOString();
const calendar = { targets: defaultSlaTargets, hours: null };

function run(ticket: Ticket, steps: Array<[LifecycleEvent, number]>): Ticket {
  let current = ticket;
  for (const [event, offsetMs] of steps) {
    const result = transition(current, event, at(offsetMs));
    if (!result.ok) {
      throw new Error(`${event.type} refused: ${result.error.message}`);
    }
    current = result.ticket;
  }
  return current;
}

const urgent = () => makeTicket({ priority: 'urgent' });

describe('computeSla: first response', () => {
  it('runs from creation towards a fixed due time', () => {
    const sla = computeSla(urgent(), at(30 * minute), calendar);
    expect(sla.first_response).toEqual({
      target_minutes: 60,
      elapsed_minutes: 30,
      remaining_minutes: 30,
      due_at: iso(hour),
      breached: false,
      breached_at: null,
      clock: 'running',
    });
  });

  it('is breached at the due time when nobody answered', () => {
    const sla = computeSla(urgent(), at(90 * minute), calendar);
    expect(sla.first_response).toMatchObject({
      elapsed_minutes: 90,
      remaining_minutes: -30,
      breached: true,
      breached_at: iso(hour),
    });
  });

  it('stops at the first agent reply', () => {
    const replied = run(urgent(), [[{ type: 'agent_reply', actor: agent }, 45 * minute]]);
    const sla = computeSla(replied, at(5 * hour), calendar);
    expect(sla.first_response).toMatchObject({
      elapsed_minutes: 45,
      remaining_minutes: 15,
      breached: false,
      clock: 'stopped',
    });
  });

  it('stops when the ticket is closed without a reply', () => {
    const closed = run(urgent(), [[{ type: 'close', actor: customer }, 20 * minute]]);
    expect(computeSla(closed, at(5 * hour), calendar).first_response).toMatchObject({
      elapsed_minutes: 20,
      clock: 'stopped',
      breached: false,
    });
  });
});

describe('computeSla: resolution clock', () => {
  // Urgent: 8 hours. Taken at +1h, waiting from +2h to +5h.
  const history = (): Ticket =>
    run(urgent(), [
      [{ type: 'take', actor: agent }, hour],
      [{ type: 'wait_for_customer', actor: agent }, 2 * hour],
      [{ type: 'reply', actor: customer }, 5 * hour],
    ]);

  it('has not started on a new ticket', () => {
    expect(computeSla(urgent(), at(3 * hour), calendar).resolution).toEqual({
      target_minutes: 480,
      elapsed_minutes: 0,
      remaining_minutes: 480,
      due_at: null,
      breached: false,
      breached_at: null,
      clock: 'not_started',
    });
  });

  it('is paused while waiting on the customer, and the pause does not count', () => {
    const paused = run(urgent(), [
      [{ type: 'take', actor: agent }, hour],
      [{ type: 'wait_for_customer', actor: agent }, 2 * hour],
    ]);
    const sla = computeSla(paused, at(4 * hour), calendar);
    expect(sla.resolution).toMatchObject({ elapsed_minutes: 60, clock: 'paused', due_at: null });
  });

  it('resumes after the reply and projects the due time from now', () => {
    const sla = computeSla(history(), at(6 * hour), calendar);
    expect(sla.resolution).toMatchObject({
      elapsed_minutes: 120,
      remaining_minutes: 360,
      due_at: iso(12 * hour),
      clock: 'running',
    });
  });

  it('dates the breach after the pause', () => {
    const sla = computeSla(history(), at(15 * hour), calendar);
    expect(sla.resolution).toMatchObject({
      elapsed_minutes: 11 * 60,
      remaining_minutes: -180,
      breached: true,
      breached_at: iso(12 * hour),
      due_at: iso(12 * hour),
    });
  });

  it('stops at resolution and stays stopped', () => {
    const resolved = run(history(), [
      [{ type: 'resolve', reason: 'fixed', actor: agent }, 7 * hour],
    ]);
    for (const now of [7 * hour, 30 * hour]) {
      expect(computeSla(resolved, at(now), calendar).resolution).toMatchObject({
        elapsed_minutes: 180,
        remaining_minutes: 300,
        clock: 'stopped',
        due_at: null,
        breached: false,
      });
    }
  });

  it('does not count the time a reopened ticket spent resolved', () => {
    const reopened = run(history(), [
      [{ type: 'resolve', reason: 'fixed', actor: agent }, 7 * hour],
      [{ type: 'reopen', actor: customer }, 31 * hour],
    ]);
    expect(computeSla(reopened, at(32 * hour), calendar).resolution).toMatchObject({
      elapsed_minutes: 240,
      clock: 'running',
    });
  });

  it('is paused while resolved but not deployed', () => {
    const pending = run(urgent(), [
      [{ type: 'take', actor: agent }, hour],
      [{ type: 'mark_resolved_not_deployed', actor: agent }, 3 * hour],
    ]);
    expect(computeSla(pending, at(20 * hour), calendar).resolution).toMatchObject({
      elapsed_minutes: 120,
      clock: 'paused',
      breached: false,
    });
  });

  it('has no due time or breach without a target', () => {
    const targets: SlaTargets = {
      ...defaultSlaTargets,
      urgent: { first_response_minutes: null, resolution_minutes: null },
    };
    const sla = computeSla(history(), at(40 * hour), { targets, hours: null });
    expect(sla.resolution).toMatchObject({
      target_minutes: null,
      remaining_minutes: null,
      due_at: null,
      breached: false,
      breached_at: null,
    });
    expect(sla.first_response.elapsed_minutes).toBe(40 * 60);
  });

  it('refuses a target that is not a positive whole number of minutes', () => {
    const targets: SlaTargets = {
      ...defaultSlaTargets,
      urgent: { first_response_minutes: 0, resolution_minutes: 480 },
    };
    expect(() => computeSla(urgent(), at(hour), { targets, hours: null })).toThrow(RangeError);
  });
});

describe('computeSla: support hours', () => {
  const paris: WeeklySupportHours = {
    timezone: 'Europe/Paris',
    days: [1, 2, 3, 4, 5],
    start: '09:00',
    end: '18:00',
  };

  it('counts only support hours over a weekend and dates the due time on Monday', () => {
    // Friday 6 March 2026, 17:00 Paris; normal priority: first response within 8 hours.
    const ticket = makeTicket({ created_at: '2026-03-06T16:00:00.000Z' });
    const saturday = new Date('2026-03-07T12:00:00.000Z');
    const sla = computeSla(ticket, saturday, { targets: defaultSlaTargets, hours: paris });
    expect(sla.first_response).toMatchObject({
      elapsed_minutes: 60,
      remaining_minutes: 420,
      due_at: '2026-03-09T15:00:00.000Z',
      breached: false,
    });
  });

  it('dates a breach in support hours across the spring change', () => {
    // Friday 27 March 2026, 17:00 CET; breached after 1 h on Friday and 7 h on Monday (CEST).
    const ticket = makeTicket({ created_at: '2026-03-27T16:00:00.000Z' });
    const tuesday = new Date('2026-03-31T12:00:00.000Z');
    const sla = computeSla(ticket, tuesday, { targets: defaultSlaTargets, hours: paris });
    expect(sla.first_response).toMatchObject({
      breached: true,
      breached_at: '2026-03-30T14:00:00.000Z',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random histories.

const historyEvent = fc.constantFrom<LifecycleEvent>(
  { type: 'take', actor: agent },
  { type: 'escalate', actor: agent },
  { type: 'wait_for_customer', actor: agent },
  { type: 'mark_resolved_not_deployed', actor: agent },
  { type: 'agent_reply', actor: agent },
  { type: 'reply', actor: customer },
  { type: 'reopen', actor: customer },
  { type: 'resolve', reason: 'fixed', actor: agent },
);

const historyArbitrary = fc.array(fc.tuple(historyEvent, fc.integer({ min: 0, max: 30 * hour })), {
  maxLength: 14,
});

/** Applies what the lifecycle accepts; returns the ticket and when its history ended. */
function build(priority: Ticket['priority'], steps: Array<[LifecycleEvent, number]>) {
  let ticket = makeTicket({ priority });
  let offset = 0;
  for (const [event, delay] of steps) {
    offset += delay;
    const result = transition(ticket, event, at(offset));
    ticket = result.ok ? result.ticket : ticket;
  }
  return { ticket, end: offset };
}

const priorityArbitrary = fc.constantFrom(
  'low' as const,
  'normal' as const,
  'high' as const,
  'urgent' as const,
);
const hoursArbitrary = fc.constantFrom<WeeklySupportHours | null>(
  null,
  { timezone: 'Europe/Paris', days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
  { timezone: 'America/New_York', days: [1, 2, 3, 4, 5, 6], start: '08:30', end: '17:00' },
);

// Property runs are CPU-bound; on a busy shared machine they need more than the default 5 s.
describe('computeSla: properties', { timeout: 60_000 }, () => {
  it('never lets elapsed time decrease as now advances, and stays a valid SlaState', () => {
    fc.assert(
      fc.property(
        priorityArbitrary,
        historyArbitrary,
        hoursArbitrary,
        fc.array(fc.integer({ min: 0, max: 20 * hour }), { minLength: 1, maxLength: 8 }),
        (priority, steps, hours, advances) => {
          const { ticket, end } = build(priority, steps);
          let now = end;
          let previous = { first: 0, resolution: 0 };
          for (const advance of advances) {
            now += advance;
            const sla = computeSla(ticket, at(now), { targets: defaultSlaTargets, hours });
            expect(slaStateSchema.safeParse(sla).success).toBe(true);
            expect(sla.first_response.elapsed_minutes).toBeGreaterThanOrEqual(previous.first);
            expect(sla.resolution.elapsed_minutes).toBeGreaterThanOrEqual(previous.resolution);
            previous = {
              first: sla.first_response.elapsed_minutes,
              resolution: sla.resolution.elapsed_minutes,
            };
            for (const state of [sla.first_response, sla.resolution]) {
              if (state.remaining_minutes !== null) {
                expect(state.breached).toBe(state.remaining_minutes < 0);
              }
              if (state.breached_at !== null) {
                expect(Date.parse(state.breached_at)).toBeLessThanOrEqual(now + created);
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts exactly the running time in calendar mode: pauses never count', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.integer({ min: 0, max: 40 * hour }), (steps, extra) => {
        const { ticket, end } = build('normal', steps);
        const now = created + end + extra;
        const sla = computeSla(ticket, new Date(now), calendar).resolution;
        const record = ticket.sla;
        if (record.clock_started_at === null) {
          expect(sla.elapsed_minutes).toBe(0);
          return;
        }
        // Independent arithmetic: clock span minus the paused part of it.
        const from = Date.parse(record.clock_started_at);
        const to = Math.min(
          now,
          record.clock_stopped_at === null ? now : Date.parse(record.clock_stopped_at),
        );
        const paused = record.paused_intervals.reduce((sum, interval) => {
          const pauseEnd = interval.end === null ? to : Math.min(to, Date.parse(interval.end));
          return sum + Math.max(0, pauseEnd - Date.parse(interval.start));
        }, 0);
        expect(sla.elapsed_minutes).toBe((to - from - paused) / minute);
      }),
      { numRuns: 300 },
    );
  });

  it('freezes the resolution clock for the whole of a pause, in support hours too', () => {
    fc.assert(
      fc.property(
        historyArbitrary,
        hoursArbitrary,
        fc.integer({ min: 1, max: 60 * hour }),
        fc.constantFrom<LifecycleEvent>(
          { type: 'wait_for_customer', actor: agent },
          { type: 'mark_resolved_not_deployed', actor: agent },
        ),
        (steps, hours, into, pausing) => {
          // End the history with a pause (refused, and then skipped, on a resolved ticket).
          const { ticket } = build('high', [...steps, [pausing, hour]]);
          const pause = ticket.sla.paused_intervals.at(-1);
          if (pause === undefined || pause.end !== null) {
            return;
          }
          const options = { targets: defaultSlaTargets, hours };
          const atPause = computeSla(ticket, new Date(pause.start), options).resolution;
          const later = computeSla(ticket, new Date(Date.parse(pause.start) + into), options);
          expect(later.resolution.elapsed_minutes).toBe(atPause.elapsed_minutes);
          expect(later.resolution.clock).toBe('paused');
        },
      ),
      { numRuns: 300 },
    );
  });
});
