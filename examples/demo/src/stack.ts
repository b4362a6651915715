import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { talentiaConfig } from '@aide/example-saas-host/host-config';
import {
  createServer as createViteServer,
  defaultClientConditions,
  type ViteDevServer,
} from 'vite';
import { type CspReport, type Hub, startHub } from './hub';

/** The script-tag page's Content-Security-Policy, for suites that serve that page themselves. */
export { strictCsp } from './hub';

import { type ReceivedMail, type SmtpInbox, startSmtpInbox } from './smtp-inbox';

// The whole demo as one function, used by `pnpm demo` (fixed ports) and by the e2e journeys
// (free ports, a fresh data directory): the reference server in its own process group, an SMTP
// inbox, the Talentia host app, and the hub (plain-HTML examples, inbox page, agent console).

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverEntry = fileURLToPath(new URL('./aide-server.mjs', import.meta.url));
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

export interface DemoPorts {
  server: number;
  saasHost: number;
  hub: number;
  smtp: number;
}

export const defaultPorts: DemoPorts = { server: 8787, saasHost: 5173, hub: 5180, smtp: 2525 };

export interface DemoStackOptions {
  /** Where the server keeps its SQLite file and attachments. */
  dataDir: string;
  /** Delete dataDir first, so the server seeds the demo fixture again. */
  reset?: boolean;
  /** 0 for any of them picks a free port. */
  ports?: Partial<DemoPorts>;
  /** Build the widget's one-file (IIFE) build first; the plain-HTML examples load it. */
  buildWidget?: boolean;
  /**
   * Reload Talentia's pages when a source file changes (default). Tests turn it off, so that
   * someone editing the widget meanwhile does not reload the page under a journey.
   */
  hotReload?: boolean;
  /** Lines from the server and the stack; defaults to the console. */
  log?: (line: string) => void;
  onMail?: (mail: ReceivedMail) => void;
}

export interface DemoStack {
  aideServer: string;
  saasHost: string;
  hub: string;
  smtpPort: number;
  agentKey: string;
  mails(): readonly ReceivedMail[];
  cspReports(): readonly CspReport[];
  stop(): Promise<void>;
  /** Synchronous last resort for an `exit` handler: SIGKILL the server's process group. */
  killNow(): void;
}

