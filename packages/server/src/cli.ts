import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLifecyclePolicy } from '@aide/core';
import { createFileStore, purgeAbandonedUploads } from './attachments/files';
import { ConfigError, loadConfig, parseConfig, type ServerConfig } from './config/config';
import { demoConfig, demoTenantId } from './demo/fixture';
import { seedDemo } from './demo/seed';
import { startSweeper } from './jobs/sweep';
import { startServer } from './main';
import { createSmtpMailer } from './notifications/mailer';
import { createDirectory } from './services/directory';
import { buildTenant } from './services/tenants';
import { openStore } from './store/index';
import type { Store } from './store/store';

const usage = `Usage: aide-server [--config <file.json>] [--demo] [--reset] [--port <n>]

  --config <file>  JSON configuration (tenants, secrets, origins, SLA, SMTP...)
  --demo           add and seed the demo tenant (DESIGN.md section 7), idempotent
  --reset          wipe the embedded database and attachments before starting
  --port <n>       port to listen on (also AIDE_PORT; default 8787)

Environment: AIDE_PORT, AIDE_HOST, AIDE_DATABASE_URL (postgres://... or sqlite:<path>),
AIDE_DATA_DIR (default .data), AIDE_APP_URL.`;

/** Where the embedded database lives when AIDE_DATABASE_URL is not set. */
export function databaseUrl(config: ServerConfig): string {
  return config.database_url ?? `sqlite:${join(config.data_dir, 'aide.sqlite')}`;
}

/**
 * Runs `aide-server`: reads the configuration, opens (and migrates) the store, seeds the demo
 * tenant when asked, serves until SIGINT/SIGTERM. Returns the exit code of a failed start.
 *
 * @example
 * process.exitCode = await runCli(['--demo'], process.env);
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    // `pnpm start -- --demo` forwards the separator itself.
    args = parse(argv[0] === '--' ? argv.slice(1) : argv);
  } catch (error) {
    console.error(`aide-server: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.values.help) {
    console.log(usage);
    return 0;
  }
  let config: ServerConfig;
  try {
    const base = args.values.demo ? (demoConfig() as Record<string, unknown>) : {};
    const overrides = args.values.port === undefined ? {} : { AIDE_PORT: args.values.port };
    config = await loadConfig({
      configPath: args.values.config,
      env: { ...env, ...overrides },
      base,
    });
    if (args.values.demo && !config.tenants.some((tenant) => tenant.id === demoTenantId)) {
      config = { ...config, tenants: [...config.tenants, ...(await demoTenants())] };
    }
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const url = databaseUrl(config);
  if (args.values.reset) {
    if (!url.startsWith('sqlite:')) {
      console.error('aide-server: --reset only wipes the embedded (SQLite) database');
      return 1;
    }
    const file = resolve(url.slice('sqlite:'.length));
    for (const path of [file, `${file}-wal`, `${file}-shm`, join(config.data_dir, 'attachments')]) {
      await rm(path, { recursive: true, force: true });
    }
    console.log(`aide-server: wiped ${file} and its attachments`);
  }
  let store: Store;
  try {
    store = await openStore({ url });
  } catch (error) {
    console.error(`aide-server: cannot open the database (${(error as Error).message})`);
    return 1;
  }
  const directory = createDirectory();
  if (args.values.demo) {
    const { created } = await seedDemo(store, config, directory, new Date());
    console.log(
      created > 0
        ? `aide-server: seeded the demo tenant (${created} tickets)`
        : 'aide-server: demo tenant already seeded, data kept',
    );
  }
  const tenants = new Map(config.tenants.map((tenant) => [tenant.id, buildTenant(tenant)]));
  const mailer =
    config.smtp === null
      ? undefined
      : createSmtpMailer({
          host: config.smtp.host,
          port: config.smtp.port,
          secure: config.smtp.secure,
          from: config.smtp.from,
          ...(config.smtp.user === undefined
            ? {}
            : { auth: { user: config.smtp.user, pass: config.smtp.password ?? '' } }),
        });
  // Reminders, auto-resolution and e-mail delivery: safe to run on every instance at once.
  const sweeper = startSweeper({
    intervalMs: 30_000,
    store,
    policyFor: (tenantId) => tenants.get(tenantId)?.policy ?? defaultLifecyclePolicy,
    appUrl: config.app_url,
    defaultLocale: (tenantId) => tenants.get(tenantId)?.config.locale,
    ...(mailer === undefined ? {} : { mailer }),
    onError: (error) => console.error('aide-server: sweep failed', error),
  });
  const server = await startServer({
    config,
    store,
    directory,
    afterWrite: () => sweeper.nudge(),
  });
  console.log(`aide-server listening on ${server.url} (database: ${url.split('@').pop()})`);
  if (args.values.demo) {
    console.log(
      `demo: tenant "${demoTenantId}", HS256 secret "demo-secret-change-me", users ada (admin), bob (member) of acme, eve (member) of globex, agent key "demo-agent-key"`,
    );
  }
  const files = createFileStore(config.data_dir);
  const purge = setInterval(() => {
    purgeAbandonedUploads(store, files, new Date()).catch((error: unknown) =>
      console.error('aide-server: purging abandoned uploads failed', error),
    );
  }, 3_600_000);
  purge.unref();
  const stop = async () => {
    clearInterval(purge);
    await sweeper.stop();
    mailer?.close();
    await server.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return 0;
}

async function demoTenants(): Promise<ServerConfig['tenants']> {
  return parseConfig(demoConfig()).tenants;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      config: { type: 'string' },
      demo: { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
}
