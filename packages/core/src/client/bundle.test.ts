import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, expect, it } from 'vitest';

// The client as the widget ships it: imported from @aide/core's main entry, minified, with zod
// and ky bundled in. Budget: 42 KiB brotli (measured 39.8 KiB with the outbox: zod ~21.5,
// ky ~8.4, contract schemas and client ~7.3). Moving it needs a reason in the same commit.
const budgetBrotli = 42 * 1024;

const coreEntry = fileURLToPath(new URL('../index.ts', import.meta.url));
const workDirectory = mkdtempSync(join(tmpdir(), 'aide-client-bundle-'));
afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

it('keeps the widget client small and free of the OpenAPI generator', async () => {
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
  const brotli = brotliCompressSync(code, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  const gzip = gzipSync(code, { level: 9 }).length;
  expect(brotli).toBeLessThan(budgetBrotli);
  expect(gzip).toBeGreaterThan(brotli);
}, 60_000);
