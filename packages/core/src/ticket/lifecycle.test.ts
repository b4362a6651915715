import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  defaultLifecyclePolicy,
  filedTicketState,
  type LifecycleEvent,
  type LifecyclePolicy,
  lifecyclePolicySchema,
  systemAuthor,
  type TransitionResult,
  transition,
  transitionErrorCodes,
} from './lifecycle';
import { agent, customer, lifecycleViolations, makeTicket } from './test-ticket';
import { type Author, type Ticket, ticketEventSchema } from './ticket';
import { applyDueJob, dueJobs } from './waiting';

const start = Date.parse('2026-03-02T09:00:00.000Z');
const hour = 3_600_000;
const day = 24 * hour;
const at = (offsetMs: number) => new Date(start + offsetMs);

/** Applies events one after the other, failing the test on the first refusal. */
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

function refusal(result: TransitionResult) {
  expect(result.ok).toBe(false);
  return result.ok ? null : result.error;
}

const taken = () => run(makeTicket(), [[{ type: 'take', actor: agent }, hour]]);
const resolvedFixed = () =>
  run(taken(), [[{ type: 'resolve', reason: 'fixed', actor: agent }, 3 * hour]]);

describe('filedTicketState', () => {
  it('files a ticket that is new, consistent, and waits for an agent to start its clock', () => {
    const filedAt = at(0).toISOString();
    const ticket = makeTicket(filedTicketState(filedAt));
    expect(lifecycleViolations(ticket)).toEqual([]);
    expect(ticket).toMatchObject({ status: 'new', created_at: filedAt, last_activity_at: filedAt });
    const taken = run(ticket, [[{ type: 'take', actor: agent }, hour]]);
    expect(taken.sla.clock_started_at).toBe(at(hour).toISOString());
  });

  it('gives each ticket its own clock record', () => {
    const first = filedTicketState('2026-03-02T09:00:00.000Z');
    first.sla.paused_intervals.push({ start: '2026-03-02T10:00:00.000Z', end: null });
    expect(filedTicketState('2026-03-02T09:00:00.000Z').sla.paused_intervals).toEqual([]);
  });
});

describe('lifecyclePolicySchema', () => {
  it('accepts the default policy and refuses reminders out of order or delays out of range', () => {
    expect(lifecyclePolicySchema.parse(defaultLifecyclePolicy)).toEqual(defaultLifecyclePolicy);
    const unordered = lifecyclePolicySchema.safeParse({
      ...defaultLifecyclePolicy,
      reminderDays: [5, 2],
    });
    expect(unordered.error?.issues[0]).toMatchObject({
      path: ['reminderDays'],
      message: 'reminderDays must be strictly ascending',
    });
    expect(
      lifecyclePolicySchema.safeParse({ ...defaultLifecyclePolicy, autoResolveDays: 0 }).success,
    ).toBe(false);
    expect(
      lifecyclePolicySchema.safeParse({ ...defaultLifecyclePolicy, reopenWindowDays: -1 }).success,
    ).toBe(false);
  });
});

