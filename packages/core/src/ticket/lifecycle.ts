import { z } from '../zod';
import type { CustomerAction } from './actions';
import { isOpenStatus, type TicketStatus } from './status';
import type {
  Author,
  ResolutionReason,
  SlaRecord,
  Ticket,
  TicketEvent,
  WaitingState,
} from './ticket';

// The ticket lifecycle as a pure state machine: the server applies it to store changes, the
// widget asks it which actions to offer. Time always comes in as `now`; nothing here reads a
// clock, touches the network or draws random numbers.

const dayMs = 86_400_000;

/**
 * Per-tenant delays of the lifecycle. Days are 24-hour periods (fractions allowed), counted
 * from the moment the ticket was resolved (reopen window) or started waiting (reminders and
 * auto-resolve).
 */
// Pure: a widget importing allowedActions does not carry the schema it never uses.
export const lifecyclePolicySchema = /* @__PURE__ */ z
  .object({
    /** How long after resolution the customer may still reopen the ticket. */
    reopenWindowDays: z.number().check(z.nonnegative(), z.lte(3650)),
    /** Reminders sent while waiting on the customer, in ascending order. */
    reminderDays: z.array(z.number().check(z.positive(), z.lte(3650))).check(z.maxLength(10)),
    /** When a ticket still waiting on the customer is resolved with reason `no_response`. */
    autoResolveDays: z.number().check(z.positive(), z.lte(3650)),
  })
  .check(
    z.refine((policy) => policy.reminderDays.every((day, i, all) => i === 0 || day > all[i - 1]!), {
      message: 'reminderDays must be strictly ascending',
      path: ['reminderDays'],
    }),
  );
export type LifecyclePolicy = z.infer<typeof lifecyclePolicySchema>;

/** The default delays: reopen within 7 days, remind at +2 and +5 days, auto-resolve at +10. */
export const defaultLifecyclePolicy: LifecyclePolicy = {
  reopenWindowDays: 7,
  reminderDays: [2, 5],
  autoResolveDays: 10,
};

/** Who caused a change, as recorded in the event log; lifecycle events default to it. */
export const systemAuthor: Author = { kind: 'system', id: null, name: 'system' };

/** Every event may say who did it (from verified claims); the system is assumed otherwise. */
type Acted = { actor?: Author };

/**
 * Something that happens to a ticket. Customer events: reply, close, reopen, rate. Agent
 * events: agent_reply, take, escalate, wait_for_customer, resolve, mark_resolved_not_deployed,
 * agent_close, merge, rename. System events (the waiting-on-customer sweep): send_reminder,
 * auto_resolve.
 */
export type LifecycleEvent =
  | ({ type: 'reply' } & Acted)
  /** The comment is for the server to store as a message; the lifecycle does not keep it. */
  | ({ type: 'close'; comment?: string } & Acted)
  | ({ type: 'reopen' } & Acted)
  | ({ type: 'rate'; score: 'good' | 'bad'; comment?: string } & Acted)
  | ({ type: 'agent_reply' } & Acted)
  | ({ type: 'take' } & Acted)
  | ({ type: 'escalate' } & Acted)
  | ({ type: 'wait_for_customer' } & Acted)
  | ({ type: 'resolve'; reason: ResolutionReason; duplicate_of?: string } & Acted)
  | ({ type: 'mark_resolved_not_deployed' } & Acted)
  | ({ type: 'agent_close' } & Acted)
  | ({ type: 'merge'; into: { id: string; number: number } } & Acted)
  | ({ type: 'rename'; subject: string } & Acted)
  | ({ type: 'send_reminder'; reminder: number } & Acted)
  | ({ type: 'auto_resolve' } & Acted);
export type LifecycleEventType = LifecycleEvent['type'];

const customerEventTypes: ReadonlySet<LifecycleEventType> = new Set([
  'reply',
  'close',
  'reopen',
  'rate',
]);

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event of the ticket's log before the server stores it (and gives it `id`, `ticket_id`). */
export type TicketEventDraft = DistributiveOmit<TicketEvent, 'id' | 'ticket_id'>;

