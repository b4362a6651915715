import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { draftTicket } from '../test-support/tickets';
import { isStoreError, normalizeSearchText, openStore } from './index';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) {
    rmSync(directory, { recursive: true, force: true });
  }
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'aide-open-'));
  directories.push(directory);
  return directory;
}

it('opens SQLite from a path or a sqlite: URL, and the data survives a restart', async () => {
  const path = join(temporaryDirectory(), 'deep', 'aide.sqlite');
  const first = await openStore({ sqlitePath: path });
  expect(first.dialect).toBe('sqlite');
  const stored = await first.insertTicket(draftTicket());
  await first.close();
  const reopened = await openStore({ url: `sqlite:${path}` });
  expect((await reopened.getTicket('tenant-a', stored.ticket.id))?.ticket.number).toBe(1);
  expect(await reopened.appliedMigrations()).toEqual([1, 2, 3]);
  await reopened.close();
});

it('refuses an unknown database URL scheme with a clear error', async () => {
  await expect(openStore({ url: 'mysql://localhost/aide' })).rejects.toSatisfy(
    (error) => isStoreError(error, 'invalid_config') && String(error).includes('postgres://'),
  );
});

it('refuses to be used once closed', async () => {
  const store = await openStore({ sqlitePath: ':memory:' });
  await store.close();
  await expect(store.listTickets({ tenantId: 'tenant-a' })).rejects.toSatisfy((error) =>
    isStoreError(error, 'invalid_config'),
  );
});

it('folds accents, case, ligatures and spaces the same way for text and queries', () => {
  expect(normalizeSearchText('  Écran NOIR   après\tmise à jour ')).toBe(
    'ecran noir apres mise a jour',
  );
  expect(normalizeSearchText('Cœur ÆSIR straße')).toBe('coeur aesir strasse');
  expect(normalizeSearchText('Ñandú pingüino')).toBe('nandu pinguino');
});