/** Asks the OS for a free loopback port (closed again before use: good enough for tests). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function pick(port: number | undefined, fallback: number): Promise<number> {
  const wanted = port ?? fallback;
  return wanted === 0 ? freePort() : wanted;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) {
        resolve();
      } else {
        reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${errors}`));
      }
    });
  });
}

/** Builds dist/iife/aide.js, the file the script-tag and hostile-CSS pages load. */
export function buildWidgetIife(): Promise<void> {
  return run(
    'pnpm',
    ['exec', 'vite', 'build', '--logLevel', 'error'],
    `${repoRoot}packages/widget`,
    {
      ...process.env,
      AIDE_BUILD: 'iife',
    },
  );
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Stops a detached child and everything it started (tsx → node), then waits. */
function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  const pid = child.pid;
  return new Promise((resolve) => {
    const kill = (signal: NodeJS.Signals): void => killGroup(pid, signal);
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      // Grandchildren that ignored SIGTERM would outlive their parent: no orphans.
      kill('SIGKILL');
      resolve();
    });
    kill('SIGTERM');
  });
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`aide-server exited with code ${child.exitCode}:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`aide-server did not answer ${url}/health within 90 s:\n${output()}`);
}

/**
 * Starts the demo. Every part is stopped again if one fails to start.
 *
 * @example
 * const stack = await startDemoStack({ dataDir: '.data/demo', ports: { server: 0 } });
 * console.log(stack.saasHost);
 * await stack.stop();
 */
export async function startDemoStack(options: DemoStackOptions): Promise<DemoStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const ports: DemoPorts = {
    server: await pick(options.ports?.server, defaultPorts.server),
    saasHost: await pick(options.ports?.saasHost, defaultPorts.saasHost),
    hub: await pick(options.ports?.hub, defaultPorts.hub),
    smtp: await pick(options.ports?.smtp, defaultPorts.smtp),
  };
  const aideServer = `http://127.0.0.1:${ports.server}`;
  const saasHost = `http://127.0.0.1:${ports.saasHost}`;
  const stops: (() => Promise<void>)[] = [];
  let server: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    // The server first: it is the one part that could outlive this process.
    if (server !== undefined) {
      await stopGroup(server);
    }
    for (const close of stops.toReversed()) {
      await close().catch((error: unknown) => log(`while stopping: ${String(error)}`));
    }
    stops.length = 0;
  };

  try {
    if (options.reset === true) {
      await rm(options.dataDir, { recursive: true, force: true });
    }
    await mkdir(options.dataDir, { recursive: true });
    if (options.buildWidget !== false) {
      // A broken build must not hide the rest of the demo: the plain pages then say so.
      await buildWidgetIife().catch((error: unknown) =>
        log(
          `The widget's one-file build failed; /script-tag/ and /hostile-css/ need it.\n${String(error)}`,
        ),
      );
    }

    const inbox: SmtpInbox = await startSmtpInbox({
      port: ports.smtp,
      ...(options.onMail === undefined ? {} : { onMail: options.onMail }),
    });
    stops.push(() => inbox.close());

    // The demo tenant comes from --demo; this file adds what only the stack knows (its ports).
    const configPath = `${options.dataDir}/demo-stack.json`;
    await writeFile(
      configPath,
      JSON.stringify(
        {
          app_url: saasHost,
          smtp: {
            host: '127.0.0.1',
            port: inbox.port,
            secure: false,
            from: 'Aide <aide@demo.test>',
          },
        },
        null,
        2,
      ),
    );
    let serverOutput = '';
    server = spawn(
      process.execPath,
      [tsxCli, '--conditions=@aide/source', serverEntry, '--demo', '--config', configPath],
      {
        cwd: repoRoot,
        // Its own process group, so that stopping kills tsx and its node child together.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          AIDE_PORT: String(ports.server),
          AIDE_HOST: '127.0.0.1',
          AIDE_DATA_DIR: options.dataDir,
          AIDE_APP_URL: saasHost,
        },
      },
    );
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString();
      serverOutput = (serverOutput + text).slice(-20_000);
      for (const line of text.split('\n')) {
        if (line.trim() !== '') {
          log(`[server] ${line}`);
        }
      }
    };
    server.stdout?.on('data', collect);
    server.stderr?.on('data', collect);
    await waitForHealth(aideServer, server, () => serverOutput);

    const host = await createViteServer(
      talentiaConfig({ aideServer, port: ports.saasHost, hotReload: options.hotReload ?? true }),
    );
    await host.listen();
    stops.push(() => host.close());

    const agentConsole: ViteDevServer = await createViteServer({
      root: fileURLToPath(new URL('../console/', import.meta.url)),
      base: '/agent/',
      configFile: false,
      logLevel: 'warn',
      appType: 'spa',
      resolve: { conditions: ['@aide/source', ...defaultClientConditions] },
      define: { __AIDE_SERVER__: JSON.stringify(aideServer) },
      server: { middlewareMode: true, hmr: false },
    });
    stops.push(() => agentConsole.close());

    const hub: Hub = await startHub({
      port: ports.hub,
      aideServer,
      saasHost,
      smtpPort: inbox.port,
      inbox: () => inbox.messages(),
      agentConsole,
    });
    stops.push(() => hub.close());

    return {
      aideServer,
      saasHost,
      hub: hub.url,
      smtpPort: inbox.port,
      agentKey: 'demo-agent-key',
      mails: () => inbox.messages(),
      cspReports: () => hub.cspReports(),
      stop,
      killNow: () => {
        if (server?.pid !== undefined && server.exitCode === null && server.signalCode === null) {
          killGroup(server.pid, 'SIGKILL');
        }
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
