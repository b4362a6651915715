import { launchChromium as launchShared } from '@aide/example-demo/chromium';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

/** The shared Chromium (see @aide/example-demo/chromium), with exact JS heap figures. */
export function launchChromium(): Promise<Browser> {
  // Exact JS heap figures from performance.memory (otherwise bucketed).
  return launchShared({ args: ['--enable-precise-memory-info'] });
}

export interface BenchPage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/**
 * A fresh context (empty cache) and page with CPU throttling applied through CDP before any
 * navigation: `rate` 4 makes the main thread four times slower.
 */
export async function benchPage(browser: Browser, rate: number): Promise<BenchPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  // tsx compiles this package with esbuild's keepNames, which wraps named inner functions in
  // `__name(...)`; functions passed to addInitScript/evaluate carry those calls into the page.
  await context.addInitScript({ content: 'globalThis.__name = (target) => target;' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  return {
    context,
    page,
    cdp,
    close: () => context.close(),
  };
}

/** CDP Performance metrics by name (TaskDuration, ScriptDuration… in seconds). */
export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((metric) => [metric.name, metric.value]));
}
