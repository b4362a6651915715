import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type ServerConfigInput } from '@aide/server';

// The reference server as production runs it: its own process, started by its real CLI
// (`aide-server --config <file>`), so that SIGKILL kills it the way a crash or an OOM kill
// does: no shutdown hook, no flush, whatever was in flight simply stops. The database file and
// the port stay the same across restarts, so clients (through the fault proxy) and data carry on.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverMain = join(repoRoot, 'packages/server/src/main.ts');

/** How long a start may take before it counts as failed (tsx compiles the server first). */
const startTimeoutMs = 60_000;

export interface ServerProcess {
  /** The port, the same after every restart. */
  port: number;
  /** `http://127.0.0.1:<port>`, straight to the server (no proxy). */
  url: string;
  /** The SQLite file the server writes, kept across restarts. */
  databasePath: string;
  /** Restarts the server on the same port and database; resolves once /health answers 200. */
  start(): Promise<void>;
  /** SIGKILL, then waits until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful shutdown), then waits until the process is gone. */
  stop(): Promise<void>;
  /** Stops the server if running and deletes its data directory. */
  dispose(): Promise<void>;
  /** The server's recent output (stdout and stderr), to explain a failure. */
  output(): string;
}

export interface ServerProcessOptions {
  /** The configuration file's content, without port and data_dir (set here). */
  config: Omit<ServerConfigInput, 'port' | 'data_dir' | 'database_url'>;
}

/**
 * Starts `aide-server` in a child process on a free port with SQLite in a fresh temporary
 * directory, and waits until it serves /health.
 *
 * @example
 * const server = await startServerProcess({ config: { tenants: [tenant] } });
 * await server.kill();
 * await server.start(); // same port, same database
 * await server.dispose();
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aide-server-process-'));
  const configPath = join(dataDir, 'aide.json');
  const config = { ...options.config, host: '127.0.0.1', data_dir: dataDir };
  // A bad configuration fails here with the setting's name, not as a child that exits early.
  parseConfig({ ...config, port: 0 });
  await writeFile(configPath, JSON.stringify(config, null, 2));

  let child: ChildProcess | undefined;
  let port = 0;
  const recent: string[] = [];
  const remember = (text: string) => {
    recent.push(text);
    if (recent.length > 200) {
      recent.splice(0, recent.length - 200);
    }
  };

  const launch = async (): Promise<void> => {
    const launched = spawn(
      process.execPath,
      // Node itself runs main.ts (tsx as a loader), so the pid killed is the server's own: the
      // tsx CLI would put a wrapper process in between that SIGKILL would not pass through.
      [
        '--import',
        'tsx',
        '--conditions=@aide/source',
        serverMain,
        '--config',
        configPath,
        '--port',
        String(port),
      ],
      { cwd: repoRoot, env: serverEnv(process.env), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = launched;
    const listening = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`aide-server did not start in ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      // Until the "listening" line: it may come split over two chunks.
      let printed: string | undefined = '';
      launched.stdout?.setEncoding('utf8').on('data', (text: string) => {
        remember(text);
        if (printed === undefined) {
          return;
        }
        printed += text;
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(printed);
        if (match?.[1] !== undefined) {
          printed = undefined;
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      launched.stderr?.setEncoding('utf8').on('data', remember);
      launched.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`aide-server exited during start (${signal ?? code})`));
      });
    });
    try {
      port = await listening;
      await waitForHealth(`http://127.0.0.1:${port}`);
    } catch (error) {
      launched.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${recent.join('')}`);
    }
  };

  const signal = async (name: 'SIGKILL' | 'SIGTERM') => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill(name);
    await exited;
  };

  await launch();
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    databasePath: join(dataDir, 'aide.sqlite'),
    start: launch,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    async dispose() {
      await signal('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    },
    output: () => recent.join(''),
  };
}

/** The environment without AIDE_* settings, which would override the configuration file. */
function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('AIDE_')));
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`${url}/health did not answer 200 in ${startTimeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
