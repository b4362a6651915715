import { createHash } from 'node:crypto';
import {
  type EndpointDefinition,
  type EndpointId,
  endpointList,
  idempotencyKeyHeader,
  problemErrorsFromIssues,
} from '@aide/core';
import { type Context, Hono } from 'hono';
import { createFileStore } from './attachments/files';
import type { ServerConfig } from './config/config';
import { bodyLimit } from './http/body-limit';
import { compiled } from './http/compiled';
import { corsAllowedHeaders, corsExposedHeaders, originAllowed } from './http/cors';
import {
  createInFlightKeys,
  earlierOutcome,
  type IdempotentOutcome,
  idempotencyKey,
  idempotencyOwner,
  requestHash,
  runIdempotent,
} from './http/idempotency';
import { nulPath, unpairedSurrogatePath } from './http/nul';
import { ApiError, problemResponse } from './http/problem';
import { createRateLimiter } from './http/rate-limit';
import { securityHeaders } from './http/security-headers';
import { bearerToken, createIdentityVerifier } from './identity/identity';
import { type Actor, type Handler, type HandlerInput, handlers } from './routes/handlers';
import { createDirectory, type Directory } from './services/directory';
import { buildTenant, type Tenant } from './services/tenants';
import { type IdempotencyScope, isStoreError, type Store } from './store/store';

export interface AppOptions {
  config: ServerConfig;
  store: Store;
  /** Injectable clock (tests); defaults to the system clock. */
  now?: () => Date;
  /** Shared with the demo seed, which registers its users. */
  directory?: Directory;
  /**
   * Called after each write the server accepted (a POST answered 2xx): the CLI nudges the
   * sweeper with it, so the e-mails a write queued leave within a second, not at the next pass.
   */
  afterWrite?: () => void;
}

/** What every handler can reach. */
export interface AppDeps {
  config: ServerConfig;
  store: Store;
  now: () => Date;
  directory: Directory;
  tenants: ReadonlyMap<string, Tenant>;
  files: ReturnType<typeof createFileStore>;
}

/**
 * Builds the HTTP application: every endpoint of core's registry, validated on the way in and
 * out with the contract's schemas, behind authentication, CORS, rate limits and idempotency.
 *
 * @example
 * const app = await createApp({ config, store });
 * serve({ fetch: app.fetch, port: 8787 });
 */
