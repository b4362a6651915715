import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoStack } from '@aide/example-demo';
import type { TestProject } from 'vitest/node';

// One demo stack for the whole e2e run: a fresh data directory (so the demo fixture is seeded
// anew), free ports, the widget's one-file build made from the current sources.

export interface StackUrls {
  aideServer: string;
  saasHost: string;
  hub: string;
  agentKey: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackUrls;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aide-e2e-'));
  const started = performance.now();
  const stack = await startDemoStack({
    dataDir,
    ports: { server: 0, saasHost: 0, hub: 0, smtp: 0 },
    hotReload: false,
    log: (line) => {
      if (process.env.AIDE_E2E_VERBOSE) {
        console.log(line);
      }
    },
  });
  console.log(`e2e: demo stack up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  project.provide('stack', {
    aideServer: stack.aideServer,
    saasHost: stack.saasHost,
    hub: stack.hub,
    agentKey: stack.agentKey,
  });
  return async () => {
    await stack.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
