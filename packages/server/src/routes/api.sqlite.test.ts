import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/index';
import { apiSuite } from './api-suite';

apiSuite('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aide-sqlite-'));
  const store = await openStore({ sqlitePath: join(dir, 'aide.sqlite') });
  return {
    store,
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