describe('transition: customer side (DESIGN.md status table)', () => {
  it('lets the customer reply on a new ticket without changing its status', () => {
    const result = transition(makeTicket(), { type: 'reply', actor: customer }, at(hour));
    expect(result).toMatchObject({ ok: true, events: [] });
    if (result.ok) {
      expect(result.ticket.status).toBe('new');
      expect(result.ticket.last_activity_at).toBe(at(hour).toISOString());
      expect(result.ticket.updated_at).toBe(at(hour).toISOString());
    }
  });

  it('moves a ticket waiting on the customer back to in progress on reply, resuming the clock', () => {
    const waiting = run(taken(), [[{ type: 'wait_for_customer', actor: agent }, 2 * hour]]);
    expect(waiting.sla.paused_intervals).toEqual([
      { start: at(2 * hour).toISOString(), end: null },
    ]);

    const result = transition(waiting, { type: 'reply', actor: customer }, at(5 * hour));
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.ticket.status).toBe('in_progress');
    expect(result.ticket.waiting).toBeNull();
    expect(result.ticket.sla.paused_intervals).toEqual([
      { start: at(2 * hour).toISOString(), end: at(5 * hour).toISOString() },
    ]);
    expect(result.events.map((event) => event.kind)).toEqual(['status_changed', 'sla_resumed']);
    expect(result.events[0]).toMatchObject({
      from: 'waiting_on_customer',
      to: 'in_progress',
      actor: customer,
    });
  });

  it('keeps the status on a reply while resolved-not-deployed (the clock stays paused)', () => {
    const pending = run(taken(), [
      [{ type: 'mark_resolved_not_deployed', actor: agent }, 2 * hour],
    ]);
    const result = transition(pending, { type: 'reply', actor: customer }, at(3 * hour));
    expect(result.ok && result.ticket.status).toBe('resolved_not_deployed');
    expect(result.ok && result.ticket.sla.paused_intervals.at(-1)?.end).toBeNull();
  });

  it('offers reply and close on every open status', () => {
    const waiting = run(taken(), [[{ type: 'wait_for_customer', actor: agent }, 2 * hour]]);
    const escalated = run(taken(), [[{ type: 'escalate', actor: agent }, 2 * hour]]);
    for (const ticket of [makeTicket(), taken(), waiting, escalated]) {
      expect(allowedActions(ticket, at(day))).toEqual(['reply', 'close']);
    }
  });

  it('refuses a reply on a resolved ticket: the customer reopens it instead', () => {
    const error = refusal(transition(resolvedFixed(), { type: 'reply' }, at(4 * hour)));
    expect(error).toMatchObject({
      code: 'not_allowed_in_status',
      from: 'resolved',
      event: 'reply',
    });
  });

  it('reopens a resolved ticket within the window, not counting the resolved time', () => {
    const resolved = resolvedFixed();
    const reopenAt = 3 * hour + 7 * day;
    const result = transition(resolved, { type: 'reopen', actor: customer }, at(reopenAt));
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.ticket.status).toBe('in_progress');
    expect(result.ticket.resolution).toBeNull();
    expect(result.ticket.resolved_at).toBeNull();
    expect(result.ticket.sla).toMatchObject({
      clock_started_at: at(hour).toISOString(),
      clock_stopped_at: null,
      paused_intervals: [{ start: at(3 * hour).toISOString(), end: at(reopenAt).toISOString() }],
    });
    expect(allowedActions(resolved, at(reopenAt))).toEqual(['close', 'reopen', 'rate']);
  });

  it('refuses to reopen once the window has passed, and stops offering it', () => {
    const resolved = resolvedFixed();
    const late = at(3 * hour + 7 * day + 1);
    const error = refusal(transition(resolved, { type: 'reopen' }, late));
    expect(error?.code).toBe('reopen_window_passed');
    expect(error?.message).toMatch(/7 days/);
    expect(allowedActions(resolved, late)).toEqual(['close', 'rate']);
  });

  it('uses the tenant window when given one', () => {
    const policy: LifecyclePolicy = {
      reopenWindowDays: 1,
      reminderDays: [2, 5],
      autoResolveDays: 10,
    };
    const resolved = resolvedFixed();
    expect(transition(resolved, { type: 'reopen' }, at(3 * hour + day), policy).ok).toBe(true);
    const error = refusal(transition(resolved, { type: 'reopen' }, at(3 * hour + day + 1), policy));
    expect(error?.code).toBe('reopen_window_passed');
  });

  it('refuses to reopen an open or a closed ticket', () => {
    expect(refusal(transition(taken(), { type: 'reopen' }, at(2 * hour)))?.code).toBe(
      'not_allowed_in_status',
    );
    const closed = run(resolvedFixed(), [[{ type: 'close', actor: customer }, 4 * hour]]);
    expect(refusal(transition(closed, { type: 'reopen' }, at(5 * hour)))?.code).toBe(
      'not_allowed_in_status',
    );
  });

  it('records a rating once, after resolution', () => {
    expect(refusal(transition(taken(), { type: 'rate', score: 'good' }, at(2 * hour)))?.code).toBe(
      'not_resolved_yet',
    );
    const result = transition(
      resolvedFixed(),
      { type: 'rate', score: 'bad', comment: '  Too slow.  ', actor: customer },
      at(4 * hour),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.ticket.rating).toEqual({
      score: 'bad',
      comment: 'Too slow.',
      rated_at: at(4 * hour).toISOString(),
    });
    expect(result.ticket.status).toBe('resolved');
    expect(result.events).toMatchObject([{ kind: 'rated', score: 'bad', actor: customer }]);
    const again = transition(result.ticket, { type: 'rate', score: 'good' }, at(5 * hour));
    expect(refusal(again)?.code).toBe('already_rated');
    expect(allowedActions(result.ticket, at(5 * hour))).toEqual(['close', 'reopen']);
  });

  it('refuses a rating comment longer than the model allows', () => {
    const comment = 'x'.repeat(2001);
    const result = transition(resolvedFixed(), { type: 'rate', score: 'good', comment }, at(day));
    expect(refusal(result)?.code).toBe('comment_too_long');
  });

  it('lets the customer close from any status but closed; a closed ticket can only be rated', () => {
    const fromNew = transition(makeTicket(), { type: 'close', actor: customer }, at(hour));
    expect(fromNew.ok && fromNew.ticket).toMatchObject({
      status: 'closed',
      resolution: null,
      closed_at: at(hour).toISOString(),
    });
    const closed = run(resolvedFixed(), [[{ type: 'close', actor: customer }, 4 * hour]]);
    expect(closed.resolution).toEqual({ reason: 'fixed', duplicate_of: null });
    expect(closed.resolved_at).toBe(at(3 * hour).toISOString());
    expect(allowedActions(closed, at(5 * hour))).toEqual(['rate']);
    expect(refusal(transition(closed, { type: 'close' }, at(5 * hour)))?.code).toBe(
      'not_allowed_in_status',
    );
    const rated = run(closed, [[{ type: 'rate', score: 'good' }, 5 * hour]]);
    expect(allowedActions(rated, at(6 * hour))).toEqual([]);
  });

  it('never lets a customer act as an agent', () => {
    const error = refusal(transition(makeTicket(), { type: 'take', actor: customer }, at(hour)));
    expect(error).toMatchObject({ code: 'not_allowed_for_actor', event: 'take', from: 'new' });
  });
});

