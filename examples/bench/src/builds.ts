import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';

export const benchRoot = fileURLToPath(new URL('../', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const widgetEsm = `${repoRoot}packages/widget/dist/esm/`;
export const peerDir = `${benchRoot}dist/peer/`;
export const listDir = `${benchRoot}dist/list/`;

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} failed (${code}):\n${errors}`)),
    );
  });
}

/** The widget's real build (ESM launcher + chunks, and the one-file IIFE), as `pnpm test` does it. */
export function buildWidget(): Promise<void> {
  return run('pnpm', ['--filter', '@aide/widget', 'build'], repoRoot);
}

/**
 * The peer's script. @sentry/browser ships only its npm modules (no prebuilt CDN bundle in the
 * package), so it goes through the same Vite build and minifier as the widget: one IIFE file.
 */
export async function buildPeer(): Promise<void> {
  await build({
    configFile: false,
    root: benchRoot,
    logLevel: 'error',
    build: {
      target: 'es2022',
      outDir: peerDir,
      emptyOutDir: true,
      minify: true,
      lib: {
        entry: `${benchRoot}pages/peer/entry.ts`,
        formats: ['iife'],
        name: 'SentryFeedbackPeer',
        fileName: () => 'peer.js',
      },
    },
  });
}

/** The list page: the widget's tickets view with generated data, built like the widget. */
export async function buildListPage(): Promise<void> {
  await build({
    configFile: false,
    root: `${benchRoot}pages/list/`,
    base: '/list/',
    logLevel: 'error',
    resolve: { conditions: ['@aide/source', ...defaultClientConditions] },
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    build: { target: 'es2022', outDir: listDir, emptyOutDir: true, minify: true },
  });
}
