import { z } from '../zod';

// Support-hours arithmetic in the tenant's IANA time zone, with Intl only. Each support window
// is a local wall-clock range on a local date; it is turned into UTC instants with the offset the
// zone has on that date, so a window that contains a daylight-saving change is an hour shorter
// or longer, as the people working it experience it.

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** Enough for any SLA target; stops a runaway search with a clear error instead of a hang. */
const maxSearchDays = 366 * 20;
/** About ten years of days per support-hours object, a few hundred kilobytes at most. */
const maxCachedDays = 4000;

const wallClock = z
  .string()
  .check(z.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM'));
const timezone = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(64),
    z.refine(isTimeZone, 'expected an IANA time zone such as Europe/Paris'),
  );

/**
 * Support hours as one window repeated on each listed weekday (1 = Monday ... 7 = Sunday), in
 * local time of `timezone`. `end` may be `24:00`; a window does not cross midnight.
 */
export const weeklySupportHoursSchema = z
  .object({
    timezone,
    days: z.array(z.int().check(z.gte(1), z.lte(7))).check(z.minLength(1), z.maxLength(7)),
    start: wallClock,
    end: wallClock,
  })
  .check(
    z.refine((hours) => minutesOfDay(hours.start) < minutesOfDay(hours.end), {
      message: 'end must be later than start on the same day',
      path: ['end'],
    }),
  );
export type WeeklySupportHours = z.infer<typeof weeklySupportHoursSchema>;

const weekdayNames = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/** Support hours as windows per named weekday: the API's `support_hours` (contract). */
const dailySupportHoursSchema = z.object({
  timezone,
  days: z
    .array(
      z.object({ day: z.enum(weekdayNames), opens: wallClock, closes: wallClock }).check(
        z.refine((window) => minutesOfDay(window.opens) < minutesOfDay(window.closes), {
          message: 'closes must be later than opens on the same day',
          path: ['closes'],
        }),
      ),
    )
    .check(z.minLength(1), z.maxLength(21)),
});
type DailySupportHours = z.infer<typeof dailySupportHoursSchema>;

/**
 * The support hours the SLA clock can count in: a weekly window (`WeeklySupportHours`) or
 * windows per weekday (the API's `SupportHours`, which allows a short Saturday). Pass `null` to
 * count calendar time.
 */
export type SupportSchedule = WeeklySupportHours | DailySupportHours;

/**
 * Minutes counted between two instants: all of them (`hours` null: calendar time, 24/7) or
 * only those inside support hours. Zero when `end` is not after `start`.
 *
 * @example
 * const hours = { timezone: 'Europe/Paris', days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
 * workingMinutesBetween(new Date('2026-03-27T16:00:00Z'), new Date('2026-03-30T08:00:00Z'), hours);
 * // 120: Friday 17:00-18:00 and Monday 09:00-10:00, Paris time
 */
export function workingMinutesBetween(
  start: Date,
  end: Date,
  hours: SupportSchedule | null,
): number {
  return workingMsBetween(validTime(start), validTime(end), hours) / minuteMs;
}

/**
 * The instant at which `minutes` minutes will have been counted from `start`: in calendar time
 * (`hours` null) or in support hours, skipping nights, closed days and daylight-saving gaps.
 *
 * @example
 * const hours = { timezone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
 * addWorkingMinutes(new Date('2026-11-06T21:00:00Z'), 120, hours);
 * // Monday 2026-11-09 10:00 New York time, after the Friday evening and the weekend
 */
export function addWorkingMinutes(
  start: Date,
  minutes: number,
  hours: SupportSchedule | null,
): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`expected a non-negative number of minutes, got ${minutes}`);
  }
  return new Date(addWorkingMs(validTime(start), Math.round(minutes * minuteMs), hours));
}

