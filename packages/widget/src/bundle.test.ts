// @vitest-environment node
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds the ESM output as published and inspects what a host page would download: the entry
// must stay a plain-DOM launcher, and nothing may evaluate strings as code or inject HTML.

const widgetRoot = resolve(import.meta.dirname, '..');
let outDir = '';
let chunks: { name: string; code: string; sources: string[] }[] = [];

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'aide-widget-bundle-'));
  await build({
    root: widgetRoot,
    configFile: join(widgetRoot, 'vite.config.ts'),
    logLevel: 'silent',
    // As published: vitest sets NODE_ENV=test, which would otherwise build development JSX.
    mode: 'production',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { outDir, emptyOutDir: true },
  });
  const names = (await readdir(outDir)).filter((name) => name.endsWith('.js'));
  chunks = await Promise.all(
    names.map(async (name) => {
      const code = await readFile(join(outDir, name), 'utf8');
      // An empty chunk has no source map.
      const map = await readFile(join(outDir, `${name}.map`), 'utf8').catch(() => '{"sources":[]}');
      return { name, code, sources: (JSON.parse(map) as { sources: string[] }).sources };
    }),
  );
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** Whether `name` is `target` or reaches it through static imports (which run before it). */
function loadsFirst(name: string, target: string, seen = new Set<string>()): boolean {
  if (name === target) {
    return true;
  }
  seen.add(name);
  const code = chunks.find((chunk) => chunk.name === name)?.code ?? '';
  const imported = [
    ...code.matchAll(/\bimport\s*(?:[\w$\s{},*]+from\s*)?["']\.\/([\w.-]+\.js)["']/g),
  ];
  return imported.some(
    ([, next]) => next !== undefined && !seen.has(next) && loadsFirst(next, target, seen),
  );
}

function entry() {
  const found = chunks.find((chunk) => chunk.name === 'index.js');
  if (!found) {
    throw new Error('no index.js in the build');
  }
  return found;
}

describe('the entry chunk (what the host page loads before the button shows)', () => {
  it('imports nothing statically: the panel arrives only through import()', () => {
    const { code } = entry();
    expect(code).not.toMatch(/^\s*import\s*[\w{*'"]/m);
    expect(code).not.toMatch(/^\s*export\s+\*\s+from/m);
    expect(code).toMatch(/import\(\s*["'`]\.\/panel-[\w-]+\.js["'`]\s*\)/);
  });

  it('contains no Preact, signals, zod or core code', () => {
    const { sources } = entry();
    const foreign = sources.filter((source) =>
      /node_modules|preact|zod|packages\/core|\/core\/src\//.test(source),
    );
    expect(foreign).toEqual([]);
    expect(sources.some((source) => source.endsWith('launcher/launcher.ts'))).toBe(true);
  });
});

describe('every chunk', () => {
  it('never evaluates strings as code', () => {
    for (const { name, code } of chunks) {
      expect(code.includes('eval('), `${name} calls eval`).toBe(false);
      expect(/new\s+Function\s*\(/.test(code), `${name} calls new Function`).toBe(false);
    }
  });

  it('touches innerHTML only in Preact’s dangerouslySetInnerHTML branch, which our code never uses', async () => {
    for (const { name, code } of chunks) {
      for (const match of code.matchAll(/innerHTML/g)) {
        const around = code.slice(Math.max(0, match.index - 80), match.index + 80);
        expect(around, `${name}: ${around}`).toContain('__html');
      }
    }
    const sources = await readdir(join(widgetRoot, 'src'), { recursive: true });
    for (const file of sources.filter(
      (path) => /\.tsx?$/.test(path) && !/\.(test|stories)\./.test(path),
    )) {
      const text = await readFile(join(widgetRoot, 'src', file), 'utf8');
      expect(text.includes('dangerouslySetInnerHTML'), file).toBe(false);
    }
  });

  it('carries no zod classic: core’s schemas are built with zod mini', () => {
    for (const { name, sources } of chunks) {
      const classic = sources.filter((source) => /\/zod\/v4\/classic\//.test(source));
      expect(classic, `${name} bundles zod classic`).toEqual([]);
    }
    const mini = chunks.filter(({ sources }) =>
      sources.some((source) => /\/zod\/v4\/mini\//.test(source)),
    );
    expect(mini.length).toBeGreaterThan(0);
  });

  it('turns zod’s JIT off before core’s schemas are built (strict CSP)', () => {
    // Core does it in its own zod module, which each of its schema modules imports first: that
    // module must survive tree-shaking, and every chunk holding a schema of core must be that
    // chunk or load it before itself (a static import runs first).
    const setup = chunks.find(({ sources }) =>
      sources.some((source) => source.endsWith('core/src/zod.ts')),
    );
    expect(setup?.code).toMatch(/\(\s*\{\s*jitless\s*:\s*(!0|true)\s*\}\s*\)/);
    const withSchemas = chunks.filter(({ sources }) =>
      // error-codes.ts is the one module there without a schema (zod-free on purpose).
      sources.some((source) =>
        /core\/src\/(ticket|contract|catalog)\/(?!error-codes)/.test(source),
      ),
    );
    expect(withSchemas.length).toBeGreaterThan(0);
    for (const chunk of withSchemas) {
      expect(loadsFirst(chunk.name, setup?.name ?? ''), chunk.name).toBe(true);
    }
  });

  it('keeps English and Spanish out of the French panel chunk', () => {
    const panel = chunks.find((chunk) => chunk.name.startsWith('panel-'));
    expect(panel?.code).toContain('Nouvelle demande');
    expect(panel?.code).not.toContain('Send request');
    expect(panel?.code).not.toContain('Enviar la solicitud');
  });
});
