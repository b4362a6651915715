import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../store/index';
import { authorizationMatrix } from './authorization-matrix';

authorizationMatrix('SQLite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aide-matrix-'));
  const store = await openStore({ sqlitePath: join(dir, 'aide.sqlite') });
  return {
    store,
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
