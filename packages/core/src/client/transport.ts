import ky, {
  type HTTPError,
  isHTTPError,
  isNetworkError,
  isTimeoutError,
  type Options as KyOptions,
  type RetryOptions as KyRetryOptions,
} from 'ky';
import {
  type EndpointDefinition,
  type EndpointId,
  type EndpointResponse,
  endpointPath,
  endpoints,
} from '../contract/endpoints';
import { type Problem, problemErrorsFromIssues, problemSchema } from '../contract/problem';
import { attachmentUploadField, idempotencyKeyHeader } from '../contract/system';
import type { z } from '../zod';
import { AideError, codeForHttpError, isAideError } from './errors';
import { createIdempotencyKey } from './idempotency';
import { canReportUploadProgress, createXhrFetch } from './xhr-fetch';

/** A fetch-compatible function (the global `fetch`, or a wrapper for logging or tests). */
export type FetchFunction = (
  input: Request | URL | string,
  init?: RequestInit,
) => Promise<Response>;

export interface RetryOptions {
  /** Retries after the first attempt (so `limit + 1` requests at most). @default 3 */
  limit?: number;
  /** First backoff delay in ms; it doubles each retry and is fully jittered. @default 300 */
  baseDelay?: number;
  /** Cap of one backoff delay in ms. @default 10000 */
  maxDelay?: number;
  /**
   * Longest `Retry-After` (ms) worth waiting for inside one call; longer, the call fails at
   * once with `rate_limited` and `retryAfter` set, so the user is told instead of kept waiting.
   * @default 30000
   */
  maxRetryAfter?: number;
}

export interface RequestOptions {
  /** Cancels the call, including its retries and backoff waits: it fails with `aborted`. */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms, overriding the client's. */
  timeout?: number;
}

export interface PostOptions extends RequestOptions {
  /**
   * Idempotency key of this logical request; generated when omitted. Pass the same key to
   * send the same submission again later (a draft, an outbox entry): the server will not
   * create it twice.
   */
  idempotencyKey?: string;
}

export interface UploadProgress {
  /** Bytes of the request body sent so far. */
  loaded: number;
  /** Bytes of the whole request body (an estimate when the platform does not say). */
  total: number;
}

export interface UploadOptions extends PostOptions {
  /** Called as the upload advances; always at least once at the start and once at the end. */
  onProgress?: (progress: UploadProgress) => void;
}

/** A file to upload: a `File`, or any `Blob` with an optional name. */
export type UploadFile = Blob & { name?: string };

export interface Credentials {
  /** The credential to send now (may be cached). */
  current(): Promise<string>;
  /** A fresh credential after `stale` was refused with 401, or undefined when none can be had. */
  refresh(stale: string): Promise<string | undefined>;
}

/** How a client reaches the server: the options the widget's and the agent's clients share. */
export interface ConnectionOptions {
  /** Where the Aide server lives, for example `https://support.example.com` (a path is kept). */
  baseUrl: string | URL;
  /**
   * Sends every request, uploads included (without it, browsers upload through XMLHttpRequest
   * to report progress).
   */
  fetch?: FetchFunction;
  /** Per-attempt timeout in ms. @default 15000 */
  timeout?: number;
  /** Per-attempt timeout of uploads in ms. @default 120000 */
  uploadTimeout?: number;
  /** Retry policy, a retry limit, or `false` for none. @default { limit: 3 } */
  retry?: RetryOptions | number | false;
}

export interface TransportOptions extends ConnectionOptions {
  credentials: Credentials;
}

export interface CallInput {
  params?: Readonly<Record<string, string>>;
  query?: object;
  body?: unknown;
  file?: UploadFile;
  options?: UploadOptions;
}

export interface Transport {
  call(endpoint: EndpointDefinition, input?: CallInput): Promise<unknown>;
}

