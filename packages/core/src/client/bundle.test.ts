import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, expect, it } from 'vitest';

// The client as the widget ships it: imported from @aide/core's main entry, minified, with zod
// and ky bundled in. Budget: 28 KiB brotli (measured 25.7 KiB with the outbox once core's
// schemas moved to zod/mini; 39.8 KiB on classic zod). Moving it needs a reason in the same
// commit.
const budgetBrotli = 28 * 1024;

const coreEntry = fileURLToPath(new URL('../index.ts', import.meta.url));
const workDirectory = mkdtempSync(join(tmpdir(), 'aide-client-bundle-'));
afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

it('keeps the widget client small, on zod mini, and free of the OpenAPI generator', async () => {
  const entry = join(workDirectory, 'entry.js');
  writeFileSync(
    entry,
    "export { createClient, createOutbox, createWebStorageOutboxStorage } from '@aide/core';\n",
  );
  await build({
    configFile: false,
    logLevel: 'silent',
    root: workDirectory,
    resolve: { alias: { '@aide/core': coreEntry } },
    build: {
      outDir: join(workDirectory, 'out'),
      minify: true,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: () => 'client.js' },
    },
  });
  const code = readFileSync(join(workDirectory, 'out', 'client.js'));
  const text = code.toString();
  expect(text).toContain('Idempotency-Key');
  expect(text).not.toContain('#/components/schemas/');
  expect(text).not.toContain('Problem429');
  // zod classic names its classes `ZodObject`, `ZodString`...: none may come along, mini's must.
  expect(text).toContain('ZodMiniObject');
  expect(text).not.toMatch(/["'](ZodObject|ZodString|ZodType)["']/);
  // Bundlers honour core's `sideEffects`: the jitless switch survives tree-shaking, and runs
  // before the first schema is built (strict CSP).
  const jitless = text.search(/\(\s*\{\s*jitless\s*:\s*(!0|true)\s*\}\s*\)/);
  expect(jitless).toBeGreaterThan(-1);
  expect(text.indexOf('"rate"')).toBeGreaterThan(jitless);
  const brotli = brotliCompressSync(code, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  const gzip = gzipSync(code, { level: 9 }).length;
  expect(brotli).toBeLessThan(budgetBrotli);
  expect(gzip).toBeGreaterThan(brotli);
}, 60_000);
