import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, launcher, openTalentia, panel, talentiaContext } from '../src/harness';

// Journey 8: Ada files a ticket with the keyboard alone, and axe finds nothing to report in
// the open panel (docs, form with errors, list).

let browser: Browser;
let axeSource: string;

beforeAll(async () => {
  browser = await launchChromium();
  axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
});

afterAll(async () => {
  await browser.close();
});

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element.matches(':focus'));
}

/** Presses Tab until `target` has the focus; fails if it never gets there. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await isFocused(target)) {
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the widget's host and its shadow tree; returns the
 * violations, after checking that the rules did look at the panel's content.
 */
async function axe(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(async () => {
    const runner = (
      window as unknown as {
        axe: {
          run: (
            context: Element,
            options: object,
          ) => Promise<{ violations: AxeViolation[]; passes: { nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    const host = document.querySelector('aide-root');
    if (host === null) {
      throw new Error('no aide-root on the page');
    }
    const result = await runner.run(host, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return {
      checkedNodes: result.passes.reduce((sum, rule) => sum + rule.nodes.length, 0),
      violations: result.violations.map(({ id, impact, help, nodes }) => ({
        id,
        impact,
        help,
        nodes: nodes.map((node) => ({ target: node.target })),
      })),
    };
  });
  // An empty result must mean "nothing wrong", not "nothing seen" (shadow DOM not entered).
  expect(result.checkedNodes).toBeGreaterThan(20);
  return result.violations;
}

describe('journey 8: keyboard only, and axe', () => {
  test('journey 8: open, navigate, file a ticket and close with the keyboard; axe finds no violation', async () => {
    const context = await talentiaContext(browser, 'ada');
    const page = await openTalentia(context, '/candidates');

    const button = launcher(page);
    await tabTo(page, button);
    await page.keyboard.press('Enter');
    const dialog = panel(page);
    await dialog.getByRole('region', { name: 'Pour cette page' }).waitFor();
    expect(await axe(page)).toEqual([]);

    // Tabs: arrows move between them.
    await tabTo(page, dialog.getByRole('tab', { name: 'Documentation' }));
    await page.keyboard.press('ArrowRight');
    const newTab = dialog.getByRole('tab', { name: 'Nouvelle demande' });
    await expect.poll(() => newTab.getAttribute('aria-selected')).toBe('true');

    await tabTo(page, dialog.getByRole('button', { name: 'Question', exact: true }));
    await page.keyboard.press('Enter');
    const form = dialog.getByRole('form', { name: 'Question' });
    await form.waitFor();

    // Sending empty shows the errors, focus on the first one; axe checks that state too.
    await tabTo(page, form.getByRole('button', { name: 'Envoyer la demande' }));
    await page.keyboard.press('Enter');
    await form.getByRole('alert').first().waitFor();
    const subject = form.getByRole('textbox', { name: /^Objet/ });
    await expect.poll(() => isFocused(subject)).toBe(true);
    expect(await axe(page)).toEqual([]);

    await page.keyboard.type('Où trouver la facture de novembre ?');
    await tabTo(page, form.getByRole('textbox', { name: /^Description/ }));
    await page.keyboard.type('Je ne la vois pas dans l’espace Facturation.');
    await tabTo(page, form.getByRole('checkbox', { name: /J'accepte/ }));
    await page.keyboard.press('Space');
    await tabTo(page, form.getByRole('button', { name: 'Envoyer la demande' }));
    await page.keyboard.press('Enter');
    await dialog
      .getByRole('status')
      .filter({ hasText: /Votre demande n° \d+/ })
      .waitFor();
    expect(await axe(page)).toEqual([]);

    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // Focus goes back where the user was: the launcher.
    await expect.poll(() => isFocused(button)).toBe(true);
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await dialog.getByRole('tab', { name: 'Mes demandes' }).click();
    await dialog.getByRole('list', { name: 'Demandes' }).waitFor();
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});
