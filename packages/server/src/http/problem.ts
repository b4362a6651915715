import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One invalid field of a request, `path` in dotted form (`fields.steps_to_reproduce`). */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/**
 * An expected failure with a stable snake_case code, rendered as application/problem+json.
 * Services and routes throw it; the app's error handler renders it. Anything else that is
 * thrown is a bug and answers a generic 500 without details.
 *
 * @example
 * throw new ApiError(404, 'ticket_not_found', 'No such ticket');
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly detail: string | undefined;
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string>;
  constructor(
    status: ContentfulStatusCode,
    code: string,
    title: string,
    options: {
      detail?: string;
      errors?: ProblemFieldError[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(title);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: ProblemFieldError[];
}

/** The problem+json body of an ApiError. */
export function problemBody(error: ApiError): ProblemBody {
  const body: ProblemBody = {
    type: `https://aide.dev/problems/${error.code}`,
    title: error.message,
    status: error.status,
    code: error.code,
  };
  if (error.detail !== undefined) {
    body.detail = error.detail;
  }
  if (error.errors !== undefined) {
    body.errors = error.errors;
  }
  return body;
}

/** Renders an ApiError on a Hono context. */
export function problemResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) {
    c.header(name, value);
  }
  return c.body(JSON.stringify(problemBody(error)), error.status, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}

/** Converts zod issues into problem field errors with dotted paths. */
export function fieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): ProblemFieldError[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map((part) => String(part))].filter((p) => p !== '');
    return { path: path.join('.'), message: issue.message };
  });
}
