/**
 * A clock tests move by hand, so that "ten days later" takes no time.
 *
 * @example
 * const clock = manualClock('2026-03-02T09:00:00Z');
 * clock.advance({ days: 2 });
 * clock.now(); // 2026-03-04T09:00:00.000Z
 */
export interface ManualClock {
  now(): Date;
  set(at: Date | string): void;
  advance(by: { days?: number; hours?: number; minutes?: number; ms?: number }): Date;
}

export function manualClock(start: Date | string): ManualClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: ({ days = 0, hours = 0, minutes = 0, ms = 0 }) => {
      current += ((days * 24 + hours) * 60 + minutes) * 60_000 + ms;
      return new Date(current);
    },
  };
}
