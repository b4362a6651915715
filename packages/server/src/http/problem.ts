import {
  type ErrorCode,
  errorStatus,
  type Problem,
  type ProblemFieldError,
  problemContentType,
} from '@aide/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An expected failure with a stable snake_case code, rendered as application/problem+json.
 * Services and routes throw it; the app's error handler renders it. Anything else that is
 * thrown is a bug and answers a generic 500 without details.
 *
 * @example
 * throw new ApiError('not_found', 'Ticket not found');
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly errors: ProblemFieldError[] | undefined;
  readonly headers: Record<string, string>;
  constructor(
    code: ErrorCode,
    title: string,
    options: {
      detail?: string;
      errors?: ProblemFieldError[];
      headers?: Record<string, string>;
    } = {},
  ) {
    super(title);
    this.name = 'ApiError';
    // The contract gives each code its one status, so callers never choose one.
    this.status = errorStatus(code) as ContentfulStatusCode;
    this.code = code;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** The problem+json body of an ApiError. */
export function problemBody(error: ApiError): Problem {
  const body: Problem = {
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
    'Content-Type': `${problemContentType}; charset=utf-8`,
  });
}
