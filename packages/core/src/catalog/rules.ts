import { z } from '../zod';

// Building blocks shared by the default categories and offered to vendors who define their own.
// Error messages are i18n message keys: formatValidationErrors() translates them.

/** Where "now" comes from for date rules; a test passes a fixed clock. */
export type Clock = () => Date;

export interface CatalogOptions {
  /** Clock used by date rules (future date, not in the future). Defaults to the system clock. */
  now?: Clock;
}

export const systemClock: Clock = () => new Date();

/** UTC-12: the last time zone where a new calendar day starts. */
const lastTimeZoneOffsetMs = 12 * 60 * 60 * 1000;

/** Allowance for clocks a little ahead of the server's when a time must not be in the future. */
const clockSkewMs = 5 * 60 * 1000;

/**
 * A required single-line or multi-line text: surrounding blanks do not count.
 *
 * @example
 * z.object({ steps_to_reproduce: requiredText(5000) });
 */
export function requiredText(max: number) {
  return z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
}

/**
 * An optional text (blank values are dropped by the category before validation).
 *
 * @example
 * z.object({ expected_behaviour: optionalText(5000) });
 */
export function optionalText(max: number) {
  return z.optional(z.string().check(z.trim(), z.maxLength(max)));
}

/**
 * A web address for people to open: http or https only (never javascript:, data:, file:).
 *
 * @example
 * z.object({ page_url: z.optional(webUrl()) });
 */
export function webUrl() {
  return z.url({ protocol: /^https?$/, hostname: /^[^\s/]+$/ }).check(z.maxLength(2048));
}

/** The UTC calendar date of an instant, as `YYYY-MM-DD`. */
function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * A calendar date (`YYYY-MM-DD`) after today. The server and the browser may not share a time
 * zone, so "today" is the date in UTC-12, the last zone to change date: a person's tomorrow is
 * never refused anywhere; far east of UTC, their own today can pass for part of the day.
 *
 * @example
 * z.object({ wanted_by: z.optional(futureDate(options.now)) });
 */
export function futureDate(now: Clock = systemClock) {
  return z.iso.date().check(
    z.refine(
      (value) =>
        !z.regexes.date.test(value) ||
        value > utcDate(new Date(now().getTime() - lastTimeZoneOffsetMs)),
      {
        // A malformed date already has its own message; this one is only about real dates.
        message: 'validation.date_not_in_future',
      },
    ),
  );
}

/**
 * An ISO date-time with offset that is not in the future (a few minutes of skew allowed). An
 * unparseable value gets only the format message.
 *
 * @example
 * z.object({ started_at: pastDateTime(options.now) });
 */
export function pastDateTime(now: Clock = systemClock) {
  return z.iso.datetime({ offset: true }).check(
    z.refine((value) => !(Date.parse(value) > now().getTime() + clockSkewMs), {
      message: 'validation.datetime_in_future',
    }),
  );
}

/**
 * A box that must be ticked (an acknowledgement), with the message for that case.
 *
 * @example
 * z.object({ irreversible_ack: mustTick() });
 */
export function mustTick(messageKey = 'validation.must_tick') {
  return z.literal(true, { error: messageKey });
}

/**
 * Attachment ids as returned by `POST /v1/attachments`; `min` makes a file required.
 *
 * @example
 * z.object({ screenshot: attachmentIds({ min: 1, messageKey: 'validation.screenshot_required' }) });
 */
export function attachmentIds(options: { min?: number; max?: number; messageKey?: string } = {}) {
  const { min = 0, max = 20, messageKey = 'validation.attachment_required' } = options;
  const ids = z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(max));
  return min > 0 ? ids.check(z.minLength(min, { message: messageKey })) : ids;
}

/** One employee an administrator asks about: who, their staff number, and their profile page. */
export const employeeSchema = z.object({
  name: requiredText(200),
  employee_number: requiredText(50),
  profile_url: webUrl(),
});
export type Employee = z.infer<typeof employeeSchema>;

/**
 * At least one employee (and a sane maximum for one request).
 *
 * @example
 * z.object({ employees: employeeList() });
 */
export function employeeList(max = 50) {
  return z
    .array(employeeSchema)
    .check(z.minLength(1, { message: 'validation.employees_min' }), z.maxLength(max));
}