describe('transition: agent side', () => {
  it('starts the resolution clock when the ticket is taken', () => {
    const result = transition(makeTicket(), { type: 'take', actor: agent }, at(hour));
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.ticket.status).toBe('in_progress');
    expect(result.ticket.sla.clock_started_at).toBe(at(hour).toISOString());
    expect(result.events).toEqual([
      {
        kind: 'status_changed',
        from: 'new',
        to: 'in_progress',
        resolution: null,
        at: at(hour).toISOString(),
        actor: agent,
      },
    ]);
  });

  it('starts the clock on a direct escalation too, and keeps it running', () => {
    const escalated = run(makeTicket(), [[{ type: 'escalate', actor: agent }, hour]]);
    expect(escalated.sla.clock_started_at).toBe(at(hour).toISOString());
    const back = run(escalated, [[{ type: 'take', actor: agent }, 2 * hour]]);
    expect(back.sla.paused_intervals).toEqual([]);
  });

  it('records the first agent reply only once', () => {
    const replied = run(taken(), [
      [{ type: 'agent_reply', actor: agent }, 2 * hour],
      [{ type: 'agent_reply', actor: agent }, 3 * hour],
    ]);
    expect(replied.sla.first_response_at).toBe(at(2 * hour).toISOString());
    expect(replied.status).toBe('in_progress');
  });

  it('starts waiting on the customer with a fresh waiting state and pauses the clock', () => {
    const result = transition(taken(), { type: 'wait_for_customer', actor: agent }, at(2 * hour));
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.ticket.waiting).toEqual({ since: at(2 * hour).toISOString(), reminders_sent: 0 });
    expect(result.events.map((event) => event.kind)).toEqual(['status_changed', 'sla_paused']);
    expect(
      refusal(transition(result.ticket, { type: 'wait_for_customer' }, at(3 * hour)))?.code,
    ).toBe('not_allowed_in_status');
  });

  it('keeps one pause from waiting to resolved-not-deployed', () => {
    const ticket = run(taken(), [
      [{ type: 'wait_for_customer', actor: agent }, 2 * hour],
      [{ type: 'mark_resolved_not_deployed', actor: agent }, 3 * hour],
    ]);
    expect(ticket.waiting).toBeNull();
    expect(ticket.sla.paused_intervals).toEqual([{ start: at(2 * hour).toISOString(), end: null }]);
  });

  it('stops the clock at resolution, closing a pause in progress', () => {
    const ticket = run(taken(), [
      [{ type: 'mark_resolved_not_deployed', actor: agent }, 2 * hour],
      [{ type: 'resolve', reason: 'fixed', actor: agent }, 5 * hour],
    ]);
    expect(ticket.sla).toMatchObject({
      clock_stopped_at: at(5 * hour).toISOString(),
      paused_intervals: [{ start: at(2 * hour).toISOString(), end: at(5 * hour).toISOString() }],
    });
    expect(ticket).toMatchObject({
      status: 'resolved',
      resolution: { reason: 'fixed', duplicate_of: null },
      resolved_at: at(5 * hour).toISOString(),
    });
  });

  it('needs the duplicated ticket for a duplicate, and only then', () => {
    const missing = transition(taken(), { type: 'resolve', reason: 'duplicate' }, at(2 * hour));
    expect(refusal(missing)?.code).toBe('duplicate_target_required');
    const itself = transition(
      taken(),
      { type: 'resolve', reason: 'duplicate', duplicate_of: 'tkt_01' },
      at(2 * hour),
    );
    expect(refusal(itself)?.code).toBe('cannot_merge_into_itself');
    const unexpected = transition(
      taken(),
      { type: 'resolve', reason: 'answered', duplicate_of: 'tkt_02' },
      at(2 * hour),
    );
    expect(refusal(unexpected)?.code).toBe('duplicate_target_unexpected');
    const ok = transition(
      taken(),
      { type: 'resolve', reason: 'duplicate', duplicate_of: 'tkt_02' },
      at(2 * hour),
    );
    expect(ok.ok && ok.ticket.resolution).toEqual({ reason: 'duplicate', duplicate_of: 'tkt_02' });
    expect(ok.ok && ok.ticket.merged_into).toBeNull();
  });

  it('merges into another ticket: resolved as its duplicate, and the customer can do nothing more', () => {
    const into = { id: 'tkt_07', number: 7 };
    const result = transition(taken(), { type: 'merge', into, actor: agent }, at(2 * hour));
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.ticket).toMatchObject({
      status: 'resolved',
      merged_into: 'tkt_07',
      resolution: { reason: 'duplicate', duplicate_of: 'tkt_07' },
      resolved_at: at(2 * hour).toISOString(),
    });
    expect(result.events).toMatchObject([
      { kind: 'merged', into: 'tkt_07', into_number: 7, actor: agent },
      { kind: 'status_changed', from: 'in_progress', to: 'resolved' },
    ]);
    expect(allowedActions(result.ticket, at(3 * hour))).toEqual([]);
    for (const event of [
      { type: 'reopen' },
      { type: 'rate', score: 'good' },
      { type: 'close' },
      { type: 'reply' },
    ] satisfies LifecycleEvent[]) {
      expect(refusal(transition(result.ticket, event, at(3 * hour)))?.code).toBe('ticket_merged');
    }
    const again = transition(result.ticket, { type: 'merge', into }, at(3 * hour));
    expect(refusal(again)?.code).toBe('ticket_merged');
    // Agents can still close it for good.
    expect(transition(result.ticket, { type: 'agent_close' }, at(3 * hour)).ok).toBe(true);
  });

  it('refuses to merge a ticket into itself or into nothing', () => {
    const self = transition(
      taken(),
      { type: 'merge', into: { id: 'tkt_01', number: 42 } },
      at(hour),
    );
    expect(refusal(self)?.code).toBe('cannot_merge_into_itself');
    const blank = transition(taken(), { type: 'merge', into: { id: ' ', number: 3 } }, at(hour));
    expect(refusal(blank)?.code).toBe('merge_target_invalid');
    const badNumber = transition(
      taken(),
      { type: 'merge', into: { id: 'x', number: 0 } },
      at(hour),
    );
    expect(refusal(badNumber)?.code).toBe('merge_target_invalid');
  });

  it('renames with a trimmed subject and records the old and new subjects', () => {
    const result = transition(
      taken(),
      { type: 'rename', subject: '  Export to CSV fails  ', actor: agent },
      at(2 * hour),
    );
    expect(result.ok && result.ticket.subject).toBe('Export to CSV fails');
    expect(result.ok && result.events).toMatchObject([
      { kind: 'renamed', from: 'Export button does nothing', to: 'Export to CSV fails' },
    ]);
    for (const subject of ['', '   ', 'x'.repeat(201)]) {
      expect(refusal(transition(taken(), { type: 'rename', subject }, at(hour)))?.code).toBe(
        'subject_invalid',
      );
    }
    const same = transition(
      taken(),
      { type: 'rename', subject: 'Export button does nothing' },
      at(hour),
    );
    expect(refusal(same)?.code).toBe('subject_unchanged');
  });

  it('stamps changes no earlier than the last update when clocks drift', () => {
    const ticket = taken();
    const result = transition(ticket, { type: 'escalate', actor: agent }, at(0));
    expect(result.ok && result.ticket.updated_at).toBe(ticket.updated_at);
    expect(result.ok && result.events[0]?.at).toBe(ticket.updated_at);
  });

  it('records the system as actor when none is given', () => {
    const result = transition(makeTicket(), { type: 'take' }, at(hour));
    expect(result.ok && result.events[0]?.actor).toEqual(systemAuthor);
  });

  it('fails loudly on an event type it does not know (untyped input)', () => {
    const unknown = JSON.parse('{"type":"teleport"}') as LifecycleEvent;
    expect(() => transition(makeTicket(), unknown, at(hour))).toThrow(/unknown lifecycle event/);
  });

  it('refuses an invalid date with a clear error', () => {
    expect(() => transition(makeTicket(), { type: 'take' }, new Date('nope'))).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: whatever the events, a ticket never reaches an illegal state.

const customerEvent: fc.Arbitrary<LifecycleEvent> = fc.oneof(
  fc.constantFrom<LifecycleEvent>(
    { type: 'reply' },
    { type: 'reply' },
    { type: 'reopen' },
    { type: 'reopen' },
    { type: 'close', comment: 'No longer needed' },
  ),
  fc.record({
    type: fc.constant('rate' as const),
    score: fc.constantFrom('good' as const, 'bad' as const),
    comment: fc.string({ maxLength: 30 }),
  }),
);

const agentProgressEvent: fc.Arbitrary<LifecycleEvent> = fc.oneof(
  fc.constantFrom<LifecycleEvent>(
    { type: 'agent_reply' },
    { type: 'take' },
    { type: 'escalate' },
    { type: 'wait_for_customer' },
    { type: 'mark_resolved_not_deployed' },
  ),
  fc.record({
    type: fc.constant('rename' as const),
    subject: fc.oneof(fc.string({ maxLength: 12 }), fc.constant('Export button does nothing')),
  }),
);

const agentEndingEvent: fc.Arbitrary<LifecycleEvent> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<LifecycleEvent>({ type: 'agent_close' }) },
  {
    weight: 4,
    arbitrary: fc
      .record({
        type: fc.constant('resolve' as const),
        reason: fc.constantFrom(
          'fixed' as const,
          'answered' as const,
          'declined' as const,
          'duplicate' as const,
          'no_response' as const,
        ),
        duplicate_of: fc.constantFrom('tkt_01', 'tkt_02', '', ' '),
      })
      .map(({ duplicate_of, ...event }) =>
        duplicate_of === '' ? event : { ...event, duplicate_of },
      ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('merge' as const),
      into: fc.constantFrom(
        { id: 'tkt_02', number: 2 },
        { id: 'tkt_01', number: 42 },
        { id: '', number: 3 },
      ),
    }),
  },
);

