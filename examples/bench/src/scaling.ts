import type { Browser } from 'playwright-core';
import { benchPage } from './chromium';
import { percentile, type Spread, spread } from './stats';

// Section 4: the widget's ticket list (virtual list, rows, model) rendered in Chromium with
// 100, 1,000 and 10,000 generated tickets, next to the same tickets as plain <li> rows (the
// baseline: no windowing, no framework), both measured in the same page and run.

export interface ScalingFigure {
  list: 'widget' | 'plain <li>';
  count: number;
  renderMs: Spread;
  domNodes: number;
  frameP50: Spread;
  frameP95: Spread;
  heapMb: Spread;
}

export interface ScalingReport {
  rate: number;
  figures: ScalingFigure[];
  /** One status change in a 1,000-ticket list, until the row shows it. */
  updateMs: Spread;
}

const scrollFrames = 90;
const scrollStep = 240;

/**
 * @example
 * const report = await scaling(browser, host.url, [100, 1000, 10000], 3, console.log);
 */
export async function scaling(
  browser: Browser,
  url: string,
  counts: readonly number[],
  runs: number,
  log: (line: string) => void,
): Promise<ScalingReport> {
  const rate = 1;
  const bench = await benchPage(browser, rate);
  const { page, cdp } = bench;
  try {
    await page.goto(`${url}/list/`, { waitUntil: 'load' });
    await page.waitForFunction(() => 'bench' in window);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = await cdp.send('Runtime.getHeapUsage');
      return usage.usedSize / (1024 * 1024);
    };
    // Warm-up (parsing, JIT, styles, fonts): the first render of a page pays for these once.
    await page.evaluate(async () => {
      await window.bench.renderWidget(100);
      await window.bench.renderNaive(100);
      window.bench.clear();
    });
    const figures: ScalingFigure[] = [];
    for (const list of ['widget', 'plain <li>'] as const) {
      for (const count of counts) {
        const render: number[] = [];
        const p50: number[] = [];
        const p95: number[] = [];
        const heaps: number[] = [];
        let domNodes = 0;
        for (let run = 0; run < runs; run++) {
          await page.evaluate(() => window.bench.clear());
          const empty = await heap();
          render.push(
            await page.evaluate(
              ({ kind, n }) =>
                kind === 'widget' ? window.bench.renderWidget(n) : window.bench.renderNaive(n),
              { kind: list, n: count },
            ),
          );
          // Settle (fonts, ResizeObserver, the model's follow-up renders) before counting.
          await page.waitForTimeout(300);
          domNodes = await page.evaluate(() => window.bench.nodes());
          heaps.push((await heap()) - empty);
          const deltas = await page.evaluate(
            ({ frames, step }) => window.bench.scroll(frames, step),
            { frames: scrollFrames, step: scrollStep },
          );
          p50.push(percentile(deltas, 50));
          p95.push(percentile(deltas, 95));
        }
        figures.push({
          list,
          count,
          renderMs: spread(render),
          domNodes,
          frameP50: spread(p50),
          frameP95: spread(p95),
          heapMb: spread(heaps),
        });
        log(`  ${list} × ${count}`);
      }
    }
    const updates: number[] = [];
    await page.evaluate(() => window.bench.renderWidget(1_000));
    await page.waitForTimeout(300);
    for (let run = 0; run < runs; run++) {
      updates.push(await page.evaluate(() => window.bench.updateOne()));
    }
    await page.evaluate(() => window.bench.clear());
    return { rate, figures, updateMs: spread(updates) };
  } finally {
    await bench.close();
  }
}
