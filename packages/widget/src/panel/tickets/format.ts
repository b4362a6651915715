// Dates and durations in the user's language, through Intl only (no date library). Formatters
// are cached per locale: building an Intl object costs more than using it, and a list of
// thousands of rows formats two dates per visible row at every scroll.

const cache = new Map<string, Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.RelativeTimeFormat | Intl.NumberFormat>(
  key: string,
  create: () => T,
): T {
  let formatter = cache.get(key);
  if (!formatter) {
    formatter = create();
    cache.set(key, formatter);
  }
  return formatter as T;
}

/**
 * A calendar date, with the time when `withTime` is set.
 *
 * @example
 * formatDate('2026-11-23T15:00:00Z', 'fr'); // '23 nov. 2026'
 */
export function formatDate(iso: string, locale: string, withTime = false): string {
  const formatter = cached(`date:${locale}:${withTime}`, () =>
    withTime
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
      : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }),
  );
  return formatter.format(new Date(iso));
}

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];

/**
 * How long ago (or in how long) from `now`, in words: "il y a 2 heures", "hier".
 *
 * @example
 * formatRelative('2026-11-23T13:00:00Z', new Date('2026-11-23T15:00:00Z'), 'fr'); // 'il y a 2 heures'
 */
export function formatRelative(iso: string, now: Date, locale: string): string {
  const formatter = cached(
    `relative:${locale}`,
    () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }),
  );
  const seconds = (Date.parse(iso) - now.getTime()) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) {
      return formatter.format(Math.round(seconds / size), unit);
    }
  }
  return formatter.format(0, 'minute');
}

function unit(locale: string, name: 'day' | 'hour' | 'minute', value: number): string {
  return cached(
    `unit:${locale}:${name}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }),
  ).format(value);
}

/**
 * A duration in minutes, rounded to its two largest units: "2 j 4 h", "3 h 15 min", "12 min".
 *
 * @example
 * formatDuration(195, 'fr'); // '3 h 15 min'
 */
export function formatDuration(totalMinutes: number, locale: string): string {
  const minutes = Math.max(0, Math.round(Math.abs(totalMinutes)));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) {
    return hours > 0
      ? `${unit(locale, 'day', days)} ${unit(locale, 'hour', hours)}`
      : unit(locale, 'day', days);
  }
  if (hours > 0) {
    return rest > 0
      ? `${unit(locale, 'hour', hours)} ${unit(locale, 'minute', rest)}`
      : unit(locale, 'hour', hours);
  }
  return unit(locale, 'minute', rest);
}

/**
 * A file size: "48 ko", "1,2 Mo".
 *
 * @example
 * formatSize(48_213, 'fr'); // '47 ko'
 */
export function formatSize(bytes: number, locale: string): string {
  const [name, value] =
    bytes >= 1_048_576
      ? (['megabyte', bytes / 1_048_576] as const)
      : bytes >= 1024
        ? (['kilobyte', bytes / 1024] as const)
        : (['byte', bytes] as const);
  return cached(
    `size:${locale}:${name}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'unit',
        unit: name,
        unitDisplay: 'short',
        maximumFractionDigits: 1,
      }),
  ).format(value);
}
