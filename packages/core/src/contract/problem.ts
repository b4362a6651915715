import { z } from '../zod';
import { errorCodes } from './error-codes';

export {
  type ErrorCode,
  errorCodes,
  errorStatus,
  problemContentType,
} from './error-codes';

export const errorCodeSchema = z.enum(errorCodes);

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
