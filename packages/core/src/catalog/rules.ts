import { z } from 'zod';

// Building blocks shared by the default categories and offered to vendors who define their own.
// Error messages are i18n message keys: formatValidationErrors() translates them.

/** Where "now" comes from for date rules; a test passes a fixed clock. */
export type Clock = () => Date;

export interface CatalogOptions {
  /** Clock used by date rules (future date, not in the future). Defaults to the system clock. */
  now?: Clock;
}

export const systemClock: Clock = () => new Date();

/** Allowance for clocks a little ahead of the server's when a time must not be in the future. */
const clockSkewMs = 5 * 60 * 1000;

/** A required single-line or multi-line text: surrounding blanks do not count. */
export function requiredText(max: number) {
  return z.string().trim().min(1).max(max);
}

/** An optional text (blank values are dropped by the category before validation). */
export function optionalText(max: number) {
  return z.string().trim().max(max).optional();
}

/** A web address for people to open: http or https only (never javascript:, data:, file:). */
export function webUrl() {
  return z.url({ protocol: /^https?$/, hostname: /^[^\s/]+$/ }).max(2048);
}

/** The UTC calendar date of an instant, as `YYYY-MM-DD`. */
function utcDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/**
 * A calendar date (`YYYY-MM-DD`) strictly after today. "Today" is the UTC date of the clock: a
 * date picked as tomorrow anywhere in the world is accepted.
 */
export function futureDate(now: Clock = systemClock) {
  return z.iso.date().refine((value) => !z.regexes.date.test(value) || value > utcDate(now()), {
    // A malformed date already has its own message; this one is only about real dates.
    message: 'validation.date_not_in_future',
  });
}

/**
 * An ISO date-time with offset that is not in the future (a few minutes of skew allowed). An
 * unparseable value gets only the format message.
 */
export function pastDateTime(now: Clock = systemClock) {
  return z.iso
    .datetime({ offset: true })
    .refine((value) => !(Date.parse(value) > now().getTime() + clockSkewMs), {
      message: 'validation.datetime_in_future',
    });
}

/** A box that must be ticked (an acknowledgement), with the message for that case. */
export function mustTick(messageKey = 'validation.must_tick') {
  return z.literal(true, { error: messageKey });
}

/** Attachment ids as returned by `POST /v1/attachments`. */
export function attachmentIds(options: { min?: number; max?: number; messageKey?: string } = {}) {
  const { min = 0, max = 20, messageKey = 'validation.attachment_required' } = options;
  const ids = z.array(z.string().min(1).max(64)).max(max);
  return min > 0 ? ids.min(min, { message: messageKey }) : ids;
}

/** One employee an administrator asks about: who, their staff number, and their profile page. */
export const employeeSchema = z.object({
  name: requiredText(200),
  employee_number: requiredText(50),
  profile_url: webUrl(),
});
export type Employee = z.infer<typeof employeeSchema>;

/** At least one employee (and a sane maximum for one request). */
export function employeeList(max = 50) {
  return z.array(employeeSchema).min(1, { message: 'validation.employees_min' }).max(max);
}