/** Working milliseconds in [startMs, endMs). */
export function workingMsBetween(
  startMs: number,
  endMs: number,
  hours: SupportSchedule | null,
): number {
  if (!(endMs > startMs)) {
    return 0;
  }
  if (hours === null) {
    return endMs - startMs;
  }
  const zone = compile(hours);
  const lastDay = localDayNumber(endMs, zone.timezone);
  let total = 0;
  for (let day = localDayNumber(startMs, zone.timezone); day <= lastDay; day += 1) {
    for (const window of windowsOn(day, zone)) {
      total += Math.max(0, Math.min(endMs, window.end) - Math.max(startMs, window.start));
    }
  }
  return total;
}

/** The instant when `ms` working milliseconds will have been counted from `startMs`. */
export function addWorkingMs(startMs: number, ms: number, hours: SupportSchedule | null): number {
  if (hours === null || ms === 0) {
    return startMs + ms;
  }
  const zone = compile(hours);
  let left = ms;
  const firstDay = localDayNumber(startMs, zone.timezone);
  for (let day = firstDay; day <= firstDay + maxSearchDays; day += 1) {
    for (const window of windowsOn(day, zone)) {
      const from = Math.max(startMs, window.start);
      const available = window.end - from;
      if (available <= 0) {
        continue;
      }
      if (left <= available) {
        return from + left;
      }
      left -= available;
    }
  }
  throw new RangeError(`no support hours found within ${maxSearchDays} days`);
}

type Window = { start: number; end: number };
type CompiledHours = {
  timezone: string;
  /** Minutes-of-day windows per ISO weekday, sorted and without overlaps. */
  windows: ReadonlyMap<number, readonly Window[]>;
  /** UTC windows already computed, per local day: SLA lists ask for the same days again. */
  utcWindows: Map<number, Window[]>;
};

// Validated once per distinct schedule (by value, so a server may rebuild the object per
// request): an SLA computation asks for many windows.
const compiled = new Map<string, CompiledHours>();
const maxCachedSchedules = 256;

