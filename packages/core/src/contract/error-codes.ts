// The API's error codes and their statuses, apart from the problem+json schema: code that only
// needs to know a code (AideError in a widget's first chunk) does not load zod for it.

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