const systemEvent: fc.Arbitrary<LifecycleEvent> = fc.oneof(
  fc.constant<LifecycleEvent>({ type: 'auto_resolve' }),
  fc.record({
    type: fc.constant('send_reminder' as const),
    reminder: fc.integer({ min: 0, max: 3 }),
  }),
);

function actedBy(events: fc.Arbitrary<LifecycleEvent>, ...actors: Array<Author | undefined>) {
  return fc
    .tuple(events, fc.constantFrom(...actors))
    .map(([event, actor]) => (actor === undefined ? event : { ...event, actor }));
}

// Weighted towards events that keep a ticket alive, so sequences visit every status; each
// side mostly acts as itself, sometimes a customer tries an agent's move.
const eventArbitrary: fc.Arbitrary<LifecycleEvent> = fc.oneof(
  { weight: 4, arbitrary: actedBy(customerEvent, customer, undefined) },
  { weight: 6, arbitrary: actedBy(agentProgressEvent, agent, systemAuthor) },
  { weight: 2, arbitrary: actedBy(agentEndingEvent, agent, undefined) },
  { weight: 1, arbitrary: actedBy(systemEvent, undefined) },
  { weight: 1, arbitrary: actedBy(fc.oneof(agentProgressEvent, agentEndingEvent), customer) },
);

