import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { defaultCatalog, supportHoursSchema } from '@aide/core';
import { z } from 'zod';

// The server's whole configuration: a JSON file (`--config path`) overlaid with environment
// variables. Every setting is validated here so that a typo stops the server at start with a
// message naming the setting, instead of failing later on a request.

const identifier = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use 1-64 lowercase letters, digits, "-" or "_"');

/** `http://localhost:*` allows any port of that host; otherwise an exact origin. */
const originPattern = z
  .string()
  .regex(
    /^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/i,
    'must be an origin like https://app.example.com or http://localhost:*',
  );

const publicKeySchema = z
  .object({
    alg: z.enum(['ES256', 'EdDSA']),
    /** Optional key id: when set, a token whose header names another kid is not tried with it. */
    kid: z.string().min(1).max(200).optional(),
    /** SPKI PEM ("-----BEGIN PUBLIC KEY-----") or a public JWK. */
    pem: z
      .string()
      .includes('BEGIN PUBLIC KEY', { message: 'must be a SPKI PEM public key' })
      .optional(),
    jwk: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((key) => (key.pem === undefined) !== (key.jwk === undefined), {
    message: 'give exactly one of pem or jwk',
  });
export type PublicKeyConfig = z.infer<typeof publicKeySchema>;

const docLinkSchema = z.object({
  /** Stable id; generated from the position when absent. */
  id: z.string().min(1).max(64).optional(),
  title: z.string().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }),
  kind: z.enum(['doc', 'video']),
  tags: z.array(z.string().min(1).max(50)).max(20).default([]),
  /** App routes the link applies to (prefix match); empty means everywhere. */
  routes: z.array(z.string().startsWith('/')).max(50).default([]),
});
export type DocLink = z.infer<typeof docLinkSchema>;

const slaTargetSchema = z.object({
  first_response_minutes: z.int().positive().nullable(),
  resolution_minutes: z.int().positive().nullable(),
});
export type SlaTargetConfig = z.infer<typeof slaTargetSchema>;

/** The API's `support_hours` shape (windows per weekday), which the SLA clock counts in too. */
// Core's schema is built with zod mini: refinements go through `check`, and the classic wrappers
// below take it as any zod 4 schema.
const supportHoursConfigSchema = supportHoursSchema.check(
  z.refine((hours) => isTimeZone(hours.timezone), {
    message: 'must be an IANA time zone like Europe/Paris',
    path: ['timezone'],
  }),
);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const agentKeySchema = z.object({
  name: z.string().min(1).max(200),
  key: z.string().min(12, 'agent keys must be at least 12 characters'),
});

export const tenantConfigSchema = z
  .object({
    id: identifier,
    name: z.string().min(1).max(200).optional(),
    /** HS256 secret shared with the host backend. */
    secret: z.string().min(16, 'HS256 secrets must be at least 16 characters').optional(),
    public_keys: z.array(publicKeySchema).max(20).default([]),
    allowed_origins: z.array(originPattern).max(100).default([]),
    /** DESIGN.md: only admins file tickets, configurable per tenant. */
    only_admins_create: z.boolean().default(true),
    /** Members see the company's tickets, not only their own. */
    company_view: z.boolean().default(true),
    sla_targets: z
      .partialRecord(z.enum(['low', 'normal', 'high', 'urgent']), slaTargetSchema)
      .optional(),
    support_hours: z.nullable(supportHoursConfigSchema).default(null),
    reminder_delays: z
      .object({
        first_reminder_days: z.number().positive().default(2),
        second_reminder_days: z.number().positive().default(5),
        auto_resolve_days: z.number().positive().default(10),
      })
      .refine(
        (d) =>
          d.first_reminder_days < d.second_reminder_days &&
          d.second_reminder_days < d.auto_resolve_days,
        { message: 'delays must increase: first reminder < second reminder < auto-resolve' },
      )
      .default({ first_reminder_days: 2, second_reminder_days: 5, auto_resolve_days: 10 }),
    /** Category keys enabled for this tenant; absent means the whole default catalog. */
    categories: z
      .array(
        z
          .string()
          .refine((key) => defaultCatalog.categories.some((category) => category.key === key), {
            error: (issue) =>
              `unknown category "${String(issue.input)}" (known: ${defaultCatalog.categories.map((c) => c.key).join(', ')})`,
          }),
      )
      .min(1)
      .optional(),
    docs: z.array(docLinkSchema).max(500).default([]),
    agent_keys: z.array(agentKeySchema).max(50).default([]),
    locale: z.enum(['fr', 'en', 'es']).default('fr'),
    /** Days a resolved ticket may be reopened by its requester. */
    reopen_window_days: z.int().min(0).max(365).default(7),
  })
  .refine((t) => t.secret !== undefined || t.public_keys.length > 0, {
    message: 'a tenant needs a secret (HS256) or at least one public key (ES256/EdDSA)',
  });
export type TenantConfig = z.infer<typeof tenantConfigSchema>;

const smtpSchema = z.object({
  host: z.string().min(1),
  port: z.int().min(1).max(65535).default(587),
  secure: z.boolean().default(false),
  user: z.string().optional(),
  password: z.string().optional(),
  from: z.string().min(3),
});
export type SmtpConfig = z.infer<typeof smtpSchema>;

/** Default limit of a JSON request body (see `limits.body_bytes`). */
export const defaultBodyBytes = 2 * 1024 * 1024;

