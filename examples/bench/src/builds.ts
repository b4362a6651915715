import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build, defaultClientConditions } from 'vite';

export const benchRoot = fileURLToPath(new URL('../', import.meta.url));
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// The widget's own build config, with the output in the bench's folder: other people rebuild
// packages/widget/dist while the bench runs.
export const widgetDist = `${benchRoot}dist/widget/`;
export const widgetEsm = `${widgetDist}esm/`;
export const peerDir = `${benchRoot}dist/peer/`;
export const listDir = `${benchRoot}dist/list/`;

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
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

/**
 * The widget's real build (ESM launcher + chunks, and the one-file IIFE): its `build` script's
 * two Vite runs, with its vite.config.ts, written to the bench's dist/widget.
 */
export async function buildWidget(): Promise<void> {
  const widget = `${repoRoot}packages/widget`;
  const vite = ['exec', 'vite', 'build', '--logLevel', 'error', '--emptyOutDir', '--outDir'];
  await run('pnpm', [...vite, widgetEsm], widget);
  await run('pnpm', [...vite, `${widgetDist}iife/`], widget, {
    ...process.env,
    AIDE_BUILD: 'iife',
  });
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
