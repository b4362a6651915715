import { z } from '../zod';

/** Media type of every error answer (RFC 9457). */
export const problemContentType = 'application/problem+json';

/**
 * Stable snake_case error codes of the API. Clients switch on `code`, never on `title` or
 * `detail` (those are for people and may be translated). Each code has one HTTP status.
 */
export const errorCodes = [
  'validation_failed',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'invalid_transition',
  'reopen_window_expired',
  'already_rated',
  'idempotency_key_missing',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'server_error',
  'service_unavailable',
] as const;
export type ErrorCode = (typeof errorCodes)[number];
export const errorCodeSchema = z.enum(errorCodes);

/** The HTTP status that goes with each code, so the server never has to choose one. */
export function errorStatus(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'invalid_json':
    case 'idempotency_key_missing':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'method_not_allowed':
      return 405;
    case 'conflict':
    case 'invalid_transition':
    case 'reopen_window_expired':
    case 'already_rated':
    case 'idempotency_in_progress':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    // Same key, different body: the request is well formed but cannot be processed as asked.
    case 'idempotency_key_reused':
      return 422;
    case 'rate_limited':
      return 429;
    case 'server_error':
      return 500;
    case 'service_unavailable':
      return 503;
    default:
      return code satisfies never;
  }
}

/** One invalid input: a dotted path into the request (`fields.steps`, `query.limit`) and why. */
export const problemFieldErrorSchema = z.object({
  path: z.string().check(z.maxLength(500)),
  message: z.string().check(z.maxLength(1000)),
});
export type ProblemFieldError = z.infer<typeof problemFieldErrorSchema>;

/**
 * An error answer. `code` is one of {@link errorCodes} for this server; it is typed as a string
 * so that a client keeps working (and shows the problem) when a newer server adds a code.
 */
export const problemSchema = z.object({
  /** A URI naming the problem type; `about:blank` or a documentation link. */
  type: z.string().check(z.minLength(1), z.maxLength(500)),
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  status: z.int().check(z.gte(400), z.lte(599)),
  code: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/), z.maxLength(64)),
  detail: z.optional(z.string().check(z.maxLength(2000))),
  errors: z.optional(z.array(problemFieldErrorSchema).check(z.maxLength(100))),
});
export type Problem = z.infer<typeof problemSchema>;

/**
 * Turns zod issues into the `errors` list of a problem, prefixing each path with where the
 * input came from, so a client can put each message beside the right field. Messages are those of
 * zod's configured locale: English wherever classic zod is loaded (it installs English; the
 * server does), zod mini's bare `Invalid input` where nothing installed one (a widget page).
 *
 * @example
 * const result = createTicketRequestSchema.safeParse(body);
 * if (!result.success) {
 *   const errors = problemErrorsFromIssues(result.error.issues, 'body');
 *   // [{ path: 'body.subject', message: 'Too small: expected string to have >=1 characters' }]
 * }
 */
export function problemErrorsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix?: string,
): ProblemFieldError[] {
  return issues.slice(0, 100).map((issue) => {
    const segments = issue.path.map((segment) => String(segment));
    const path = [...(prefix === undefined ? [] : [prefix]), ...segments].join('.');
    return { path, message: issue.message };
  });
}