/** Why a transition was refused; stable snake_case codes that the UI translates. */
export const transitionErrorCodes = [
  'not_allowed_in_status',
  'not_allowed_for_actor',
  'ticket_merged',
  'reopen_window_passed',
  'already_rated',
  'not_resolved_yet',
  'duplicate_target_required',
  'duplicate_target_unexpected',
  'cannot_merge_into_itself',
  'merge_target_invalid',
  'subject_invalid',
  'subject_unchanged',
  'comment_too_long',
  'reminder_not_due',
  'reminder_already_sent',
  'auto_resolve_not_due',
] as const;
export type TransitionErrorCode = (typeof transitionErrorCodes)[number];

export type TransitionError = {
  code: TransitionErrorCode;
  from: TicketStatus;
  event: LifecycleEventType;
  /** Plain English for logs; people read the translation of `code`. */
  message: string;
};

export type TransitionResult =
  | { ok: true; ticket: Ticket; events: TicketEventDraft[] }
  | { ok: false; error: TransitionError };

const subjectMaxLength = 200;
const commentMaxLength = 2000;
const idMaxLength = 64;

/** What every ticket holds at the moment it is filed, whoever files it. */
export type FiledTicketState = Pick<
  Ticket,
  | 'status'
  | 'resolution'
  | 'sla'
  | 'waiting'
  | 'created_at'
  | 'updated_at'
  | 'last_activity_at'
  | 'resolved_at'
  | 'closed_at'
  | 'rating'
  | 'merged_into'
>;

/**
 * The lifecycle of a ticket filed at `at`: `new`, unresolved, its SLA clock not started yet (it
 * starts when an agent takes the ticket), nothing rated or merged. The server files tickets with
 * it; fixtures start from it so they cannot drift from what the server stores.
 *
 * @example
 * const ticket: Ticket = { ...identity, ...filedTicketState(new Date().toISOString()) };
 */
export function filedTicketState(at: string): FiledTicketState {
  return {
    status: 'new',
    resolution: null,
    sla: {
      first_response_at: null,
      clock_started_at: null,
      paused_intervals: [],
      clock_stopped_at: null,
    },
    waiting: null,
    created_at: at,
    updated_at: at,
    last_activity_at: at,
    resolved_at: null,
    closed_at: null,
    rating: null,
    merged_into: null,
  };
}

/**
 * Applies one event to a ticket. Returns the new ticket and the events to record, or the reason
 * the event is refused (the ticket is then unchanged: nothing to store).
 *
 * Times: every change is stamped with `now`, or with the ticket's `updated_at` if `now` is
 * earlier (clocks of several servers drift), so recorded times never go backwards.
 *
 * @example
 * const result = transition(ticket, { type: 'take', actor: agent }, new Date());
 * if (result.ok) {
 *   await store.save(result.ticket, result.events);
 * } else {
 *   log.warn(result.error.message); // people read t(`transition_error.${result.error.code}`)
 * }
 */