/** Time between steps: mostly minutes or hours, sometimes days, sometimes no time at all. */
const delayArbitrary = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 * hour }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 * day }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 12 * day }) },
);

type Step =
  | { kind: 'event'; event: LifecycleEvent; delay: number }
  | { kind: 'sweep'; delay: number };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      event: eventArbitrary,
      delay: delayArbitrary,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('sweep' as const), delay: delayArbitrary }),
  },
);

function checkResult(before: Ticket, snapshot: string, result: TransitionResult, type: string) {
  // Pure: the input ticket is never modified, accepted or not.
  expect(JSON.stringify(before)).toBe(snapshot);
  if (!result.ok) {
    expect(transitionErrorCodes).toContain(result.error.code);
    expect(result.error.message.length).toBeGreaterThan(0);
    expect(result.error.from).toBe(before.status);
    expect(result.error.event).toBe(type);
    return;
  }
  expect(lifecycleViolations(result.ticket)).toEqual([]);
  for (const event of result.events) {
    const stored = { ...event, id: 'evt_1', ticket_id: result.ticket.id };
    expect(ticketEventSchema.safeParse(stored).success).toBe(true);
    expect(event.at).toBe(result.ticket.updated_at);
  }
  if (result.ticket.status !== before.status) {
    expect(result.events.filter((event) => event.kind === 'status_changed')).toHaveLength(1);
  }
}

