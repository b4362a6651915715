import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './messages';

const entry = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export interface ChildServer {
  url: string;
  /** The server process's id (to read its CPU time). */
  pid: number;
  /** A ticket of the demo tenant (null for the bare server). */
  ticketId: string | null;
  /** Inserts bench tickets until the tenant holds `total` of them; resolves the time taken. */
  seed(total: number): Promise<number>;
  stop(): Promise<void>;
}

function next(child: ChildProcess): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      child.off('exit', onExit);
      if (message.type === 'error') {
        reject(new Error(`bench server: ${message.message}`));
      } else {
        resolve(message);
      }
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`bench server exited (${code})`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts `server-process.ts` in its own Node process (through tsx, with the @aide/source
 * condition) and waits until it listens.
 *
 * @example
 * const bare = await startChildServer('bare');
 * const aide = await startChildServer('aide', { BENCH_DATABASE_URL: postgresUrl });
 */
export async function startChildServer(
  mode: 'bare' | 'aide',
  env: Record<string, string> = {},
  /** More Node flags for the server process (`--cpu-prof`, written when it stops). */
  nodeFlags: readonly string[] = [],
): Promise<ChildServer> {
  const child = fork(entry, [mode], {
    execArgv: ['--import', 'tsx', '--conditions=@aide/source', ...nodeFlags],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await next(child);
  if (ready.type !== 'ready') {
    child.kill('SIGKILL');
    throw new Error(`bench server: unexpected ${ready.type}`);
  }
  const send = (message: ParentMessage) => child.send(message);
  return {
    url: ready.url,
    pid: child.pid ?? 0,
    ticketId: ready.ticketId,
    async seed(total) {
      const answer = next(child);
      send({ type: 'seed', total });
      const message = await answer;
      return message.type === 'seeded' ? message.ms : Number.NaN;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        send({ type: 'stop' });
      }),
  };
}
