import { addWorkingMs, type SupportSchedule, workingMsBetween } from './business-hours';
import type { SlaState, SlaTargetState } from './sla-state';
import { isOpenStatus } from './status';
import type { Priority, Ticket } from './ticket';

// The SLA clock, recomputed from the ticket's SlaRecord at any `now`: nothing is stored but the
// facts (first response, clock start, pauses, stop), so changing a tenant's targets or support
// hours re-evaluates every ticket consistently.

const minuteMs = 60_000;

/** First-response and resolution targets per priority, in minutes; null means no target. */
export type SlaTargets = Record<
  Priority,
  { first_response_minutes: number | null; resolution_minutes: number | null }
>;

/**
 * Default targets, counted in the tenant's support hours when it has some (so "one day" for a
 * low-priority first response is 8 hours of a 9-to-5 team) or in calendar time otherwise.
 */
export const defaultSlaTargets: SlaTargets = {
  urgent: { first_response_minutes: 60, resolution_minutes: 8 * 60 },
  high: { first_response_minutes: 4 * 60, resolution_minutes: 24 * 60 },
  normal: { first_response_minutes: 8 * 60, resolution_minutes: 5 * 24 * 60 },
  low: { first_response_minutes: 24 * 60, resolution_minutes: 10 * 24 * 60 },
};

export type SlaOptions = { targets: SlaTargets; hours: SupportSchedule | null };

/**
 * The SLA state of a ticket at `now`. The first-response clock runs from creation until the
 * first agent reply (or until the ticket is resolved or closed without one). The resolution
 * clock runs from the first entry into `in_progress` or `escalated`, never counts its paused
 * intervals (waiting on customer, resolved not deployed, and the time a reopened ticket spent
 * resolved), and stops at resolution or closing. With support hours, only time inside them
 * counts.
 *
 * `due_at` of the first response is fixed (that clock never pauses); the resolution's is
 * projected from `now` while its clock runs, and null while it is paused, stopped or not started
 * (unless it was breached: then it is the breach time).
 *
 * @example
 * const sla = computeSla(ticket, new Date(), { targets: defaultSlaTargets, hours: null });
 * sla.resolution.clock; // 'paused' while waiting on the customer
 */
export function computeSla(ticket: Ticket, now: Date, options: SlaOptions): SlaState {
  const nowMs = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(nowMs)) {
    throw new RangeError('expected a valid Date');
  }
  const { targets, hours } = options;
  const target = targets[ticket.priority];
  const open = isOpenStatus(ticket.status);
  const sla = ticket.sla;

  const createdMs = Date.parse(ticket.created_at);
  const responseEnd =
    sla.first_response_at ?? (open ? null : (ticket.resolved_at ?? ticket.closed_at));
  const responseSegments = clip(
    [{ start: createdMs, end: responseEnd === null ? nowMs : Date.parse(responseEnd) }],
    nowMs,
  );
  const responseTarget = checkedTarget(target?.first_response_minutes, 'first_response_minutes');
  const firstResponse = targetState(
    responseSegments,
    responseTarget,
    sla.first_response_at !== null || !open ? 'stopped' : 'running',
    hours,
    nowMs,
    responseTarget === null ? null : addWorkingMs(createdMs, responseTarget * minuteMs, hours),
  );

  const resolutionTarget = checkedTarget(target?.resolution_minutes, 'resolution_minutes');
  let resolution: SlaTargetState;
  if (sla.clock_started_at === null) {
    resolution = targetState([], resolutionTarget, open ? 'not_started' : 'stopped', hours, nowMs);
  } else {
    const startMs = Date.parse(sla.clock_started_at);
    const endMs = sla.clock_stopped_at === null ? nowMs : Date.parse(sla.clock_stopped_at);
    const pauses = sla.paused_intervals.map((interval) => ({
      start: Date.parse(interval.start),
      end: interval.end === null ? Number.POSITIVE_INFINITY : Date.parse(interval.end),
    }));
    const clock =
      sla.clock_stopped_at !== null
        ? 'stopped'
        : sla.paused_intervals.some((interval) => interval.end === null)
          ? 'paused'
          : 'running';
    resolution = targetState(
      clip(runningSegments(startMs, endMs, pauses), nowMs),
      resolutionTarget,
      clock,
      hours,
      nowMs,
    );
  }
  return { first_response: firstResponse, resolution };
}

type Segment = { start: number; end: number };

/** The stretches of [startMs, endMs) outside every pause. */
function runningSegments(startMs: number, endMs: number, pauses: Segment[]): Segment[] {
  const segments: Segment[] = [];
  let cursor = startMs;
  for (const pause of [...pauses].sort((a, b) => a.start - b.start)) {
    if (pause.start > cursor) {
      segments.push({ start: cursor, end: Math.min(pause.start, endMs) });
    }
    cursor = Math.max(cursor, pause.end);
  }
  segments.push({ start: cursor, end: endMs });
  return segments;
}

/** Never counts the future: a record stamped after `now` (clock drift) counts up to `now`. */
function clip(segments: Segment[], nowMs: number): Segment[] {
  return segments
    .map((segment) => ({ start: segment.start, end: Math.min(segment.end, nowMs) }))
    .filter((segment) => segment.end > segment.start);
}

function targetState(
  segments: Segment[],
  targetMinutesValue: number | null,
  clock: SlaTargetState['clock'],
  hours: SupportSchedule | null,
  nowMs: number,
  fixedDueMs: number | null = null,
): SlaTargetState {
  const counted = segments.map((segment) => workingMsBetween(segment.start, segment.end, hours));
  const elapsedMs = counted.reduce((sum, ms) => sum + ms, 0);
  if (targetMinutesValue === null) {
    return {
      target_minutes: null,
      elapsed_minutes: elapsedMs / minuteMs,
      remaining_minutes: null,
      due_at: null,
      breached: false,
      breached_at: null,
      clock,
    };
  }
  const targetMs = targetMinutesValue * minuteMs;
  let breachedAtMs: number | null = null;
  if (elapsedMs > targetMs) {
    let before = 0;
    for (const [index, segment] of segments.entries()) {
      const inSegment = counted[index] ?? 0;
      if (before + inSegment >= targetMs) {
        breachedAtMs = addWorkingMs(segment.start, targetMs - before, hours);
        break;
      }
      before += inSegment;
    }
  }
  let dueMs: number | null = breachedAtMs ?? fixedDueMs;
  if (dueMs === null && clock === 'running') {
    dueMs = addWorkingMs(nowMs, targetMs - elapsedMs, hours);
  }
  return {
    target_minutes: targetMinutesValue,
    elapsed_minutes: elapsedMs / minuteMs,
    remaining_minutes: (targetMs - elapsedMs) / minuteMs,
    due_at: dueMs === null ? null : new Date(dueMs).toISOString(),
    breached: breachedAtMs !== null,
    breached_at: breachedAtMs === null ? null : new Date(breachedAtMs).toISOString(),
    clock,
  };
}

function checkedTarget(value: number | null | undefined, name: string): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`SLA target ${name} must be a positive whole number of minutes or null`);
  }
  return value;
}