function compile(hours: SupportSchedule): CompiledHours {
  const key = JSON.stringify(hours);
  const known = compiled.get(key);
  if (known !== undefined) {
    return known;
  }
  const daily = Array.isArray(hours.days) && hours.days.some((day) => typeof day === 'object');
  const parsed = daily
    ? dailySupportHoursSchema.safeParse(hours)
    : weeklySupportHoursSchema.safeParse(hours);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(
      `invalid support hours: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  const perDay = new Map<number, Window[]>();
  const add = (weekday: number, start: string, end: string) => {
    const list = perDay.get(weekday) ?? [];
    list.push({ start: minutesOfDay(start), end: minutesOfDay(end) });
    perDay.set(weekday, list);
  };
  const value = parsed.data;
  if ('start' in value) {
    for (const weekday of value.days) {
      add(weekday, value.start, value.end);
    }
  } else {
    for (const window of value.days) {
      add(weekdayNames.indexOf(window.day) + 1, window.opens, window.closes);
    }
  }
  const windows = new Map<number, Window[]>();
  for (const [weekday, list] of perDay) {
    windows.set(weekday, mergeWindows(list));
  }
  const result: CompiledHours = { timezone: value.timezone, windows, utcWindows: new Map() };
  if (compiled.size >= maxCachedSchedules) {
    compiled.clear();
  }
  compiled.set(key, result);
  return result;
}

/** Overlapping or touching windows of a day become one, so no minute counts twice. */
function mergeWindows(list: Window[]): Window[] {
  const merged: Window[] = [];
  for (const window of [...list].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last !== undefined && window.start <= last.end) {
      last.end = Math.max(last.end, window.end);
    } else {
      merged.push({ ...window });
    }
  }
  return merged;
}

/** The support windows (UTC instants) of a local date, given as days since 1970-01-01. */
function windowsOn(day: number, zone: CompiledHours): Window[] {
  const known = zone.utcWindows.get(day);
  if (known !== undefined) {
    return known;
  }
  // 1970-01-01 was a Thursday (ISO weekday 4).
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  const midnight = day * dayMs;
  const windows = (zone.windows.get(weekday) ?? []).map((window) => ({
    start: zonedToUtc(midnight + window.start * minuteMs, zone.timezone),
    end: zonedToUtc(midnight + window.end * minuteMs, zone.timezone),
  }));
  if (zone.utcWindows.size >= maxCachedDays) {
    zone.utcWindows.clear();
  }
  zone.utcWindows.set(day, windows);
  return windows;
}

/**
 * The UTC instant of a local wall-clock time (given as if it were UTC). A time repeated by an
 * autumn change maps to its first occurrence. A time skipped by a spring change maps to the
 * instant of the change: support opening at 02:30 on that night is open from 03:00, the first
 * local time at or after 02:30 that exists.
 */
export function zonedToUtc(wallMs: number, timezone: string): number {
  const before = offsetAt(wallMs - dayMs, timezone);
  const after = offsetAt(wallMs + dayMs, timezone);
  const candidates = [wallMs - before, wallMs - after].filter(
    (instant) => instant + offsetAt(instant, timezone) === wallMs,
  );
  if (candidates.length > 0) {
    return Math.min(...candidates);
  }
  // In a gap: the change happened between these two instants; find it to the second (zones
  // change offsets on whole seconds).
  let lowSecond = Math.floor((wallMs - after) / 1000);
  let highSecond = Math.ceil((wallMs - before) / 1000);
  while (highSecond - lowSecond > 1) {
    const middle = Math.floor((lowSecond + highSecond) / 2);
    if (offsetAt(middle * 1000, timezone) === before) {
      lowSecond = middle;
    } else {
      highSecond = middle;
    }
  }
  return highSecond * 1000;
}

/** The zone's offset from UTC at an instant, in milliseconds (Paris in summer: +7,200,000). */
export function offsetAt(instantMs: number, timezone: string): number {
  // Intl is slow (microseconds per call) and offsets change at most a few times a year: remember
  // each UTC day's offset when it is the same at both ends of the day, ask Intl otherwise.
  let days = dayOffsets.get(timezone);
  if (days === undefined) {
    days = new Map();
    dayOffsets.set(timezone, days);
  }
  const day = Math.floor(instantMs / dayMs);
  let offset = days.get(day);
  if (offset === undefined) {
    const atStart = exactOffsetAt(day * dayMs, timezone);
    const atEnd = exactOffsetAt((day + 1) * dayMs - 1000, timezone);
    offset = atStart === atEnd ? atStart : null;
    if (days.size >= maxCachedDays) {
      days.clear();
    }
    days.set(day, offset);
  }
  return offset ?? exactOffsetAt(instantMs, timezone);
}

/** Per time zone: the offset of each UTC day, or null on a day the offset changes. */
const dayOffsets = new Map<string, Map<number, number | null>>();

function exactOffsetAt(instantMs: number, timezone: string): number {
  const wholeSeconds = Math.floor(instantMs / 1000) * 1000;
  return wallClockOf(wholeSeconds, timezone) - wholeSeconds;
}

/** The local date of an instant, as days since 1970-01-01. */
function localDayNumber(instantMs: number, timezone: string): number {
  return Math.floor((instantMs + offsetAt(instantMs, timezone)) / dayMs);
}

/** The local wall-clock time of an instant, expressed as if it were a UTC timestamp. */
function wallClockOf(instantMs: number, timezone: string): number {
  const parts = formatter(timezone).formatToParts(new Date(instantMs));
  const value = (type: Intl.DateTimeFormatPartTypes): number => {
    const part = parts.find((candidate) => candidate.type === type);
    return part === undefined ? 0 : Number(part.value);
  };
  const year = value('year');
  const era = parts.find((part) => part.type === 'era')?.value;
  return Date.UTC(
    era === 'BC' ? 1 - year : year,
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
    ((instantMs % 1000) + 1000) % 1000,
  );
}

// Building a DateTimeFormat is far slower than using one; they are immutable, so share them.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let format = formatters.get(timezone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, format);
  }
  return format;
}

function isTimeZone(timezone: string): boolean {
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
}

function minutesOfDay(wallTime: string): number {
  const [hoursPart = '0', minutesPart = '0'] = wallTime.split(':');
  return Number(hoursPart) * 60 + Number(minutesPart);
}

function validTime(date: Date): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError('expected a valid Date');
  }
  return ms;
}
