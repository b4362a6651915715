import type { LoadReport } from './load';
import type { Machine } from './machine';
import type { OpeningFigures, VariantFigures } from './page-bench';
import type { ScalingReport } from './scaling';
import { kb, ratio, show, showSpread } from './stats';
import type { Weight } from './weight';

export interface Results {
  machine: Machine;
  chromium: string;
  runs: { page: number; opening: number; scaling: number; server: number };
  serverOptions: { connections: number; seconds: number; growthSeconds: number };
  weights: Weight[];
  /** Minified bytes of the panel as loaded, per package (from its source map). */
  panelParts: [string, number][];
  host: VariantFigures[];
  opening: OpeningFigures[];
  scaling: ScalingReport;
  load: LoadReport;
  seconds: number;
}

type Row = readonly string[];

function table(head: Row, rows: readonly Row[]): string {
  const line = (cells: Row) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const byteBudget = { launcher: 3 * 1024, panel: 30 * 1024 };

function find<T extends { variant: string }>(list: readonly T[], variant: string): T | undefined {
  return list.find((item) => item.variant === variant);
}

/** The budgets of DESIGN.md section 8 against this run's figures. */
function budgets(results: Results): string {
  const launcher = results.weights.find((weight) => weight.label.startsWith('launcher'));
  const panel = results.weights.find((weight) => weight.label.startsWith('panel as opened'));
  const client = results.weights.find((weight) => weight.label.startsWith('API client'));
  const none = find(results.host, 'none');
  const aide = find(results.host, 'aide');
  const fast = results.opening.find((item) => item.label === 'widget, cold, 1x');
  const fastPrefetched = results.opening.find((item) => item.label === 'widget, after hover, 1x');
  const tenK = results.scaling.figures.find(
    (item) => item.list === 'widget' && item.count === 10_000,
  );
  const hundred = results.scaling.figures.find(
    (item) => item.list === 'widget' && item.count === 100,
  );
  const create = results.load.figures.find(
    (item) => item.engine === 'SQLite' && item.endpoint === 'create-ticket',
  );
  const list = results.load.figures.find(
    (item) => item.engine === 'SQLite' && item.endpoint === 'list-tickets',
  );
  const verdict = (ok: boolean | undefined) =>
    ok === undefined ? 'not measured' : ok ? 'within' : '**over**';
  const extraLongTasks = aide && none ? aide.longTasks.median - none.longTasks.median : Number.NaN;
  const rows: Row[] = [
    [
      'launcher, brotli',
      '≤ 3 KB',
      launcher ? kb(launcher.brotli) : 'n/a',
      verdict(launcher && launcher.brotli <= byteBudget.launcher),
    ],
    [
      'panel, lazily loaded, brotli',
      '≤ 30 KB',
      panel
        ? `${kb(panel.brotli)} as opened (+ ${client ? kb(client.brotli) : 'n/a'} API client chunk fetched alongside, see section 1)`
        : 'n/a',
      verdict(panel && panel.brotli <= byteBudget.panel),
    ],
    [
      'widget long tasks / layout shift at load (4x CPU)',
      'none / 0',
      aide && none
        ? `${show(extraLongTasks, '', 1)} more long task(s) than without (median), CLS ${show(aide.cls.median, '', 3)} vs ${show(none.cls.median, '', 3)}`
        : 'n/a',
      verdict(aide && none ? extraLongTasks <= 0 && aide.cls.max <= none.cls.max : undefined),
    ],
    [
      'click → panel painted (1x CPU, this machine)',
      '≤ 100 ms',
      fast && fastPrefetched
        ? `cold ${showSpread(fast.interactiveMs, 'ms', 0)}; after hover ${showSpread(fastPrefetched.interactiveMs, 'ms', 0)}`
        : 'n/a',
      verdict(fast ? fast.interactiveMs.median <= 100 : undefined),
    ],
    [
      'ticket list of 10,000',
      'virtualized, smooth, bounded DOM',
      tenK && hundred
        ? `${tenK.domNodes} DOM nodes (${hundred.domNodes} at 100); scroll frames p95 ${showSpread(tenK.frameP95, 'ms', 1)}`
        : 'n/a',
      verdict(
        tenK && hundred
          ? tenK.domNodes <= hundred.domNodes * 1.5 && tenK.frameP95.median <= 34
          : undefined,
      ),
    ],
    [
      'create-ticket on 2 cores, embedded store',
      'thousands/s, p99 < 25 ms',
      create
        ? `${showSpread(create.rps, 'req/s', 0)}, p99 ${showSpread(create.p99, 'ms', 0)}`
        : 'n/a',
      verdict(create ? create.rps.median >= 1000 && create.p99.median < 25 : undefined),
    ],
    [
      'list-tickets on 2 cores, embedded store',
      'thousands/s, p99 < 25 ms',
      list ? `${showSpread(list.rps, 'req/s', 0)}, p99 ${showSpread(list.p99, 'ms', 0)}` : 'n/a',
      verdict(list ? list.rps.median >= 1000 && list.p99.median < 25 : undefined),
    ],
  ];
  return table(['DESIGN.md §8', 'budget', 'measured', 'verdict'], rows);
}

function weightTable(results: Results): string {
  const launcher = results.weights.find((weight) => weight.label.startsWith('launcher'));
  const aide = find(results.host, 'aide');
  const peer = find(results.host, 'peer');
  const requests = (label: string) =>
    label.startsWith('launcher') && aide
      ? showSpread(aide.requestsBeforeButton, '', 0)
      : label.startsWith('peer') && peer
        ? showSpread(peer.requestsBeforeButton, '', 0)
        : '';
  return table(
    [
      'what',
      'files',
      'minified',
      'gzip',
      'brotli',
      'brotli vs launcher',
      'requests before the button',
    ],
    results.weights.map((weight) => [
      weight.label,
      weight.files.join(', '),
      kb(weight.minified),
      kb(weight.gzip),
      kb(weight.brotli),
      launcher ? ratio(weight.brotli, launcher.brotli) : 'n/a',
      requests(weight.label),
    ]),
  );
}

function partsTable(results: Results): string {
  const total = results.panelParts.reduce((sum, [, bytes]) => sum + bytes, 0);
  return table(
    ['part of the panel chunk', 'minified', 'share'],
    results.panelParts.map(([name, bytes]) => [
      name,
      kb(bytes),
      `${((100 * bytes) / Math.max(1, total)).toFixed(1)} %`,
    ]),
  );
}

function hostTable(results: Results): string {
  const none = find(results.host, 'none');
  const names: Record<string, string> = {
    none: 'host page alone (baseline)',
    aide: 'with the Aide widget',
    peer: 'with the peer (Sentry feedback)',
  };
  const rows = results.host
    .filter((item) => item.variant in names)
    .map((item) => [
      names[item.variant] ?? item.variant,
      showSpread(item.mainThreadMs, 'ms', 0),
      none ? ratio(item.mainThreadMs.median, none.mainThreadMs.median) : 'n/a',
      none ? show(item.mainThreadMs.median - none.mainThreadMs.median, 'ms', 0) : 'n/a',
      showSpread(item.scriptMs, 'ms', 0),
      showSpread(item.longTasks, '', 0),
      showSpread(item.longestTaskMs, 'ms', 0),
      showSpread(item.totalBlockingMs, 'ms', 0),
      showSpread(item.cls, '', 3),
      showSpread(item.loadMs, 'ms', 0),
      item.variant === 'none' ? '—' : showSpread(item.buttonMs, 'ms', 0),
      showSpread(item.requests, '', 0),
    ]);
  return table(
    [
      'page (4x CPU)',
      'main-thread time',
      'vs alone',
      'added',
      'script',
      'long tasks',
      'longest task',
      'TBT',
      'CLS',
      'load event',
      'button visible',
      'requests',
    ],
    rows,
  );
}

function openingTable(results: Results): string {
  const baselineOf = (rate: number) =>
    results.opening.find((item) => item.label === `native <dialog>, ${rate}x`);
  return table(
    [
      'click → (median, min–max)',
      'dialog painted and focused',
      'vs native <dialog>',
      'demo data shown',
      'longest long task',
      'main-thread time',
    ],
    results.opening.map((item) => {
      const baseline = baselineOf(item.rate);
      return [
        item.label,
        showSpread(item.interactiveMs, 'ms', 0),
        baseline && !item.label.startsWith('native')
          ? ratio(item.interactiveMs.median, baseline.interactiveMs.median)
          : '—',
        item.label.startsWith('native') ? '—' : showSpread(item.dataMs, 'ms', 0),
        item.longestTaskMs.max === 0 ? 'none ≥ 50 ms' : showSpread(item.longestTaskMs, 'ms', 0),
        showSpread(item.mainThreadMs, 'ms', 0),
      ];
    }),
  );
}

function scalingTable(results: Results): string {
  const plain = (count: number) =>
    results.scaling.figures.find((item) => item.list === 'plain <li>' && item.count === count);
  return table(
    [
      'list',
      'tickets',
      'render',
      'vs plain <li>',
      'DOM nodes',
      'scroll frame p50',
      'p95',
      'JS heap',
    ],
    results.scaling.figures.map((item) => {
      const baseline = plain(item.count);
      return [
        item.list,
        item.count.toLocaleString('en-US'),
        showSpread(item.renderMs, 'ms', 0),
        baseline && item.list === 'widget'
          ? ratio(item.renderMs.median, baseline.renderMs.median)
          : '—',
        item.domNodes.toLocaleString('en-US'),
        showSpread(item.frameP50, 'ms', 1),
        showSpread(item.frameP95, 'ms', 1),
        showSpread(item.heapMb, 'MB', 2),
      ];
    }),
  );
}

function loadTable(results: Results): string {
  const base = results.load.baseline;
  const rows: Row[] = [
    [
      base.engine,
      base.endpoint,
      showSpread(base.rps, '', 0),
      '×1',
      showSpread(base.p50, 'ms', 0),
      showSpread(base.p99, 'ms', 0),
      String(base.failures),
    ],
    ...results.load.figures.map((item) => [
      item.engine,
      item.endpoint,
      showSpread(item.rps, '', 0),
      ratio(item.rps.median, base.rps.median),
      showSpread(item.p50, 'ms', 0),
      showSpread(item.p99, 'ms', 0),
      String(item.failures),
    ]),
  ];
  return table(['server', 'request', 'req/s', 'vs bare node:http', 'p50', 'p99', 'errors'], rows);
}

function growthTable(results: Results): string {
  const first = (engine: string) => results.load.growth.find((item) => item.engine === engine);
  return table(
    ['store', 'tickets in the tenant', 'list req/s', 'p50', 'p99', 'p50 vs smallest', 'seeding'],
    results.load.growth.map((item) => {
      const smallest = first(item.engine);
      return [
        item.engine,
        item.tickets.toLocaleString('en-US'),
        showSpread(item.rps, '', 0),
        showSpread(item.p50, 'ms', 0),
        showSpread(item.p99, 'ms', 0),
        smallest
          ? ratio(Math.max(item.p50.median, 0.5), Math.max(smallest.p50.median, 0.5))
          : 'n/a',
        `${item.seedSeconds.toFixed(1)} s`,
      ];
    }),
  );
}

/** The generated part of BENCHMARKS.md (everything above "## Reading"). */
export function renderReport(results: Results): string {
  const { machine } = results;
  const versions = Object.entries(machine.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  return `# Aide benchmarks

Generated by \`pnpm bench\` (examples/bench) on ${machine.date} in ${Math.round(results.seconds)} s.
Budgets: DESIGN.md section 8 (size budgets are enforced by \`pnpm test\`; these figures only report).

- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb.toFixed(1)} GB memory (${machine.freeGb.toFixed(1)} GB free), load average at start ${machine.loadAverage}.
- Node ${machine.node}, Chromium ${results.chromium} (headless, Debian's), ${versions}.
- Every timing is the median of several runs with (min–max): ${results.runs.page} page loads per host-page variant, ${results.runs.opening} openings per case, ${results.runs.scaling} renders per list, ${results.runs.server} autocannon runs per server figure. Timings depend on the machine, so each comes with a ratio against a baseline measured in the same run (the host page alone, a native \`<dialog>\`, plain \`<li>\` rows, a bare \`node:http\` server).

## Against the budgets

${budgets(results)}

## 1. Weight (real build, node:zlib gzip 9 / brotli 11)

${weightTable(results)}

"Panel as opened" is the panel's chunk with its static imports, what the dialog is painted with; the API client's chunk is requested as soon as the panel's code runs (on hover, or on the click) and is needed for anything from the server; the other views are prefetched when the page is idle after opening. "Panel as loaded" is all Chromium fetched on the first click (French user); "every lazy chunk" is what size-limit counts (it includes the English and Spanish catalogs, loaded only for those locales). The peer is Sentry's user-feedback widget (\`@sentry/browser\` ${machine.versions['@sentry/browser']}, \`feedbackIntegration\` with the SDK's default integrations off), built from its npm modules with the same Vite and minifier as the widget: the package ships no prebuilt script. It loads everything up front, so its whole file is compared with our launcher. Requests are counted from navigation to the first frame with the button visible, the document included.

What the panel as loaded is made of (each minified character attributed through the source map to its source file's package; "(generated)" is bundler glue):

${partsTable(results)}

## 2. Host-page impact (headless Chromium, 4x CPU throttling via CDP)

${hostTable(results)}

The same host page (a small SaaS screen, 40-row table) served by \`node:http\` on 127.0.0.1, fresh browser context per load, measured ${3} s after the load event. Main-thread and script time: CDP \`Performance.getMetrics\` (TaskDuration, ScriptDuration). Long tasks and CLS: \`PerformanceObserver\` (longtask, layout-shift). TBT here sums (duration − 50 ms) over every long task until the measurement. "Button visible": navigation start to the first animation frame with the launcher laid out. The widget talks to the reference server (demo seed, SQLite) in another process.

## 3. Opening (real build, real server, demo data)

${openingTable(results)}

Measured from the \`pointerdown\` of a real (Playwright) click to the first animation frame where the dialog is laid out with focus inside it, and to the first frame showing the route's documentation from the server ("Importer des candidats"). "After hover": the pointer rested on the launcher first (which fetches the panel's code) and the network went idle. Longest task: \`longtask\` entries overlapping the opening (none means every task was under 50 ms). Baseline: a native \`<dialog>\` opened with \`showModal()\` on the same page.

## 4. Ticket list scaling (${results.scaling.rate}x CPU)

${scalingTable(results)}

The widget's real *Mes demandes* view (filters, virtual list, rows, tickets model) bundled by Vite with generated tickets (the fixtures of its stories; the fake client returns all of them in one page), against the same tickets as plain \`<li>\` rows. Render: mount to the first frame with rows. Scroll: ${90} programmatic steps of 240 px, one per frame; figures are the deltas between animation frames (16.7 ms = 60 fps). JS heap: \`Runtime.getHeapUsage\` after a forced GC, minus the empty page. Updating one ticket's status in a 1,000-ticket list (what a poll brings: the list reloads, the row shows the new badge): ${showSpread(results.scaling.updateMs, 'ms', 0)}.

## 5. Server under load (autocannon, ${results.serverOptions.connections} connections, ${results.serverOptions.seconds} s per run, loopback)

${loadTable(results)}

Each server runs in its own Node process; autocannon runs in the bench's process on the same 2 cores. The reference server uses the demo tenant with its rate limits raised (the default 120 requests per user per minute would only measure the 429 path). Create-ticket sends a fresh \`Idempotency-Key\` each time; list-tickets asks for the first page (20) of the company's tickets; get-ticket reads one demo ticket. PostgreSQL ${results.load.postgresVersion ?? 'not available'}${results.load.postgresError ? ` (skipped: ${results.load.postgresError})` : ''}: the test harness's throwaway cluster (fsync off, as in the tests).

### List latency as the tenant grows (${results.serverOptions.growthSeconds} s per run)

${growthTable(results)}

Bench tickets are inserted directly through the store (in transactions of 2,000), all in Ada's company, so every list request pages over the whole tenant.
`;
}