// Every 5xx is worth another try; 409 only when the first request with the key is still
// running (checked in shouldRetry), 408 and 429 always.
const retryStatuses = [408, 409, 429, ...Array.from({ length: 100 }, (_, index) => 500 + index)];

/**
 * Milliseconds to wait from a `Retry-After` value: delay-seconds or an HTTP date.
 *
 * @example
 * parseRetryAfter('120', Date.now()); // 120000
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', Date.now()); // ms until then, at least 0
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  // HTTP dates start with a weekday (IMF-fixdate, RFC 850, asctime); anything else that
  // Date.parse might accept ("-5", "2026") is not a Retry-After value.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)/.test(trimmed)) {
    return undefined;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isServerRuntime(): boolean {
  const runtime = globalThis as { process?: { versions?: { node?: string } } };
  return typeof runtime.process?.versions?.node === 'string';
}

function problemOf(data: unknown): Problem | undefined {
  const parsed = problemSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * An error answer cut off on its way (the connection dropped in its body): the server said
 * JSON, and no JSON could be read. Without its body it means nothing reliable (a 409 "still in
 * progress", worth another try, and a 409 "conflict", final, look alike), so it counts as no
 * answer: a network error, tried again. POSTs carry their idempotency key: that is safe.
 */
function isCutOff(error: HTTPError): boolean {
  return error.data === undefined && /json/i.test(error.response.headers.get('content-type') ?? '');
}

/** Any failure of a call, as the one error type callers handle. */
export function toAideError(error: unknown, signal: AbortSignal | undefined): AideError {
  if (isAideError(error)) {
    return error;
  }
  if (signal?.aborted) {
    return new AideError('aborted', 'The request was aborted', { cause: signal.reason ?? error });
  }
  if (isHTTPError(error)) {
    const status = error.response.status;
    if (isCutOff(error)) {
      return new AideError('network_error', `The server's answer (${status}) was cut off`, {
        cause: error,
      });
    }
    const problem = problemOf(error.data);
    const retryAfter = parseRetryAfter(error.response.headers.get('retry-after'), Date.now());
    return new AideError(
      codeForHttpError(status, problem),
      problem?.detail ?? problem?.title ?? `The server answered ${status}`,
      {
        status,
        cause: error,
        ...(problem === undefined ? {} : { problem }),
        ...(retryAfter === undefined ? {} : { retryAfter }),
      },
    );
  }
  if (isTimeoutError(error)) {
    return new AideError('timeout', 'The server did not answer in time', { cause: error });
  }
  if (isNetworkError(error)) {
    return new AideError('network_error', 'The server could not be reached', { cause: error });
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return new AideError('aborted', 'The request was aborted', { cause: error });
  }
  return new AideError('network_error', 'The request failed', { cause: error });
}

/** Checks what the caller sends with the same schema the server uses, before any network. */
function validated(schema: z.ZodMiniType, value: unknown, where: 'body' | 'query'): unknown {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  const problem: Problem = {
    type: 'about:blank',
    title: `Invalid request ${where}`,
    status: 400,
    code: 'validation_failed',
    errors: problemErrorsFromIssues(result.error.issues, where),
  };
  throw new AideError('validation_failed', problem.title, { problem, cause: result.error });
}

/**
 * Reports progress in bytes of the file (not of the multipart body around it), never going
 * backwards and never twice the same figure.
 */
function progressReporter(file: UploadFile, onProgress: (progress: UploadProgress) => void) {
  const total = file.size;
  let last = -1;
  return (sent: number, of: number) => {
    const loaded = of > 0 ? Math.min(total, Math.round((sent / of) * total)) : 0;
    if (loaded > last) {
      last = loaded;
      onProgress({ loaded, total });
    }
  };
}

function searchParameters(query: unknown): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    if (value !== undefined && value !== null) {
      parameters[name] = String(value);
    }
  }
  return parameters;
}