// Property runs are CPU-bound; on a busy shared machine they need more than the default 5 s.
describe('transition: properties', { timeout: 60_000 }, () => {
  it('never reaches an illegal state, and every refusal says why', () => {
    fc.assert(
      fc.property(
        fc.array(stepArbitrary, { minLength: 5, maxLength: 60, size: 'large' }),
        (steps) => {
          let ticket = makeTicket();
          let now = start;
          for (const step of steps) {
            now += step.delay;
            const snapshot = JSON.stringify(ticket);
            if (step.kind === 'sweep') {
              for (const job of dueJobs(ticket, new Date(now))) {
                const result = applyDueJob(ticket, job, new Date(now));
                checkResult(
                  ticket,
                  snapshot,
                  result,
                  job.kind === 'reminder' ? 'send_reminder' : 'auto_resolve',
                );
                expect(result.ok).toBe(true);
                ticket = result.ok ? result.ticket : ticket;
              }
              continue;
            }
            const result = transition(ticket, step.event, new Date(now));
            checkResult(ticket, snapshot, result, step.event.type);
            if (result.ok) {
              ticket = result.ticket;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('offers a customer action exactly when the transition would be accepted', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 25 }), delayArbitrary, (steps, wait) => {
        let ticket = makeTicket();
        let now = start;
        for (const step of steps) {
          now += step.delay;
          if (step.kind === 'event') {
            const result = transition(ticket, step.event, new Date(now));
            ticket = result.ok ? result.ticket : ticket;
          }
        }
        const later = new Date(now + wait);
        const offered = allowedActions(ticket, later);
        const probes: Record<(typeof offered)[number], LifecycleEvent> = {
          reply: { type: 'reply', actor: customer },
          close: { type: 'close', actor: customer },
          reopen: { type: 'reopen', actor: customer },
          rate: { type: 'rate', score: 'bad', actor: customer },
        };
        for (const [action, event] of Object.entries(probes)) {
          expect(offered.includes(action as (typeof offered)[number])).toBe(
            transition(ticket, event, later).ok,
          );
        }
        if (ticket.merged_into !== null) {
          expect(offered).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
