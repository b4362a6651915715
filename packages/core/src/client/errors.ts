import { type ErrorCode, errorCodes } from '../contract/error-codes';
import type { Problem } from '../contract/problem';

/**
 * Codes the client produces itself: transport failures (no answer, or no usable one) and
 * the status-derived codes used when a server answers without a recognisable problem body.
 */
export const clientErrorCodes = [
  'network_error',
  'timeout',
  'aborted',
  'invalid_response',
  'http_error',
] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];

/** Every code an `AideError` can carry: the client's own and the server's problem codes. */
export type AideErrorCode = ClientErrorCode | ErrorCode;

// A registered symbol is the same in every realm (iframes, workers, two copies of this
// package), where `instanceof` would fail.
const aideErrorBrand = Symbol.for('aide.error');

export interface AideErrorOptions {
  /** HTTP status of the answer, when there was one. */
  status?: number;
  /** The problem+json body as the server sent it. */
  problem?: Problem;
  /** How long the server asked to wait before trying again (429/503 `Retry-After`), in ms. */
  retryAfter?: number;
  cause?: unknown;
}

/**
 * The one error type of the client. Switch on `code` (stable, snake_case); `message` is for
 * logs, people read the vendor's text for the code.
 *
 * @example
 * try {
 *   await client.createTicket(draft);
 * } catch (error) {
 *   if (isAideError(error) && error.code === 'validation_failed') {
 *     showFieldErrors(error.problem?.errors ?? []);
 *   }
 * }
 */
export class AideError extends Error {
  override readonly name = 'AideError';
  readonly code: AideErrorCode;
  readonly status?: number;
  readonly problem?: Problem;
  readonly retryAfter?: number;

  constructor(code: AideErrorCode, message: string, options: AideErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) {
      this.status = options.status;
    }
    if (options.problem !== undefined) {
      this.problem = options.problem;
    }
    if (options.retryAfter !== undefined) {
      this.retryAfter = options.retryAfter;
    }
    Object.defineProperty(this, aideErrorBrand, { value: true });
  }

  /**
   * Whether trying the same request again later can succeed: no answer, a timeout, a server in
   * trouble or busy. Validation, permission and state errors are permanent.
   */
  get transient(): boolean {
    return isTransientCode(this.code);
  }
}

/**
 * Type guard that works across realms and package copies (a brand, not `instanceof`).
 *
 * @example
 * if (isAideError(error) && error.code === 'unauthorized') { askTheHostToSignIn(); }
 */
export function isAideError(value: unknown): value is AideError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [aideErrorBrand]?: unknown })[aideErrorBrand] === true
  );
}

function isTransientCode(code: AideErrorCode): boolean {
  switch (code) {
    case 'network_error':
    case 'timeout':
    case 'rate_limited':
    case 'server_error':
    case 'service_unavailable':
    case 'idempotency_in_progress':
      return true;
    case 'aborted':
    case 'invalid_response':
    case 'http_error':
    case 'validation_failed':
    case 'invalid_json':
    case 'unauthorized':
    case 'forbidden':
    case 'not_found':
    case 'method_not_allowed':
    case 'conflict':
    case 'invalid_transition':
    case 'reopen_window_expired':
    case 'already_rated':
    case 'idempotency_key_missing':
    case 'idempotency_key_reused':
    case 'payload_too_large':
    case 'unsupported_media_type':
      return false;
    default:
      return code satisfies never;
  }
}

const knownProblemCodes: ReadonlySet<string> = new Set(errorCodes);

/** The code for an HTTP error answer: the problem's code when known, else one from the status. */
export function codeForHttpError(status: number, problem: Problem | undefined): AideErrorCode {
  if (problem !== undefined && knownProblemCodes.has(problem.code)) {
    return problem.code as ErrorCode;
  }
  if (status === 400 || status === 422) {
    return 'validation_failed';
  }
  if (status === 401) {
    return 'unauthorized';
  }
  if (status === 403) {
    return 'forbidden';
  }
  if (status === 404 || status === 410) {
    return 'not_found';
  }
  if (status === 408) {
    return 'timeout';
  }
  if (status === 409) {
    return 'conflict';
  }
  if (status === 413) {
    return 'payload_too_large';
  }
  if (status === 415) {
    return 'unsupported_media_type';
  }
  if (status === 429) {
    return 'rate_limited';
  }
  if (status === 503) {
    return 'service_unavailable';
  }
  if (status >= 500) {
    return 'server_error';
  }
  return 'http_error';
}
