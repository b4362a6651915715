import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  type SupportSchedule,
  type WeeklySupportHours,
  workingMinutesBetween,
  zonedToUtc,
} from './business-hours';

const utc = (iso: string) => new Date(iso);
const weekdays = [1, 2, 3, 4, 5];
const paris: WeeklySupportHours = {
  timezone: 'Europe/Paris',
  days: weekdays,
  start: '09:00',
  end: '18:00',
};
const newYork: WeeklySupportHours = { ...paris, timezone: 'America/New_York' };
const allDay = (timezone: string): WeeklySupportHours => ({
  timezone,
  days: [1, 2, 3, 4, 5, 6, 7],
  start: '00:00',
  end: '24:00',
});

describe('workingMinutesBetween', () => {
  it('counts calendar minutes without support hours', () => {
    expect(
      workingMinutesBetween(utc('2026-03-02T09:00:00Z'), utc('2026-03-03T09:30:00Z'), null),
    ).toBe(24 * 60 + 30);
  });

  it('is zero when the end is not after the start', () => {
    const instant = utc('2026-03-02T10:00:00Z');
    expect(workingMinutesBetween(instant, instant, paris)).toBe(0);
    expect(workingMinutesBetween(instant, utc('2026-03-02T09:00:00Z'), paris)).toBe(0);
  });

  // Each week runs from local Monday 00:00 to the next local Monday 00:00, across the change.
  it.each([
    ['Europe/Paris, spring', paris, '2026-03-22T23:00:00Z', '2026-03-29T22:00:00Z', 167],
    ['Europe/Paris, autumn', paris, '2026-10-18T22:00:00Z', '2026-10-25T23:00:00Z', 169],
    ['America/New_York, spring', newYork, '2026-03-02T05:00:00Z', '2026-03-09T04:00:00Z', 167],
    ['America/New_York, autumn', newYork, '2026-10-26T04:00:00Z', '2026-11-02T05:00:00Z', 169],
  ])(
    'counts exactly 45 hours of Mon-Fri 09:00-18:00 in the DST week (%s)',
    (_, hours, from, to, weekHours) => {
      expect(workingMinutesBetween(utc(from), utc(to), hours)).toBe(45 * 60);
      expect(workingMinutesBetween(utc(from), utc(to), allDay(hours.timezone))).toBe(
        weekHours * 60,
      );
    },
  );

  it.each([
    // Friday 13:00 CET -> Monday 14:00 CEST: 5 h on Friday, 5 h on Monday.
    [paris, '2026-03-27T12:00:00Z', '2026-03-30T12:00:00Z', 10 * 60],
    // Friday 14:00 CEST -> Monday 13:00 CET.
    [paris, '2026-10-23T12:00:00Z', '2026-10-26T12:00:00Z', 4 * 60 + 4 * 60],
    // Friday 14:00 EST -> Monday 15:00 EDT.
    [newYork, '2026-03-06T19:00:00Z', '2026-03-09T19:00:00Z', 4 * 60 + 6 * 60],
    // Friday 14:00 EDT -> Monday 13:00 EST.
    [newYork, '2026-10-30T18:00:00Z', '2026-11-02T18:00:00Z', 4 * 60 + 4 * 60],
  ])('uses the new offset right after a change (%#)', (hours, from, to, minutes) => {
    expect(workingMinutesBetween(utc(from), utc(to), hours)).toBe(minutes);
  });

  it('gives the DST Sunday 23 or 25 hours', () => {
    const sunday = (timezone: string): WeeklySupportHours => ({ ...allDay(timezone), days: [7] });
    const week = (from: string, to: string, timezone: string) =>
      workingMinutesBetween(utc(from), utc(to), sunday(timezone)) / 60;
    expect(week('2026-03-23T00:00:00Z', '2026-03-31T00:00:00Z', 'Europe/Paris')).toBe(23);
    expect(week('2026-10-19T00:00:00Z', '2026-10-27T00:00:00Z', 'Europe/Paris')).toBe(25);
    expect(week('2026-03-02T12:00:00Z', '2026-03-10T12:00:00Z', 'America/New_York')).toBe(23);
    expect(week('2026-10-26T12:00:00Z', '2026-11-03T12:00:00Z', 'America/New_York')).toBe(25);
  });

  it('counts a night window through the change as people live it', () => {
    const night: WeeklySupportHours = {
      timezone: 'Europe/Paris',
      days: [7],
      start: '01:00',
      end: '04:00',
    };
    const range = (from: string, to: string) => workingMinutesBetween(utc(from), utc(to), night);
    // 02:00-03:00 does not exist on 29 March; 02:00-03:00 happens twice on 25 October.
    expect(range('2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toBe(2 * 60);
    expect(range('2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toBe(4 * 60);
  });

  it('counts per-day windows, the shape of the API config (a short Saturday)', () => {
    const schedule: SupportSchedule = {
      timezone: 'Europe/Paris',
      days: [
        { day: 'friday', opens: '09:00', closes: '12:00' },
        { day: 'friday', opens: '14:00', closes: '18:00' },
        { day: 'saturday', opens: '10:00', closes: '12:00' },
      ],
    };
    // Friday 6 March 2026 00:00 to Monday 00:00, Paris (CET).
    expect(
      workingMinutesBetween(utc('2026-03-05T23:00:00Z'), utc('2026-03-08T23:00:00Z'), schedule),
    ).toBe((3 + 4 + 2) * 60);
  });

  it('does not count overlapping per-day windows twice', () => {
    const schedule: SupportSchedule = {
      timezone: 'UTC',
      days: [
        { day: 'monday', opens: '09:00', closes: '13:00' },
        { day: 'monday', opens: '12:00', closes: '14:00' },
      ],
    };
    expect(
      workingMinutesBetween(utc('2026-03-02T00:00:00Z'), utc('2026-03-03T00:00:00Z'), schedule),
    ).toBe(5 * 60);
  });

  it('refuses invalid support hours with a clear error', () => {
    const from = utc('2026-03-02T00:00:00Z');
    const to = utc('2026-03-03T00:00:00Z');
    expect(() => workingMinutesBetween(from, to, { ...paris, timezone: 'Mars/Olympus' })).toThrow(
      /timezone.*IANA/,
    );
    expect(() => workingMinutesBetween(from, to, { ...paris, end: '08:00' })).toThrow(
      /end must be later than start/,
    );
    expect(() => workingMinutesBetween(from, to, { ...paris, start: '9h' })).toThrow(/HH:MM/);
    expect(() => workingMinutesBetween(from, to, { ...paris, days: [0] })).toThrow(RangeError);
    expect(() => workingMinutesBetween(new Date(Number.NaN), to, paris)).toThrow(RangeError);
  });
});

describe('addWorkingMinutes', () => {
  it('adds calendar minutes without support hours', () => {
    expect(addWorkingMinutes(utc('2026-03-02T09:00:00Z'), 90, null)).toEqual(
      utc('2026-03-02T10:30:00Z'),
    );
  });

  it('skips the night and the weekend across a change of offset', () => {
    // Friday 17:59 CET + 2 minutes: Monday 09:01 CEST.
    expect(addWorkingMinutes(utc('2026-03-27T16:59:00Z'), 2, paris)).toEqual(
      utc('2026-03-30T07:01:00Z'),
    );
    // Friday 17:59 EDT + 2 minutes: Monday 09:01 EST.
    expect(addWorkingMinutes(utc('2026-10-30T21:59:00Z'), 2, newYork)).toEqual(
      utc('2026-11-02T14:01:00Z'),
    );
  });

  it('starts counting at opening time when asked before it', () => {
    expect(addWorkingMinutes(utc('2026-03-02T05:00:00Z'), 30, paris)).toEqual(
      utc('2026-03-02T08:30:00Z'),
    );
  });

  it('refuses a negative number of minutes', () => {
    expect(() => addWorkingMinutes(utc('2026-03-02T05:00:00Z'), -1, paris)).toThrow(RangeError);
  });
});

describe('zonedToUtc', () => {
  const wall = (iso: string) => Date.parse(`${iso}Z`);
  it('maps a repeated time to its first occurrence and a skipped time to the change', () => {
    expect(new Date(zonedToUtc(wall('2026-10-25T02:30:00'), 'Europe/Paris'))).toEqual(
      utc('2026-10-25T00:30:00Z'),
    );
    expect(new Date(zonedToUtc(wall('2026-03-29T02:30:00'), 'Europe/Paris'))).toEqual(
      utc('2026-03-29T01:00:00Z'),
    );
    expect(new Date(zonedToUtc(wall('2026-03-08T02:30:00'), 'America/New_York'))).toEqual(
      utc('2026-03-08T07:00:00Z'),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties, checked against a naive reference that asks Intl for the local weekday and time
// of every quarter hour.

const quarter = 15 * 60_000;
// Offsets and changes of these zones fall on quarter hours (Kathmandu +05:45, Chatham +12:45,
// Lord Howe's half-hour change); none changes offset after 04:00 local time.
const zones = [
  'Europe/Paris',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/Sao_Paulo',
  'UTC',
];
// Around each 2026 change in the zones above, and a quiet week.
const anchors = [
  '2026-03-08T00:00:00Z',
  '2026-03-29T00:00:00Z',
  '2026-04-05T00:00:00Z',
  '2026-09-27T00:00:00Z',
  '2026-10-04T00:00:00Z',
  '2026-10-25T00:00:00Z',
  '2026-11-01T00:00:00Z',
  '2026-06-15T00:00:00Z',
].map(Date.parse);

const weekdayNumbers: Record<string, number> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

function referenceMinutes(fromMs: number, toMs: number, hours: WeeklySupportHours): number {
  const format = new Intl.DateTimeFormat('en-GB', {
    timeZone: hours.timezone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const [startHour, startMinute] = hours.start.split(':').map(Number);
  const [endHour, endMinute] = hours.end.split(':').map(Number);
  const opens = (startHour ?? 0) * 60 + (startMinute ?? 0);
  const closes = (endHour ?? 0) * 60 + (endMinute ?? 0);
  let minutes = 0;
  for (let instant = fromMs; instant < toMs; instant += quarter) {
    const parts = format.formatToParts(new Date(instant));
    const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
    const local = Number(part('hour')) * 60 + Number(part('minute'));
    const weekday = weekdayNumbers[part('weekday')] ?? 0;
    if (hours.days.includes(weekday) && local >= opens && local < closes) {
      minutes += 15;
    }
  }
  return minutes;
}

const wallTime = (quarters: number) =>
  `${String(Math.floor(quarters / 4)).padStart(2, '0')}:${String((quarters % 4) * 15).padStart(2, '0')}`;

const hoursArbitrary: fc.Arbitrary<WeeklySupportHours> = fc
  .record({
    timezone: fc.constantFrom(...zones),
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    startQuarter: fc.integer({ min: 16, max: 95 }),
    length: fc.integer({ min: 1, max: 80 }),
  })
  .map(({ timezone, days, startQuarter, length }) => ({
    timezone,
    days,
    start: wallTime(startQuarter),
    end: wallTime(Math.min(96, startQuarter + length)),
  }));

/** A quarter-hour-aligned instant within five days of a DST change. */
const instantArbitrary = fc
  .tuple(fc.constantFrom(...anchors), fc.integer({ min: -5 * 96, max: 5 * 96 }))
  .map(([anchor, quarters]) => anchor + quarters * quarter);

// Property runs are CPU-bound; on a busy shared machine they need more than the default 5 s.
describe('support hours: properties', { timeout: 60_000 }, () => {
  it('agree with a quarter-hour walk through local time, across DST changes', () => {
    fc.assert(
      fc.property(
        hoursArbitrary,
        instantArbitrary,
        fc.integer({ min: 0, max: 4 * 96 }),
        (hours, from, span) => {
          const to = from + span * quarter;
          expect(workingMinutesBetween(new Date(from), new Date(to), hours)).toBe(
            referenceMinutes(from, to, hours),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('add what they count: counting up to addWorkingMinutes gives the minutes back', () => {
    fc.assert(
      fc.property(
        hoursArbitrary,
        instantArbitrary,
        fc.integer({ min: 1, max: 5 * 24 * 60 }),
        (hours, from, minutes) => {
          const start = new Date(from);
          const end = addWorkingMinutes(start, minutes, hours);
          expect(workingMinutesBetween(start, end, hours)).toBe(minutes);
          // The deadline is the earliest such instant: one minute earlier is not enough.
          expect(workingMinutesBetween(start, new Date(end.getTime() - 60_000), hours)).toBe(
            minutes - 1,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('count additively and never backwards', () => {
    fc.assert(
      fc.property(
        hoursArbitrary,
        fc.array(instantArbitrary, { minLength: 3, maxLength: 3 }),
        (hours, instants) => {
          const [a, b, c] = [...instants].sort((x, y) => x - y).map((ms) => new Date(ms)) as [
            Date,
            Date,
            Date,
          ];
          const ab = workingMinutesBetween(a, b, hours);
          const bc = workingMinutesBetween(b, c, hours);
          expect(ab).toBeGreaterThanOrEqual(0);
          expect(workingMinutesBetween(a, c, hours)).toBe(ab + bc);
        },
      ),
      { numRuns: 150 },
    );
  });
});