export function transition(
  ticket: Ticket,
  event: LifecycleEvent,
  now: Date,
  policy: LifecyclePolicy = defaultLifecyclePolicy,
): TransitionResult {
  assertValidDate(now);
  const from = ticket.status;
  const refuse = (code: TransitionErrorCode, message: string): TransitionResult => ({
    ok: false,
    error: { code, from, event: event.type, message },
  });
  const actor = event.actor ?? systemAuthor;
  if (actor.kind === 'customer' && !customerEventTypes.has(event.type)) {
    return refuse('not_allowed_for_actor', `a customer cannot ${event.type} a ticket`);
  }
  const at = laterOf(now, ticket.updated_at);
  const change = new Change(ticket, at, actor);
  const open = isOpenStatus(from);
  const notInStatus = () =>
    refuse('not_allowed_in_status', `cannot ${event.type} a ${from} ticket`);

  switch (event.type) {
    case 'reply': {
      if (ticket.merged_into !== null) {
        return refuse('ticket_merged', 'the ticket was merged into another one');
      }
      if (!open) {
        return notInStatus();
      }
      if (from === 'waiting_on_customer') {
        change.moveTo('in_progress');
      }
      return change.done();
    }
    case 'close': {
      if (ticket.merged_into !== null) {
        return refuse('ticket_merged', 'the ticket was merged into another one');
      }
      if (from === 'closed') {
        return notInStatus();
      }
      change.close();
      return change.done();
    }
    case 'reopen': {
      if (ticket.merged_into !== null) {
        return refuse('ticket_merged', 'the ticket was merged into another one');
      }
      if (open || from === 'closed') {
        return refuse('not_allowed_in_status', `only a resolved ticket can be reopened`);
      }
      const resolvedAt = ticket.resolved_at === null ? Number.NaN : Date.parse(ticket.resolved_at);
      // A resolved ticket without a resolution time is treated as out of its window.
      if (!(now.getTime() - resolvedAt <= policy.reopenWindowDays * dayMs)) {
        return refuse(
          'reopen_window_passed',
          `the ticket can only be reopened within ${policy.reopenWindowDays} days of its resolution`,
        );
      }
      change.ticket.resolution = null;
      change.ticket.resolved_at = null;
      change.moveTo('in_progress');
      return change.done();
    }
    case 'rate': {
      if (ticket.merged_into !== null) {
        return refuse('ticket_merged', 'the ticket was merged into another one');
      }
      if (open) {
        return refuse('not_resolved_yet', 'a ticket can be rated once it is resolved');
      }
      if (ticket.rating !== null) {
        return refuse('already_rated', 'the ticket was already rated');
      }
      const comment = event.comment?.trim() ?? '';
      if (comment.length > commentMaxLength) {
        return refuse('comment_too_long', `the comment exceeds ${commentMaxLength} characters`);
      }
      change.ticket.rating = {
        score: event.score,
        comment: comment === '' ? null : comment,
        rated_at: at,
      };
      change.record({ kind: 'rated', score: event.score });
      return change.done();
    }
    case 'agent_reply': {
      if (from === 'closed') {
        return notInStatus();
      }
      if (change.ticket.sla.first_response_at === null) {
        change.ticket.sla.first_response_at = at;
      }
      return change.done();
    }
    case 'take': {
      if (!open || from === 'in_progress') {
        return notInStatus();
      }
      change.moveTo('in_progress');
      return change.done();
    }
    case 'escalate': {
      if (!open || from === 'escalated') {
        return notInStatus();
      }
      change.moveTo('escalated');
      return change.done();
    }
    case 'wait_for_customer': {
      if (!open || from === 'waiting_on_customer') {
        return notInStatus();
      }
      change.moveTo('waiting_on_customer');
      return change.done();
    }
    case 'mark_resolved_not_deployed': {
      if (!open || from === 'resolved_not_deployed') {
        return notInStatus();
      }
      change.moveTo('resolved_not_deployed');
      return change.done();
    }
    case 'resolve': {
      if (!open) {
        return notInStatus();
      }
      let duplicateOf: string | null = null;
      if (event.reason === 'duplicate') {
        const target = event.duplicate_of?.trim() ?? '';
        if (target === '' || target.length > idMaxLength) {
          return refuse(
            'duplicate_target_required',
            'a duplicate needs the id of the ticket it duplicates',
          );
        }
        if (target === ticket.id) {
          return refuse('cannot_merge_into_itself', 'a ticket cannot duplicate itself');
        }
        duplicateOf = target;
      } else if (event.duplicate_of !== undefined) {
        return refuse(
          'duplicate_target_unexpected',
          `a ticket resolved as ${event.reason} does not duplicate another one`,
        );
      }
      change.resolve({ reason: event.reason, duplicate_of: duplicateOf });
      return change.done();
    }
    case 'agent_close': {
      if (from === 'closed') {
        return notInStatus();
      }
      change.close();
      return change.done();
    }
    case 'merge': {
      if (ticket.merged_into !== null) {
        return refuse('ticket_merged', 'the ticket was already merged into another one');
      }
      if (!open) {
        return notInStatus();
      }
      const { id, number } = event.into;
      if (typeof id !== 'string' || id.trim() === '' || id.length > idMaxLength) {
        return refuse('merge_target_invalid', 'the ticket to merge into needs an id');
      }
      if (!Number.isInteger(number) || number < 1) {
        return refuse('merge_target_invalid', 'the ticket to merge into needs a positive number');
      }
      if (id === ticket.id || number === ticket.number) {
        return refuse('cannot_merge_into_itself', 'a ticket cannot be merged into itself');
      }
      change.ticket.merged_into = id;
      change.record({ kind: 'merged', into: id, into_number: number });
      change.resolve({ reason: 'duplicate', duplicate_of: id });
      return change.done();
    }
    case 'rename': {
      const subject = typeof event.subject === 'string' ? event.subject.trim() : '';
      if (subject === '' || subject.length > subjectMaxLength) {
        return refuse(
          'subject_invalid',
          `a subject needs 1 to ${subjectMaxLength} characters besides spaces`,
        );
      }
      if (subject === ticket.subject) {
        return refuse('subject_unchanged', 'the ticket already has this subject');
      }
      change.ticket.subject = subject;
      change.record({ kind: 'renamed', from: ticket.subject, to: subject });
      return change.done();
    }
    case 'send_reminder': {
      const waiting = ticket.waiting;
      if (from !== 'waiting_on_customer' || waiting === null) {
        return notInStatus();
      }
      const reminder = event.reminder;
      if (!Number.isInteger(reminder) || reminder < 1 || reminder > policy.reminderDays.length) {
        return refuse('reminder_not_due', `the policy has no reminder number ${reminder}`);
      }
      if (reminder <= waiting.reminders_sent) {
        return refuse('reminder_already_sent', `reminder ${reminder} was already handled`);
      }
      const dueAt = Date.parse(waiting.since) + policy.reminderDays[reminder - 1]! * dayMs;
      if (now.getTime() < dueAt) {
        return refuse('reminder_not_due', `reminder ${reminder} is due at ${iso(dueAt)}`);
      }
      if (now.getTime() >= Date.parse(waiting.since) + policy.autoResolveDays * dayMs) {
        return refuse('reminder_not_due', 'the ticket is due for auto-resolution, not a reminder');
      }
      change.ticket.waiting = { since: waiting.since, reminders_sent: reminder };
      change.record({ kind: 'reminder_sent', reminder });
      return change.done();
    }
    case 'auto_resolve': {
      const waiting = ticket.waiting;
      if (from !== 'waiting_on_customer' || waiting === null) {
        return notInStatus();
      }
      const dueAt = Date.parse(waiting.since) + policy.autoResolveDays * dayMs;
      if (now.getTime() < dueAt) {
        return refuse('auto_resolve_not_due', `auto-resolution is due at ${iso(dueAt)}`);
      }
      change.resolve({ reason: 'no_response', duplicate_of: null });
      return change.done();
    }
    default:
      // Unreachable from typed code; events built from untyped input fail loudly.
      event satisfies never;
      throw new TypeError(
        `unknown lifecycle event type: ${String((event as { type: unknown }).type)}`,
      );
  }
}

