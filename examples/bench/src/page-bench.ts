import type { Browser, Page } from 'playwright-core';
import { benchPage, metrics } from './chromium';
import type { Variant } from './host';
import { installProbe, type OpeningTimes, watchOpening } from './probe';
import { type Spread, spread } from './stats';

// Sections 1 (requests before the button), 2 (host-page impact) and 3 (opening), in headless
// Chromium against the host page server.

const settleMs = 3_000;

export interface LoadSample {
  mainThreadMs: number;
  scriptMs: number;
  longTasks: number;
  longestTaskMs: number;
  totalBlockingMs: number;
  cls: number;
  buttonMs: number;
  loadMs: number;
  requestsBeforeButton: number;
  requests: number;
}

export interface VariantFigures {
  variant: Variant;
  mainThreadMs: Spread;
  scriptMs: Spread;
  longTasks: Spread;
  longestTaskMs: Spread;
  totalBlockingMs: Spread;
  cls: Spread;
  buttonMs: Spread;
  loadMs: Spread;
  requestsBeforeButton: Spread;
  requests: Spread;
}

async function loadOnce(browser: Browser, url: string, variant: Variant): Promise<LoadSample> {
  const bench = await benchPage(browser, 4);
  try {
    const { page, cdp } = bench;
    await page.addInitScript(installProbe, variant === 'aide' || variant === 'peer');
    await page.goto(`${url}/candidates?variant=${variant}`, { waitUntil: 'load' });
    // The same wait for every variant. (waitForFunction's default polling runs a
    // requestAnimationFrame loop in the page, which would charge extra frames to the widgets.)
    await page.waitForTimeout(settleMs);
    if (variant === 'aide' || variant === 'peer') {
      await page.waitForFunction(() => window.__probe?.button !== null, undefined, {
        polling: 250,
        timeout: 30_000,
      });
    }
    const measured = await metrics(cdp);
    const inPage = await page.evaluate(() => {
      const probe = window.__probe;
      const navigation = performance.getEntriesByType('navigation')[0] as
        | PerformanceNavigationTiming
        | undefined;
      const resources = performance.getEntriesByType('resource');
      const button = probe?.button ?? null;
      return {
        longtasks: probe?.longtasks ?? [],
        shifts: probe?.shifts ?? [],
        button,
        load: navigation?.loadEventEnd ?? Number.NaN,
        // The document itself plus every request started before the button's first frame.
        before:
          button === null ? Number.NaN : 1 + resources.filter((r) => r.startTime <= button).length,
        requests: 1 + resources.length,
      };
    });
    const durations = inPage.longtasks.map((task) => task.duration);
    return {
      mainThreadMs: (measured.TaskDuration ?? Number.NaN) * 1000,
      scriptMs: (measured.ScriptDuration ?? Number.NaN) * 1000,
      longTasks: durations.length,
      longestTaskMs: durations.length === 0 ? 0 : Math.max(...durations),
      totalBlockingMs: durations.reduce((sum, duration) => sum + Math.max(0, duration - 50), 0),
      cls: inPage.shifts.reduce((sum, shift) => sum + shift.value, 0),
      buttonMs: inPage.button ?? Number.NaN,
      loadMs: inPage.load,
      requestsBeforeButton: inPage.before,
      requests: inPage.requests,
    };
  } finally {
    await bench.close();
  }
}

/**
 * Loads the host page `runs` times per variant (interleaved, so that load spikes on the shared
 * machine spread over every variant), each in a fresh context at 4x CPU throttling.
 */
export async function hostImpact(
  browser: Browser,
  url: string,
  variants: readonly Variant[],
  runs: number,
  log: (line: string) => void,
): Promise<VariantFigures[]> {
  const samples = new Map<Variant, LoadSample[]>(variants.map((variant) => [variant, []]));
  for (let run = 0; run < runs; run++) {
    for (const variant of variants) {
      samples.get(variant)?.push(await loadOnce(browser, url, variant));
    }
    log(`  host page run ${run + 1}/${runs}`);
  }
  return variants.map((variant) => {
    const list = samples.get(variant) ?? [];
    const of = (key: keyof LoadSample) => spread(list.map((sample) => sample[key]));
    return {
      variant,
      mainThreadMs: of('mainThreadMs'),
      scriptMs: of('scriptMs'),
      longTasks: of('longTasks'),
      longestTaskMs: of('longestTaskMs'),
      totalBlockingMs: of('totalBlockingMs'),
      cls: of('cls'),
      buttonMs: of('buttonMs'),
      loadMs: of('loadMs'),
      requestsBeforeButton: of('requestsBeforeButton'),
      requests: of('requests'),
    };
  });
}

