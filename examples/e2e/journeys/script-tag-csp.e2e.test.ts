import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, openPanel, stack } from '../src/harness';

// Journey 7a: the widget needs nothing from the host page: its one-file build works on a plain
// page under a strict Content-Security-Policy without a single violation.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

async function cspReports(): Promise<{ page: string; directive: string; blocked: string }[]> {
  const response = await fetch(`${stack.hub}/csp-reports.json`);
  return (await response.json()) as { page: string; directive: string; blocked: string }[];
}

/** Visits every tab so that all of the panel's code and styles are in use. */
async function visitTabs(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Aide' });
  for (const name of ['Nouvelle demande', 'Mes demandes', 'Documentation']) {
    await dialog.getByRole('tab', { name }).click();
    await expect.poll(() => dialog.getByRole('tab', { name, selected: true }).count()).toBe(1);
  }
  await page.waitForLoadState('networkidle');
}

describe('journey 7a: strict CSP', () => {
  test('journey 7a: the script-tag page works under a strict CSP with zero violations', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    const response = await page.goto(`${stack.hub}/script-tag/`);
    expect(response?.headers()['content-security-policy']).toContain("style-src 'self'");

    const dialog = await openPanel(page);
    await visitTabs(page);
    await expect.poll(() => dialog.getByRole('link').count()).toBeGreaterThan(0);

    // Filing a ticket runs the form's validation and the API client under the same policy.
    await dialog.getByRole('tab', { name: 'Nouvelle demande' }).click();
    await dialog.getByRole('button', { name: 'Question', exact: true }).click();
    const form = dialog.getByRole('form', { name: 'Question' });
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await form.getByText('Ce champ est obligatoire.').first().waitFor();
    await form.getByRole('textbox', { name: /^Objet/ }).fill('Envoyée depuis une page sous CSP');
    await form.getByRole('textbox', { name: /^Description/ }).fill('Tout fonctionne.');
    await form.getByRole('checkbox', { name: /J'accepte/ }).check();
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: /Votre demande n° \d+/ })
      .waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);

    // The probe proves the policy and both counters are live: an inline script without the
    // nonce is refused and counted, and it is the only violation of the whole visit.
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.probeRan = true';
      document.body.append(script);
    });
    await expect
      .poll(() =>
        page.evaluate(
          () => (window as unknown as { cspViolations: string[] }).cspViolations.length,
        ),
      )
      .toBe(1);
    expect(await page.evaluate(() => 'probeRan' in window)).toBe(false);
    await expect.poll(async () => (await cspReports()).length, { timeout: 10_000 }).toBe(1);
    expect((await cspReports())[0]?.directive).toMatch(/^script-src/);
    await context.close();
  });
});