export async function createApp(options: AppOptions): Promise<Hono> {
  const { config, store } = options;
  const tenants = new Map(config.tenants.map((tenant) => [tenant.id, buildTenant(tenant)]));
  const deps: AppDeps = {
    config,
    store,
    now: options.now ?? (() => new Date()),
    directory: options.directory ?? createDirectory(),
    tenants,
    files: createFileStore(config.data_dir),
  };
  const identities = await createIdentityVerifier(config.tenants);
  const userLimiter = createRateLimiter({
    limit: config.limits.user_per_minute,
    windowSeconds: 60,
  });
  const tenantLimiter = createRateLimiter({
    limit: config.limits.tenant_per_minute,
    windowSeconds: 60,
  });
  const everyOrigin = config.tenants.flatMap((tenant) => tenant.allowed_origins);
  const inFlight = createInFlightKeys();

  const app = new Hono();
  app.use(securityHeaders());
  const afterWrite = options.afterWrite;
  if (afterWrite !== undefined) {
    app.use(async (c, next) => {
      await next();
      if (c.req.method === 'POST' && c.res.status < 300) {
        afterWrite();
      }
    });
  }

  // CORS: a preflight carries no credentials, so it is answered for any tenant's origin; the
  // actual request is then checked against the origins of the tenant its credentials name.
  app.use(async (c, next) => {
    const origin = c.req.header('Origin');
    const known = origin !== undefined && originAllowed(origin, everyOrigin);
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method') !== undefined) {
      if (!known) {
        return problemResponse(c, new ApiError('forbidden', 'Origin not allowed'));
      }
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      c.header('Access-Control-Allow-Headers', corsAllowedHeaders);
      c.header('Access-Control-Max-Age', '600');
      c.header('Vary', 'Origin');
      return c.body(null, 204);
    }
    if (known) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Expose-Headers', corsExposedHeaders);
    }
    c.header('Vary', 'Origin');
    await next();
  });

  const uploadPaths = new Set(endpointList.filter((e) => e.upload).map((e) => e.path));
  const tooLarge = (c: Context) =>
    problemResponse(c, new ApiError('payload_too_large', 'Request body too large'));
  const jsonLimit = bodyLimit({ maxSize: config.limits.body_bytes, onError: tooLarge });
  // A multipart envelope adds boundaries and headers around the file.
  const uploadLimit = bodyLimit({
    maxSize: config.limits.attachment_bytes + 64 * 1024,
    onError: tooLarge,
  });
  app.use(async (c, next) => {
    if (c.req.method !== 'POST') {
      return next();
    }
    return uploadPaths.has(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next);
  });

  async function authenticate(c: Context, endpoint: EndpointDefinition): Promise<Actor | null> {
    if (endpoint.auth === 'none') {
      return null;
    }
    const token = bearerToken(c.req.header('Authorization'));
    let actor: Actor;
    if (endpoint.auth === 'agent') {
      const result = identities.verifyAgentKey(token);
      if (!result.ok) {
        throw unauthorized(result.failure);
      }
      actor = { kind: 'agent', agent: result.identity };
    } else {
      const result = await identities.verifyUserToken(token, deps.now());
      if (!result.ok) {
        throw unauthorized(result.failure);
      }
      actor = { kind: 'user', user: result.identity };
    }
    const tenantId = actor.kind === 'user' ? actor.user.tenantId : actor.agent.tenantId;
    const tenant = tenants.get(tenantId) as Tenant;
    const origin = c.req.header('Origin');
    if (origin !== undefined && !originAllowed(origin, tenant.config.allowed_origins)) {
      throw new ApiError('forbidden', 'Origin not allowed for this workspace', {
        detail: `Add ${origin} to the tenant's allowed_origins to call the API from it.`,
      });
    }
    const nowMs = deps.now().getTime();
    // A user's allowance is theirs within their company, like their idempotency keys and
    // uploads: a host may sign one user id for several companies, and one company's traffic
    // must not spend another's. Agents count per agent key.
    const callerKey = JSON.stringify([
      tenantId,
      idempotencyOwner(actor.kind === 'user' ? actor.user : actor.agent),
    ]);
    // The tenant's allowance is only spent by requests the caller's own limit let through.
    const userVerdict = userLimiter.take(callerKey, nowMs);
    const verdict = userVerdict.allowed ? tenantLimiter.take(tenantId, nowMs) : userVerdict;
    if (!verdict.allowed) {
      throw new ApiError('rate_limited', 'Too many requests', {
        detail: `Retry in ${verdict.retryAfterSeconds} s.`,
        headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
      });
    }
    if (actor.kind === 'user') {
      deps.directory.remember(actor.user);
    }
    return actor;
  }

  /**
   * Claims a new key in this instance, prepares (an upload's file), writes once under the key,
   * and drops the preparation if it was not used.
   */
  async function writeOnce(
    endpoint: EndpointDefinition,
    handler: Handler,
    input: Omit<HandlerInput, 'db' | 'prepared'>,
    scope: IdempotencyScope,
    hash: string,
  ): Promise<IdempotentOutcome> {
    const release = inFlight.claim(scope, hash);
    try {
      const prepared = await handler.prepare?.(input);
      try {
        const outcome = await runIdempotent(store, scope, hash, input.now, async (tx) => {
          const result = await handler.run({ ...input, db: tx, prepared });
          return { status: result.status ?? endpoint.status, body: result.body ?? null };
        });
        if (outcome.replayed) {
          await prepared?.discard();
        }
        return outcome;
      } catch (error) {
        await prepared?.discard();
        throw error;
      }
    } finally {
      release();
    }
  }

  async function run(
    c: Context,
    endpoint: EndpointDefinition,
    handler: Handler,
  ): Promise<Response> {
    const actor = await authenticate(c, endpoint);
    let params: Record<string, string> = {};
    if (endpoint.params !== undefined) {
      const parsed = compiled(endpoint.params).safeParse(c.req.param());
      if (!parsed.success) {
        // A malformed id cannot name anything: the same answer as an unknown one.
        throw new ApiError('not_found', 'Not found');
      }
      params = parsed.data as Record<string, string>;
    }
    let query: unknown = {};
    if (endpoint.query !== undefined) {
      const parsed = compiled(endpoint.query).safeParse(c.req.query());
      if (!parsed.success) {
        throw new ApiError('validation_failed', 'Invalid query', {
          errors: problemErrorsFromIssues(parsed.error.issues, 'query'),
        });
      }
      query = parsed.data;
    }
    const key = endpoint.idempotent ? idempotencyKey(c.req.header(idempotencyKeyHeader)) : null;
    let body: unknown;
    let upload: File | undefined;
    if (endpoint.upload) {
      upload = await readUpload(c);
    } else if (endpoint.body !== undefined) {
      const parsed = compiled(endpoint.body).safeParse(await readJson(c));
      if (!parsed.success) {
        throw new ApiError('validation_failed', 'Invalid request body', {
          errors: problemErrorsFromIssues(parsed.error.issues),
        });
      }
      body = parsed.data;
      // A new ticket's own fields are checked by its category's form schema, which refuses NUL
      // in what is kept and drops the fields the form hides whatever they hold, as the widget
      // does: a hidden field is never rejected.
      const checked = endpoint.id === 'createTicket' ? { ...(body as object), fields: {} } : body;
      const nul = nulPath(checked);
      if (nul !== null) {
        throw new ApiError('validation_failed', 'Invalid request body', {
          errors: [{ path: nul, message: 'Must not contain NUL (U+0000) characters' }],
        });
      }
      const halfPair = unpairedSurrogatePath(checked);
      if (halfPair !== null) {
        throw new ApiError('validation_failed', 'Invalid request body', {
          errors: [{ path: halfPair, message: 'Must be Unicode text (an unpaired surrogate)' }],
        });
      }
    }
    const tenant =
      actor === null
        ? undefined
        : tenants.get(actor.kind === 'user' ? actor.user.tenantId : actor.agent.tenantId);
    const input: Omit<HandlerInput, 'db' | 'prepared'> = {
      c,
      deps,
      endpoint,
      actor,
      tenant,
      params,
      query,
      body,
      upload,
      now: deps.now(),
    };
    let status: number;
    let payload: unknown;
    let replayed = false;
    if (key !== null && actor !== null && tenant !== undefined) {
      const scope = {
        tenantId: tenant.id,
        userId: idempotencyOwner(actor.kind === 'user' ? actor.user : actor.agent),
        key,
      };
      const meaning = upload === undefined ? body : await uploadMeaning(upload);
      const hash = requestHash(c.req.method, c.req.path, meaning);
      const outcome =
        (await earlierOutcome(store, inFlight, scope, hash)) ??
        (await writeOnce(endpoint, handler, input, scope, hash));
      status = outcome.response.status;
      payload = outcome.response.body;
      replayed = outcome.replayed;
    } else {
      const result = await handler.run({ ...input, db: store, prepared: undefined });
      if (result.response !== undefined) {
        return result.response;
      }
      status = result.status ?? endpoint.status;
      payload = result.body;
    }
    if (typeof endpoint.response !== 'string' && !replayed) {
      const checked = compiled(endpoint.response).safeParse(payload);
      if (!checked.success) {
        console.error(
          `aide-server: ${endpoint.id} answer does not match its schema`,
          checked.error,
        );
        throw new ApiError('server_error', 'Internal error');
      }
    }
    if (replayed) {
      c.header('Idempotency-Replayed', 'true');
    }
    return c.body(jsonText(payload), status as 200, {
      'Content-Type': 'application/json; charset=utf-8',
    });
  }

  const paths = new Map<string, Set<string>>();
  for (const endpoint of endpointList) {
    const handler = handlers[endpoint.id as EndpointId];
    app.on(endpoint.method, endpoint.path, (c) => run(c, endpoint, handler));
    const methods = paths.get(endpoint.path) ?? new Set<string>();
    methods.add(endpoint.method);
    paths.set(endpoint.path, methods);
  }
  for (const [path, methods] of paths) {
    const allow = [...methods, 'OPTIONS'].join(', ');
    app.all(path, (c) => {
      c.header('Allow', allow);
      return problemResponse(
        c,
        new ApiError('method_not_allowed', 'Method not allowed', {
          detail: `${c.req.method} is not allowed here; use ${[...methods].join(' or ')}.`,
        }),
      );
    });
  }

  app.notFound((c) =>
    problemResponse(
      c,
      new ApiError('not_found', 'Not found', { detail: `No route ${c.req.path}.` }),
    ),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) {
      if (error.status === 401) {
        c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
      }
      return problemResponse(c, error);
    }
    if (isStoreError(error, 'busy')) {
      return problemResponse(
        c,
        new ApiError('service_unavailable', 'Busy, retry shortly', {
          headers: { 'Retry-After': '1' },
        }),
      );
    }
    console.error('aide-server: unexpected error', error);
    return problemResponse(c, new ApiError('server_error', 'Internal error'));
  });
  return app;
}