// The customer actions, each tried as the event the widget would send.
const customerProbes: Record<CustomerAction, LifecycleEvent> = {
  reply: { type: 'reply' },
  close: { type: 'close' },
  reopen: { type: 'reopen' },
  rate: { type: 'rate', score: 'good' },
};

/**
 * What a customer may do on the ticket now, in the order of `customerActions`. Derived from
 * `transition` itself, so the widget never offers an action the server would refuse.
 *
 * @example
 * allowedActions(ticket, new Date()); // ['reopen', 'close', 'rate'] for a ticket resolved today
 */
export function allowedActions(
  ticket: Ticket,
  now: Date,
  policy: LifecyclePolicy = defaultLifecyclePolicy,
): CustomerAction[] {
  const order: CustomerAction[] = ['reply', 'close', 'reopen', 'rate'];
  return order.filter((action) => transition(ticket, customerProbes[action], now, policy).ok);
}

type RunningState = 'not_started' | 'running' | 'paused' | 'stopped';

function clockOf(status: TicketStatus): RunningState {
  switch (status) {
    case 'new':
      return 'not_started';
    case 'in_progress':
    case 'escalated':
      return 'running';
    case 'waiting_on_customer':
    case 'resolved_not_deployed':
      return 'paused';
    case 'resolved':
    case 'closed':
      return 'stopped';
    default:
      return status satisfies never;
  }
}

