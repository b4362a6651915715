import { readdir, readFile } from 'node:fs/promises';
import { chromiumArgs, chromiumPath } from '@aide/example-demo/chromium';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

// What the draft-durability suite does to a browser: Debian's Chromium on a persistent profile
// (so that a killed browser leaves its storage on disk, as a real one would), and the three ways
// a tab can die under a user's hands.

export type CrashKind = 'close' | 'crash' | 'kill';

export const crashKinds: readonly CrashKind[] = ['close', 'crash', 'kill'];

/** A running Chromium on a profile directory, with the process group a SIGKILL ends. */
export interface ProfileBrowser {
  context: BrowserContext;
  /** Process group of the browser (Playwright starts it as a group leader). */
  group: number;
}

/**
 * Starts Chromium on `profileDir` (created if missing, reused after a kill).
 *
 * @example
 * const browser = await launchProfile('/tmp/profile', 'http://127.0.0.1:5173');
 * const page = await browser.context.newPage();
 */
export async function launchProfile(profileDir: string, baseURL: string): Promise<ProfileBrowser> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    args: [...chromiumArgs],
    headless: true,
    baseURL,
    viewport: { width: 1280, height: 860 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  return { context, group: await browserGroup(profileDir) };
}

/**
 * The browser process of the profile: the one process whose command line names this profile
 * and is not a helper (`--type=renderer`, `--type=gpu-process`, ...). Its group is its own pid.
 */
async function browserGroup(profileDir: string): Promise<number> {
  const flag = `--user-data-dir=${profileDir}`;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    const args = await readFile(`/proc/${entry}/cmdline`, 'utf8').then(
      (text) => text.split('\0'),
      (): string[] => [],
    );
    if (args.includes(flag) && !args.some((arg) => arg.startsWith('--type='))) {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state, ppid, pgrp.
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (group !== Number(entry) || group === process.pid) {
        throw new Error(`Chromium ${entry} does not lead its own process group (${group})`);
      }
      return group;
    }
  }
  throw new Error(`no Chromium process runs on ${profileDir}`);
}

/**
 * Ends the tab the way `kind` says: `close` closes it (no beforeunload), `crash` makes its
 * renderer crash through CDP, `kill` SIGKILLs the whole browser. Resolves once it is gone, with
 * the `performance.now()` at which the fatal step was taken.
 */
export async function crashTab(
  page: Page,
  browser: ProfileBrowser,
  kind: CrashKind,
): Promise<number> {
  switch (kind) {
    case 'close': {
      const at = performance.now();
      await page.close();
      return at;
    }
    case 'crash': {
      const cdp = await browser.context.newCDPSession(page);
      const crashed = page.waitForEvent('crash');
      const at = performance.now();
      // The renderer dies before it can answer: the command itself never resolves.
      cdp.send('Page.crash').catch(() => undefined);
      await crashed;
      await page.close();
      return at;
    }
    case 'kill': {
      const closed = new Promise((resolve) => browser.context.once('close', resolve));
      const at = performance.now();
      process.kill(-browser.group, 'SIGKILL');
      await closed;
      return at;
    }
    default:
      return kind satisfies never;
  }
}