/**
 * The HTTP machinery shared by the user and agent clients: ky with the retry policy, the
 * shared Retry-After pause, credentials with one refresh on 401, idempotency keys, request and
 * response validation with the contract, and errors mapped to `AideError`.
 */
export function createTransport(options: TransportOptions): Transport {
  const retry =
    options.retry === false
      ? { limit: 0 }
      : typeof options.retry === 'number'
        ? { limit: options.retry }
        : (options.retry ?? {});
  const maxRetryAfter = retry.maxRetryAfter ?? 30_000;
  const baseDelay = retry.baseDelay ?? 300;
  // Set from any 429/503 with Retry-After: every request of this client waits until then, so
  // callers running side by side do not keep hitting a server that asked for a pause.
  // Waiting calls do not all resume the moment the pause ends (one wave hitting the server
  // again): each resumes at a random moment within one more pause length (at most 2 s), and the
  // first ones to go find out whether the server still refuses; a new pause holds the rest.
  let pausedUntil = 0;
  const waitForPause = async ({ request }: { request: Request }) => {
    for (let wait = pausedUntil - Date.now(); wait > 0; wait = pausedUntil - Date.now()) {
      await sleep(wait + Math.random() * Math.min(wait, 2000), request.signal);
    }
  };

  const kyRetry: KyRetryOptions = {
    limit: retry.limit ?? 3,
    // POSTs are safe to repeat: each carries its idempotency key, the same on every attempt.
    methods: ['get', 'post'],
    statusCodes: retryStatuses,
    afterStatusCodes: retryStatuses,
    maxRetryAfter,
    retryOnTimeout: true,
    delay: (attempt) => baseDelay * 2 ** (attempt - 1),
    backoffLimit: retry.maxDelay ?? 10_000,
    // Full jitter: anywhere between 0 and the exponential delay.
    jitter: (delay) => Math.random() * delay,
    shouldRetry: ({ error }) => {
      if (!isHTTPError(error)) {
        return undefined;
      }
      if (isCutOff(error)) {
        return true;
      }
      const status = error.response.status;
      if (status === 409) {
        return problemOf(error.data)?.code === 'idempotency_in_progress' ? undefined : false;
      }
      const retryAfter = parseRetryAfter(error.response.headers.get('retry-after'), Date.now());
      if (retryAfter !== undefined && retryAfter > maxRetryAfter) {
        return false;
      }
      return undefined;
    },
  };

  const api = ky.create({
    prefix: String(options.baseUrl),
    retry: kyRetry,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    hooks: {
      beforeRequest: [waitForPause],
      beforeRetry: [waitForPause],
      afterResponse: [
        ({ response }) => {
          if (response.status === 429 || response.status === 503) {
            const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
            if (retryAfter !== undefined && retryAfter <= maxRetryAfter) {
              pausedUntil = Math.max(pausedUntil, Date.now() + retryAfter);
            }
          }
        },
      ],
    },
  });

  interface Prepared {
    body: unknown;
    query: unknown;
    idempotencyKey: string | undefined;
    report: ((sent: number, of: number) => void) | undefined;
  }

  async function attempt(
    endpoint: EndpointDefinition,
    path: string,
    credential: string,
    input: CallInput,
    prepared: Prepared,
  ): Promise<unknown> {
    const callOptions = input.options ?? {};
    const headers: Record<string, string> = {
      accept: endpoint.response === 'binary' ? '*/*' : 'application/json',
      authorization: `Bearer ${credential}`,
    };
    if (prepared.idempotencyKey !== undefined) {
      headers[idempotencyKeyHeader] = prepared.idempotencyKey;
    }
    const request: KyOptions = {
      method: endpoint.method,
      headers,
      timeout:
        callOptions.timeout ??
        (input.file ? (options.uploadTimeout ?? 120_000) : (options.timeout ?? 15_000)),
    };
    if (callOptions.signal !== undefined) {
      request.signal = callOptions.signal;
    }
    if (prepared.query !== undefined) {
      request.searchParams = searchParameters(prepared.query);
    }
    if (prepared.body !== undefined) {
      request.json = prepared.body;
    }
    if (input.file !== undefined) {
      const form = new FormData();
      form.append(attachmentUploadField, input.file, input.file.name ?? 'file');
      request.body = form;
      const report = prepared.report;
      if (report !== undefined) {
        // A caller's own fetch carries every request (logging, tests, SSR), uploads included.
        // Request-stream progress is used on servers only: browsers refuse streamed bodies
        // over HTTP/1.1, so there a custom fetch reports the start and the end alone.
        if (options.fetch === undefined && canReportUploadProgress()) {
          request.fetch = createXhrFetch((progress) => report(progress.loaded, progress.total));
        } else if (isServerRuntime()) {
          request.onUploadProgress = (progress) => {
            // ky sends the final figure once the body stream ends; the end is reported on success.
            if (progress.percent < 1) {
              report(progress.transferredBytes, progress.totalBytes);
            }
          };
        }
      }
    }
    const response = api(path, request);
    if (endpoint.response === 'binary') {
      return response.blob();
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (cause) {
      throw new AideError('invalid_response', `${endpoint.id}: the answer is not JSON`, { cause });
    }
    const parsed = endpoint.response.safeParse(data);
    if (!parsed.success) {
      const where = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ');
      throw new AideError(
        'invalid_response',
        `${endpoint.id}: the answer does not match the contract (${where})`,
        { cause: parsed.error },
      );
    }
    return parsed.data;
  }

  return {
    async call(endpoint, input = {}) {
      const signal = input.options?.signal;
      try {
        signal?.throwIfAborted();
        const onProgress = input.options?.onProgress;
        const prepared: Prepared = {
          body:
            endpoint.body === undefined ? undefined : validated(endpoint.body, input.body, 'body'),
          query:
            endpoint.query === undefined
              ? undefined
              : validated(endpoint.query, input.query ?? {}, 'query'),
          idempotencyKey: endpoint.idempotent
            ? (input.options?.idempotencyKey ?? createIdempotencyKey())
            : undefined,
          report:
            input.file === undefined || onProgress === undefined
              ? undefined
              : progressReporter(input.file, onProgress),
        };
        const path = endpointPath(endpoint.path, input.params);
        prepared.report?.(0, 1);
        let credential = await options.credentials.current();
        let refreshed = false;
        for (;;) {
          try {
            const result = await attempt(endpoint, path, credential, input, prepared);
            prepared.report?.(1, 1);
            return result;
          } catch (error) {
            const failure = toAideError(error, signal);
            if (failure.status !== 401 || refreshed) {
              throw failure;
            }
            // One fresh credential and one more try; a second 401 is final.
            refreshed = true;
            const fresh = await options.credentials.refresh(credential);
            if (fresh === undefined) {
              throw failure;
            }
            credential = fresh;
          }
        }
      } catch (error) {
        throw toAideError(error, signal);
      }
    },
  };
}

/**
 * Calls an endpoint by id with the answer typed from the registry. The transport parsed the
 * answer with that same endpoint's response schema, which is what makes the type true.
 */
export function typedCall(transport: Transport) {
  return <Id extends EndpointId>(id: Id, input?: CallInput) =>
    transport.call(endpoints[id], input) as Promise<EndpointResponse<Id>>;
}

/**
 * Walks a cursor-paginated list lazily, page by page, until `next_cursor` is null. Stopping the
 * loop early stops the requests.
 */
export async function* walkPages<
  Query extends { cursor?: string | undefined },
  Page extends { next_cursor: string | null },
>(list: (query: Query) => Promise<Page>, query: Query): AsyncGenerator<Page, void, undefined> {
  let cursor = query.cursor;
  do {
    const page = await list(cursor === undefined ? query : { ...query, cursor });
    yield page;
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
}
