import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

// `aide-server` as a user runs it: a real process through tsx, from the package folder.

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(packageDir, '..', '..', 'node_modules', '.bin', 'tsx');
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'aide-cli-'));
});
afterAll(async () => {
  for (const child of children) {
    child.kill('SIGTERM');
  }
  await rm(dataDir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(tsx, ['--conditions=@aide/source', 'src/main.ts', ...args], {
    cwd: packageDir,
    env: { ...process.env, AIDE_DATA_DIR: dataDir, AIDE_PORT: '0', ...env },
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = async (): Promise<string> => {
    for (let waited = 0; waited < 30_000; waited += 100) {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        return match[1];
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`aide-server did not start:\n${output}`);
  };
  return { child, exited, listening, output: () => output };
}

it('starts the demo on loopback, seeds once, keeps data on restart and wipes with --reset', async () => {
  const first = run(['--', '--demo']);
  const url = await first.listening();
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(first.output()).toContain('seeded the demo tenant (7 tickets)');
  expect((await fetch(`${url}/health`)).status).toBe(200);
  first.child.kill('SIGTERM');
  expect(await first.exited).toBe(0);

  const second = run(['--demo']);
  await second.listening();
  expect(second.output()).toContain('demo tenant already seeded, data kept');
  second.child.kill('SIGTERM');
  await second.exited;

  const third = run(['--demo', '--reset']);
  await third.listening();
  expect(third.output()).toContain('wiped');
  expect(third.output()).toContain('seeded the demo tenant (7 tickets)');
  third.child.kill('SIGTERM');
  await third.exited;
  // Three server starts through tsx: about 8 s here, several times that on a busy CI machine.
}, 180_000);

it('stops with a clear message for each invalid setting', async () => {
  const config = join(dataDir, 'bad.json');
  await writeFile(
    config,
    JSON.stringify({ tenants: [{ id: 'acme', secret: 'short', allowed_origins: ['nope'] }] }),
  );
  const failed = run(['--config', config], { AIDE_PORT: 'eighty' });
  expect(await failed.exited).toBe(1);
  expect(failed.output()).toContain('port (from AIDE_PORT):');
  expect(failed.output()).toContain(
    'tenants[0].secret: HS256 secrets must be at least 16 characters',
  );
  expect(failed.output()).toContain('tenants[0].allowed_origins[0]: must be an origin');
  const unknown = run(['--frobnicate']);
  expect(await unknown.exited).toBe(2);
  expect(unknown.output()).toContain('Usage: aide-server');
  // Two process starts through tsx: about 3 s here, several times that on a busy CI machine.
}, 90_000);
