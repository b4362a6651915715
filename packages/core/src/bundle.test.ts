import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { en } from './i18n/en';
import { es } from './i18n/es';
import { fr } from './i18n/fr';

// What a browser bundle of @aide/core really contains, built the way a host's Vite would:
// from source, minified, zod and ky left to the host (they are dependencies, deduped there).

const coreDir = fileURLToPath(new URL('..', import.meta.url));
const sourceDir = fileURLToPath(new URL('.', import.meta.url));
// Inside node_modules so that zod resolves from the entry file, and git ignores it.
const cacheDir = join(coreDir, 'node_modules', '.cache');
mkdirSync(cacheDir, { recursive: true });
const workDir = mkdtempSync(join(cacheDir, 'aide-bundle-test-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function bundle(name: string, source: string): Promise<string> {
  const entry = join(workDir, `${name}.js`);
  writeFileSync(entry, source);
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: coreDir,
    resolve: { conditions: ['@aide/source', 'module', 'browser', 'import', 'default'] },
    build: {
      write: false,
      minify: true,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: name },
      rolldownOptions: { external: [/^zod/, /^ky/] },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  return outputs
    .flatMap((output) => output.output)
    .map((file) => (file.type === 'chunk' ? file.code : ''))
    .join('\n');
}

// The longest run of plain ASCII words of a message: it survives minification as written,
// whatever the quoting or escaping of the rest.
function fingerprint(message: string): string | undefined {
  // Argument names and plural/select syntax are the same in every locale: only text counts.
  const text = message
    .replace(/\{\s*@?[\w.]+\s*,\s*(plural|select)\s*,/g, ' ')
    .replace(/(=\d+|zero|one|two|few|many|other|feminine|masculine|neuter)\s*\{/g, ' ');
  const runs = text.match(/[A-Za-z][A-Za-z ,]{10,}[A-Za-z]/g) ?? [];
  return runs.sort((a, b) => b.length - a.length)[0];
}

/**
 * Catalog entries of `messages` found in the code: the key, quoted, followed closely by the
 * message (a key alone proves nothing, every locale has the same keys; a phrase alone could
 * come from another module, such as an English log message).
 */
function entriesIn(code: string, messages: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [key, message] of Object.entries(messages)) {
    const print = fingerprint(message);
    if (print === undefined) {
      continue;
    }
    for (const quote of ['"', "'"]) {
      let at = code.indexOf(`${quote}${key}${quote}:`);
      while (at !== -1 && !found.includes(key)) {
        if (code.slice(at, at + key.length + 3 + message.length * 2).includes(print)) {
          found.push(key);
        }
        at = code.indexOf(`${quote}${key}${quote}:`, at + 1);
      }
    }
  }
  return found;
}

/** Keys whose message differs from French and can be recognised. */
function distinctKeys(messages: Record<string, string>): string[] {
  return Object.keys(messages).filter((key) => {
    const message = messages[key] ?? '';
    return fingerprint(message) !== undefined && message !== (fr as Record<string, string>)[key];
  });
}

describe('the main entry bundle', () => {
  it('imports zod mini only, never zod classic', { timeout: 30_000 }, async () => {
    const code = await bundle('zod', `export * from '${join(sourceDir, 'index.ts')}';`);
    const specifiers = [...code.matchAll(/\bfrom\s*["'](zod[^"']*)["']/g)].map(([, name]) => name);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(new Set(specifiers)).toEqual(new Set(['zod/mini']));
  });

  it('ships French and no English or Spanish catalog', { timeout: 30_000 }, async () => {
    const code = await bundle('main', `export * from '${join(sourceDir, 'index.ts')}';`);
    // The check can see a catalog: nearly every French entry is found (a few are too short to
    // recognise).
    const frenchKeys = Object.keys(fr).filter((key) => fingerprint(fr[key as keyof typeof fr]));
    expect(frenchKeys.length).toBeGreaterThan(100);
    expect(entriesIn(code, fr)).toEqual(frenchKeys);
    expect(distinctKeys(en).length).toBeGreaterThan(100);
    expect(distinctKeys(es).length).toBeGreaterThan(100);
    const english = Object.fromEntries(
      distinctKeys(en).map((key) => [key, en[key as keyof typeof en]]),
    );
    const spanish = Object.fromEntries(
      distinctKeys(es).map((key) => [key, es[key as keyof typeof es]]),
    );
    expect(entriesIn(code, english)).toEqual([]);
    expect(entriesIn(code, spanish)).toEqual([]);
  });

  it('keeps what a widget takes from the catalog and i18n within budget', {
    timeout: 30_000,
  }, async () => {
    const code = await bundle(
      'widget',
      `export { categoriesByGroup, createTranslator, defaultCatalog, fr, ticketFormSchema, validate, visibleFields } from '${join(sourceDir, 'index.ts')}';`,
    );
    // The simple preset is not used here: it must not come along.
    expect(code).not.toMatch(/key:\s*["']simple\.problem["']/);
    expect(code).toMatch(/key:\s*["']technical\.incident["']/);
    // Budget without zod (measured 10.3 KB brotli when set): catalog, French, translator.
    expect(brotliCompressSync(code).length).toBeLessThan(14 * 1024);
  });
});
