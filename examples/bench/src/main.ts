import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import {
  benchRoot,
  buildListPage,
  buildPeer,
  buildWidget,
  peerDir,
  repoRoot,
  widgetDist,
  widgetEsm,
} from './builds';
import { startChildServer } from './children';
import { launchChromium } from './chromium';
import { composition } from './composition';
import { startHost } from './host';
import { runLoad } from './load';
import { describeMachine } from './machine';
import { hostImpact, type OpeningCase, opening } from './page-bench';
import { renderReport } from './report';
import { scaling } from './scaling';
import { lazyChunks, staticClosure, weigh } from './weight';

// `pnpm bench`: every benchmark of issue 8, one table per section on stdout, and
// examples/bench/BENCHMARKS.md (the text under "## Reading" in an existing file is kept).
// BENCH_QUICK=1 runs each figure once with short server runs (to try the bench, not to report).

const quick = process.env.BENCH_QUICK === '1';
const runs = quick
  ? { page: 1, opening: 1, scaling: 1, server: 1 }
  : { page: 5, opening: 4, scaling: 3, server: 3 };
const serverOptions = quick
  ? { connections: 10, seconds: 2, growthSeconds: 1 }
  : { connections: 10, seconds: 5, growthSeconds: 3 };
const reportPath = `${benchRoot}BENCHMARKS.md`;

const log = (line: string) => console.log(line);
const started = performance.now();

function formatReport(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('pnpm', ['exec', 'biome', 'format', '--write', reportPath], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`biome format exited with ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const machine = await describeMachine();
  log(`Aide bench on ${machine.cpu} × ${machine.cores}, load ${machine.loadAverage}`);

  log('Building the widget, the peer and the list page…');
  await buildWidget();
  await buildPeer();
  await buildListPage();

  log('Browser benchmarks (reference server with the demo seed, SQLite)…');
  const aide = await startChildServer('aide');
  const host = await startHost(aide.url);
  const browser = await launchChromium();
  let chromium = '';
  let hostFigures: Awaited<ReturnType<typeof hostImpact>>;
  let openingFigures: Awaited<ReturnType<typeof opening>>;
  let scalingReport: Awaited<ReturnType<typeof scaling>>;
  try {
    chromium = browser.version();
    hostFigures = await hostImpact(browser, host.url, ['none', 'aide', 'peer'], runs.page, log);
    const expect = 'Importer des candidats';
    const cases: OpeningCase[] = [1, 4].flatMap((rate) => [
      {
        label: `native <dialog>, ${rate}x`,
        variant: 'dialog',
        rate,
        prefetch: false,
        expect: null,
      },
      { label: `widget, cold, ${rate}x`, variant: 'aide', rate, prefetch: false, expect },
      { label: `widget, after hover, ${rate}x`, variant: 'aide', rate, prefetch: true, expect },
    ]);
    openingFigures = await opening(browser, host.url, cases, runs.opening, log);
    scalingReport = await scaling(browser, host.url, [100, 1_000, 10_000], runs.scaling, log);
  } finally {
    await browser.close();
    await host.close();
    await aide.stop();
  }

  const loaded = (openingFigures.find((item) => item.label === 'widget, cold, 1x')?.chunks ?? [])
    .filter((path) => path.startsWith('/widget/') && path !== '/widget/index.js')
    .map((path) => `${widgetEsm}${path.slice('/widget/'.length)}`);
  // What the first click fetched, in the order it is needed: the panel's chunk with its static
  // imports (painted with those), the API client's chunk (asked for as soon as the panel's code
  // runs), then the other views, prefetched in idle time once the panel is open.
  const chunkOf = (prefix: string) =>
    loaded.map((path) => path.slice(widgetEsm.length)).find((name) => name.startsWith(prefix));
  const panelChunk = chunkOf('panel-');
  const apiChunk = chunkOf('api-');
  const painted = panelChunk ? await staticClosure(widgetEsm, panelChunk) : new Set<string>();
  const client = apiChunk ? await staticClosure(widgetEsm, apiChunk) : new Set<string>();
  const inSet = (set: Set<string>) => (path: string) => set.has(path.slice(widgetEsm.length));
  const clientOnly = loaded.filter((path) => inSet(client)(path) && !inSet(painted)(path));
  const prefetched = loaded.filter((path) => !inSet(painted)(path) && !inSet(client)(path));
  const weights = [
    await weigh('launcher (dist/esm/index.js)', [`${widgetEsm}index.js`]),
    await weigh(
      'panel as opened (fr): its chunk and static imports',
      loaded.filter(inSet(painted)),
    ),
    await weigh('API client chunk, fetched alongside', clientOnly),
    await weigh('other views, prefetched in idle time after opening', prefetched),
    await weigh('panel as loaded on the first click (fr), all of the above', loaded),
    await weigh('every lazy chunk (size-limit "panel")', await lazyChunks(widgetEsm)),
    await weigh('one-file build (dist/iife/aide.js)', [`${widgetDist}iife/aide.js`]),
    await weigh('peer: Sentry feedback widget (one file)', [`${peerDir}peer.js`]),
  ];

  const parts = new Map<string, number>();
  for (const file of loaded) {
    for (const [name, bytes] of await composition(file)) {
      parts.set(name, (parts.get(name) ?? 0) + bytes);
    }
  }
  const panelParts = [...parts].toSorted((a, b) => b[1] - a[1]);

  log('Server benchmarks…');
  const load = await runLoad(
    {
      connections: serverOptions.connections,
      seconds: serverOptions.seconds,
      runs: runs.server,
      sizes: [1_000, 10_000, 100_000],
      postgresSizes: [1_000, 10_000],
      growthSeconds: serverOptions.growthSeconds,
    },
    log,
  );

  const generated = renderReport({
    machine,
    chromium,
    runs,
    serverOptions,
    weights,
    panelParts,
    host: hostFigures,
    opening: openingFigures,
    scaling: scalingReport,
    load,
    seconds: (performance.now() - started) / 1000,
  });
  console.log(`\n${generated}`);
  const previous = existsSync(reportPath) ? await readFile(reportPath, 'utf8') : '';
  const readingAt = previous.indexOf('\n## Reading');
  const reading =
    readingAt === -1
      ? '\n## Reading\n\n(Write what the figures say here: `pnpm bench` keeps this section.)\n'
      : previous.slice(readingAt);
  await writeFile(reportPath, `${generated}${reading}`);
  // Biome formats Markdown too (`pnpm lint` checks it): write the file as it would.
  await formatReport();
  log(`Wrote ${reportPath}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
