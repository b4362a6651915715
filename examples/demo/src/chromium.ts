import { type Browser, chromium, type LaunchOptions } from 'playwright-core';

// One place for how every tool here starts a browser (tests, e2e, reliability suite, bench,
// screenshots): Debian's Chromium, never a downloaded one, kept off the (closed) network.

/** The Chromium binary: Debian's, or AIDE_CHROMIUM. */
export const chromiumPath = process.env.AIDE_CHROMIUM ?? '/usr/bin/chromium';

export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Launches headless Chromium with the shared flags, plus any of the caller's.
 *
 * @example
 * const browser = await launchChromium();
 * const page = await browser.newPage();
 */
export function launchChromium(
  options: { args?: readonly string[] } & LaunchOptions = {},
): Promise<Browser> {
  const { args = [], ...rest } = options;
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    ...rest,
    args: [...chromiumArgs, ...args],
  });
}