function unauthorized(failure: string): ApiError {
  return new ApiError('unauthorized', 'Authentication required', {
    detail: `Credentials refused (${failure}); get a fresh token and retry.`,
  });
}

/** JSON bodies: 415 unless declared JSON, 400 `invalid_json` when they do not parse. */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    return {};
  }
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'Send JSON', {
      detail: 'Use Content-Type: application/json.',
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError('invalid_json', 'Malformed JSON', { detail: (error as Error).message });
  }
}

/** The `file` field of a multipart upload. */
async function readUpload(c: Context): Promise<File> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^multipart\/form-data/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'Send multipart/form-data', {
      detail: 'Upload the file in a multipart/form-data field named "file".',
    });
  }
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new ApiError('validation_failed', 'Malformed multipart body');
  }
  const file = form.file;
  if (!(file instanceof File)) {
    throw new ApiError('validation_failed', 'No file', {
      errors: [{ path: 'file', message: 'Send exactly one file in the field "file"' }],
    });
  }
  return file;
}

/** What makes two uploads "the same request": the name and the bytes, not the boundary. */
async function uploadMeaning(file: File): Promise<unknown> {
  const digest = createHash('sha256')
    .update(new Uint8Array(await file.arrayBuffer()))
    .digest('hex');
  return { name: file.name, sha256: digest };
}

function jsonText(payload: unknown): string {
  return payload === undefined || payload === null ? 'null' : JSON.stringify(payload);
}