export interface OpeningSample {
  interactiveMs: number;
  dataMs: number;
  longestTaskMs: number;
  mainThreadMs: number;
  /** Script files fetched from the click on (the panel as this user loads it). */
  chunks: string[];
}

export interface OpeningFigures {
  label: string;
  rate: number;
  interactiveMs: Spread;
  dataMs: Spread;
  longestTaskMs: Spread;
  mainThreadMs: Spread;
  chunks: string[];
}

function launcherButton(page: Page, variant: Variant) {
  return variant === 'dialog'
    ? page.locator('#open-dialog')
    : page.getByRole('button', { name: 'Aide', exact: true });
}

async function openOnce(
  browser: Browser,
  url: string,
  variant: Variant,
  rate: number,
  prefetch: boolean,
  expect: string | null,
): Promise<OpeningSample> {
  const bench = await benchPage(browser, rate);
  try {
    const { page, cdp } = bench;
    await page.addInitScript(installProbe, false);
    await page.goto(`${url}/candidates?variant=${variant}`, { waitUntil: 'load' });
    const button = launcherButton(page, variant);
    await button.waitFor();
    await page.waitForTimeout(1_000);
    if (prefetch) {
      // pointerenter: the launcher starts fetching the panel; a user's hover lasts longer.
      await button.hover();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(500);
    }
    const chunks: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') {
        chunks.push(new URL(request.url()).pathname);
      }
    });
    const before = await metrics(cdp);
    const watching = page.evaluate(watchOpening, expect);
    await button.click();
    const times: OpeningTimes | null = await watching;
    const after = await metrics(cdp);
    if (times === null) {
      throw new Error(`the ${variant} panel did not open (or never showed "${expect}")`);
    }
    const longtasks = await page.evaluate(() => window.__probe?.longtasks ?? []);
    const during = longtasks
      .filter((task) => task.start + task.duration >= times.start && task.start <= times.end)
      .map((task) => task.duration);
    return {
      interactiveMs: times.interactive,
      dataMs: times.data,
      longestTaskMs: during.length === 0 ? 0 : Math.max(...during),
      mainThreadMs: ((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000,
      chunks,
    };
  } finally {
    await bench.close();
  }
}

export interface OpeningCase {
  label: string;
  variant: Variant;
  rate: number;
  prefetch: boolean;
  /** Text of the server's data the panel must show (null: the dialog alone). */
  expect: string | null;
}

/** Click → dialog painted and focused, then → the server's data shown, `runs` times per case. */
export async function opening(
  browser: Browser,
  url: string,
  cases: readonly OpeningCase[],
  runs: number,
  log: (line: string) => void,
): Promise<OpeningFigures[]> {
  const samples = new Map<string, OpeningSample[]>(cases.map((item) => [item.label, []]));
  for (let run = 0; run < runs; run++) {
    for (const item of cases) {
      samples
        .get(item.label)
        ?.push(await openOnce(browser, url, item.variant, item.rate, item.prefetch, item.expect));
    }
    log(`  opening run ${run + 1}/${runs}`);
  }
  return cases.map((item) => {
    const list = samples.get(item.label) ?? [];
    const of = (key: 'interactiveMs' | 'dataMs' | 'longestTaskMs' | 'mainThreadMs') =>
      spread(list.map((sample) => sample[key]));
    return {
      label: item.label,
      rate: item.rate,
      interactiveMs: of('interactiveMs'),
      dataMs: of('dataMs'),
      longestTaskMs: of('longestTaskMs'),
      mainThreadMs: of('mainThreadMs'),
      chunks: list[0]?.chunks ?? [],
    };
  });
}
