import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface RunningPostgres {
  /** Connection URL of the server's `postgres` database (a superuser, trust auth on loopback). */
  url: string;
  /** True when the cluster was started here (false: AIDE_DATABASE_URL was used). */
  owned: boolean;
  /** Stops and deletes a cluster started here; does nothing to an external server. */
  stop(): Promise<void>;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const systemUser = 'aidepg';
const quiet: ['ignore', 'pipe', 'ignore'] = ['ignore', 'pipe', 'ignore'];

/**
 * A PostgreSQL server for tests. Uses `AIDE_DATABASE_URL` when set; otherwise starts a
 * throwaway cluster on 127.0.0.1 (free port, fsync off) with Debian's binaries, as the
 * unprivileged user `aidepg` when running as root (PostgreSQL refuses to run as root).
 *
 * @example
 * let postgres: RunningPostgres;
 * beforeAll(async () => { postgres = await startPostgres(); });
 * afterAll(() => postgres.stop());
 * // each test: const db = await createTestDatabase(postgres.url); ... await db.drop();
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const external = process.env.AIDE_DATABASE_URL;
  if (external) {
    return { url: external, owned: false, stop: async () => {} };
  }
  const binaries = findBinaries();
  const asRoot = process.getuid?.() === 0;
  const directory = mkdtempSync(join(tmpdir(), 'aide-pg-'));
  const data = join(directory, 'data');
  const as = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', systemUser, '--', command, ...args]] : [command, args];
  const exec = async (command: string, args: string[]) => {
    const [file, argv] = as(command, args);
    // cwd: the unprivileged user may not be allowed into the caller's working directory.
    await run(file, argv, { cwd: directory, env: { ...process.env, LC_ALL: 'C' } });
  };
  let started = false;
  const stop = async () => {
    process.removeListener('exit', stopSync);
    if (started) {
      started = false;
      await exec(join(binaries, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
    }
    rmSync(directory, { recursive: true, force: true });
  };
  // A crashed or interrupted test run must not leave a server behind.
  const stopSync = () => {
    if (started) {
      const [file, argv] = as(join(binaries, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      try {
        execFileSync(file, argv, { cwd: directory, stdio: 'ignore' });
      } catch {
        // Already gone.
      }
    }
    rmSync(directory, { recursive: true, force: true });
  };
  process.on('exit', stopSync);
  try {
    if (asRoot) {
      const { uid, gid } = await ensureSystemUser();
      chownSync(directory, uid, gid);
    }
    await exec(join(binaries, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
      '--no-instructions',
    ]);
    // The free port may be taken between finding it and binding it: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const options = [
        `-p ${port}`,
        `-k ${directory}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c shared_buffers=16MB',
        '-c max_connections=200',
      ].join(' ');
      try {
        await exec(join(binaries, 'pg_ctl'), [
          '-D',
          data,
          '-o',
          options,
          '-l',
          join(directory, 'server.log'),
          '-w',
          '-t',
          '30',
          'start',
        ]);
        started = true;
        return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, owned: true, stop };
      } catch (error) {
        if (attempt >= 3) {
          const log = join(directory, 'server.log');
          const detail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '';
          throw new Error(`PostgreSQL did not start: ${String(error)}\n${detail}`);
        }
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Creates an empty database on the server and returns its URL; `drop()` removes it even when
 * connections are still open.
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `aide_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin(serverUrl, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ),
  };
}

async function withAdmin(serverUrl: string, fn: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** Debian installs versioned binaries under /usr/lib/postgresql/<major>/bin; prefer the newest. */
function findBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((entry) => existsSync(join(root, entry, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) {
    return join(root, versions[0], 'bin');
  }
  for (const directory of (process.env.PATH ?? '').split(':')) {
    if (
      directory &&
      existsSync(join(directory, 'initdb')) &&
      existsSync(join(directory, 'pg_ctl'))
    ) {
      return directory;
    }
  }
  throw new Error(
    'PostgreSQL server binaries not found: install them (apt-get install -y postgresql) or set AIDE_DATABASE_URL',
  );
}

async function ensureSystemUser(): Promise<{ uid: number; gid: number }> {
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', systemUser], { stdio: quiet }).toString().trim()),
    gid: Number(execFileSync('id', ['-g', systemUser], { stdio: quiet }).toString().trim()),
  });
  // Test files start in parallel: another one may be creating the user (and holding the lock
  // on /etc/passwd) right now, so a failed useradd is retried after a look.
  for (let attempt = 1; ; attempt++) {
    try {
      return lookup();
    } catch (error) {
      if (attempt > 20) {
        throw new Error(`Could not create the system user ${systemUser}`, { cause: error });
      }
    }
    try {
      execFileSync('useradd', ['-r', '-M', '-s', '/usr/sbin/nologin', systemUser], {
        stdio: 'ignore',
      });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