/** A ticket being changed: copies what it touches, collects the events to record. */
class Change {
  readonly ticket: Ticket;
  readonly events: TicketEventDraft[] = [];
  readonly #at: string;
  readonly #actor: Author;

  constructor(original: Ticket, at: string, actor: Author) {
    this.#at = at;
    this.#actor = actor;
    this.ticket = {
      ...original,
      sla: copySla(original.sla),
      waiting: original.waiting === null ? null : { ...original.waiting },
    };
  }

  record(event: DistributiveOmit<TicketEventDraft, 'at' | 'actor'>): void {
    this.events.push({ ...event, at: this.#at, actor: this.#actor } as TicketEventDraft);
  }

  /** Moves to another status, keeping the SLA record and waiting state consistent with it. */
  moveTo(to: TicketStatus): void {
    const from = this.ticket.status;
    const sla = this.ticket.sla;
    const at = this.#at;
    this.ticket.status = to;
    this.record({ kind: 'status_changed', from, to, resolution: this.ticket.resolution });
    const clock = clockOf(to);
    switch (clock) {
      case 'running': {
        if (sla.clock_started_at === null) {
          sla.clock_started_at = at;
        } else if (sla.clock_stopped_at !== null) {
          // A reopened ticket resumes its clock; the time spent resolved counts as a pause.
          sla.paused_intervals.push({ start: sla.clock_stopped_at, end: at });
          sla.clock_stopped_at = null;
          this.record({ kind: 'sla_resumed' });
        } else if (closeOpenPause(sla, at)) {
          this.record({ kind: 'sla_resumed' });
        }
        break;
      }
      case 'paused': {
        const running =
          sla.clock_started_at !== null &&
          sla.clock_stopped_at === null &&
          sla.paused_intervals.every((interval) => interval.end !== null);
        if (running) {
          sla.paused_intervals.push({ start: at, end: null });
          this.record({ kind: 'sla_paused' });
        }
        break;
      }
      case 'stopped': {
        if (sla.clock_started_at !== null && sla.clock_stopped_at === null) {
          closeOpenPause(sla, at);
          sla.clock_stopped_at = at;
        }
        break;
      }
      case 'not_started':
        break;
      default:
        clock satisfies never;
    }
    this.ticket.waiting =
      to === 'waiting_on_customer'
        ? ({ since: at, reminders_sent: 0 } satisfies WaitingState)
        : null;
  }

  resolve(resolution: NonNullable<Ticket['resolution']>): void {
    this.ticket.resolution = resolution;
    this.ticket.resolved_at = this.#at;
    this.moveTo('resolved');
  }

  close(): void {
    this.ticket.closed_at = this.#at;
    this.moveTo('closed');
  }

  done(): TransitionResult {
    this.ticket.updated_at = this.#at;
    this.ticket.last_activity_at = this.#at;
    return { ok: true, ticket: this.ticket, events: this.events };
  }
}

function copySla(sla: SlaRecord): SlaRecord {
  return { ...sla, paused_intervals: sla.paused_intervals.map((interval) => ({ ...interval })) };
}

/** Ends the pause in progress, if any; tells whether there was one. */
function closeOpenPause(sla: SlaRecord, at: string): boolean {
  const last = sla.paused_intervals.at(-1);
  if (last !== undefined && last.end === null) {
    last.end = at;
    return true;
  }
  return false;
}

function laterOf(now: Date, isoTime: string): string {
  const recorded = Date.parse(isoTime);
  return iso(Number.isNaN(recorded) ? now.getTime() : Math.max(now.getTime(), recorded));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function assertValidDate(date: Date): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError('expected a valid Date');
  }
}
