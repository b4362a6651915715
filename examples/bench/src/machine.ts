import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { repoRoot } from './builds';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  freeGb: number;
  loadAverage: string;
  date: string;
  node: string;
  versions: Record<string, string>;
}

const require = createRequire(import.meta.url);

async function installedVersion(name: string): Promise<string> {
  try {
    const path = require.resolve(`${name}/package.json`);
    const json = JSON.parse(await readFile(path, 'utf8')) as { version?: string };
    return json.version ?? '?';
  } catch {
    return '?';
  }
}

async function declared(
  packageJson: string,
  names: readonly string[],
): Promise<Record<string, string>> {
  const json = JSON.parse(await readFile(`${repoRoot}${packageJson}`, 'utf8')) as {
    version?: string;
    dependencies?: Record<string, string>;
  };
  return Object.fromEntries(names.map((name) => [name, json.dependencies?.[name] ?? '?']));
}

/** What the figures were measured on, and with which versions. */
export async function describeMachine(): Promise<Machine> {
  const list = cpus();
  const widget = await declared('packages/widget/package.json', ['preact', '@preact/signals']);
  const core = await declared('packages/core/package.json', ['zod', 'ky']);
  const server = await declared('packages/server/package.json', [
    'hono',
    '@hono/node-server',
    'better-sqlite3',
    'pg',
  ]);
  const versions: Record<string, string> = { ...widget, ...core, ...server };
  for (const name of ['vite', 'playwright-core', 'autocannon', '@sentry/browser']) {
    versions[name] = await installedVersion(name);
  }
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: totalmem() / 1024 ** 3,
    freeGb: freemem() / 1024 ** 3,
    loadAverage: loadavg()
      .map((value) => value.toFixed(1))
      .join(', '),
    date: new Date().toISOString(),
    node: process.version,
    versions,
  };
}