const limitsSchema = z
  .object({
    /**
     * JSON request bodies. The default fits the largest valid ticket form even when every text
     * is at its maximum length in characters JSON escapes to six bytes (`\u0001`).
     */
    body_bytes: z.int().positive().default(defaultBodyBytes),
    attachment_bytes: z
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    ticket_attachment_bytes: z
      .int()
      .positive()
      .default(25 * 1024 * 1024),
    /** Requests per minute per user, and per tenant (all users together). */
    user_per_minute: z.int().positive().default(120),
    tenant_per_minute: z.int().positive().default(3000),
  })
  .default({
    body_bytes: defaultBodyBytes,
    attachment_bytes: 10 * 1024 * 1024,
    ticket_attachment_bytes: 25 * 1024 * 1024,
    user_per_minute: 120,
    tenant_per_minute: 3000,
  });
export type Limits = z.infer<typeof limitsSchema>;

export const serverConfigSchema = z
  .object({
    port: z.int().min(0).max(65535).default(8787),
    host: z.string().min(1).default('127.0.0.1'),
    /** `postgres://...` for PostgreSQL; absent means the embedded SQLite file under data_dir. */
    database_url: z
      .string()
      .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres:// or sqlite:')
      .optional(),
    data_dir: z.string().min(1).default('.data'),
    /** Public URL of the host app, for links in e-mails. */
    app_url: z.url().default('http://localhost:5173'),
    smtp: smtpSchema.nullable().default(null),
    limits: limitsSchema,
    tenants: z.array(tenantConfigSchema).min(1, 'configure at least one tenant'),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    const keys = new Set<string>();
    config.tenants.forEach((tenant, index) => {
      if (seen.has(tenant.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tenants', index, 'id'],
          message: 'duplicate tenant id',
        });
      }
      seen.add(tenant.id);
      tenant.agent_keys.forEach((agent, keyIndex) => {
        if (keys.has(agent.key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', index, 'agent_keys', keyIndex, 'key'],
            message: 'agent keys must be unique across tenants',
          });
        }
        keys.add(agent.key);
      });
    });
  });
export type ServerConfig = z.infer<typeof serverConfigSchema>;
/** What a config file or caller may write: every defaulted setting is optional. */
export type ServerConfigInput = z.input<typeof serverConfigSchema>;

/** Raised for an invalid configuration; `issues` has one line per invalid setting. */
export class ConfigError extends Error {
  readonly issues: string[];
  constructor(issues: string[]) {
    super(
      `invalid aide-server configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') {
      return `${out}[${key}]`;
    }
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, '');
}

/**
 * Validates a configuration object; throws ConfigError naming each invalid setting.
 *
 * @example
 * const config = parseConfig({ tenants: [{ id: 'demo', secret: 'a-long-enough-secret' }] });
 * config.port; // 8787
 */
export function parseConfig(
  input: unknown,
  /** Where top-level settings came from, to name them in errors (`port` → `AIDE_PORT`). */
  sources: Readonly<Record<string, string>> = {},
): ServerConfig {
  const result = serverConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const path = formatPath(issue.path) || '(root)';
        const source = sources[String(issue.path[0])];
        return `${path}${source === undefined ? '' : ` (from ${source})`}: ${issue.message}`;
      }),
    );
  }
  return result.data;
}

const envNames: Record<string, string> = {
  port: 'AIDE_PORT',
  host: 'AIDE_HOST',
  database_url: 'AIDE_DATABASE_URL',
  data_dir: 'AIDE_DATA_DIR',
  app_url: 'AIDE_APP_URL',
};

/** Environment variables that override the file; names as documented in the README. */
export function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (env.AIDE_PORT !== undefined && env.AIDE_PORT !== '') {
    // Kept as given when not numeric so that validation names AIDE_PORT's setting.
    out.port = /^\d+$/.test(env.AIDE_PORT) ? Number(env.AIDE_PORT) : env.AIDE_PORT;
  }
  if (env.AIDE_HOST) {
    out.host = env.AIDE_HOST;
  }
  if (env.AIDE_DATABASE_URL) {
    out.database_url = env.AIDE_DATABASE_URL;
  }
  if (env.AIDE_DATA_DIR) {
    out.data_dir = env.AIDE_DATA_DIR;
  }
  if (env.AIDE_APP_URL) {
    out.app_url = env.AIDE_APP_URL;
  }
  return out;
}

/**
 * Reads `--config path` (JSON) if given, overlays the environment, validates.
 *
 * @example
 * const config = await loadConfig({ configPath: 'aide.json', env: process.env });
 */
export async function loadConfig(options: {
  configPath?: string | undefined;
  env: NodeJS.ProcessEnv;
  /** Used when no file is given (demo mode brings its own tenant). */
  base?: Record<string, unknown>;
}): Promise<ServerConfig> {
  let fromFile: Record<string, unknown> = options.base ?? {};
  if (options.configPath !== undefined) {
    const path = resolve(options.configPath);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw new ConfigError([`--config: cannot read ${path} (${(error as Error).message})`]);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new ConfigError([`--config: ${path} must hold a JSON object`]);
      }
      fromFile = { ...fromFile, ...(parsed as Record<string, unknown>) };
    } catch (error) {
      if (error instanceof ConfigError) {
        throw error;
      }
      throw new ConfigError([`--config: ${path} is not valid JSON (${(error as Error).message})`]);
    }
  }
  const fromEnv = configFromEnv(options.env);
  const sources = Object.fromEntries(
    Object.keys(fromEnv).map((key) => [key, envNames[key] ?? key]),
  );
  return parseConfig({ ...fromFile, ...fromEnv }, sources);
}
