import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { api, launchChromium, openPanel, openTalentia, talentiaContext } from '../src/harness';

// Journey 3: while Ada types a subject close to an open ticket of her company, the form shows
// that ticket before she sends a duplicate.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

describe('journey 3: duplicate check', () => {
  test('journey 3: a subject close to an open ticket shows that ticket', async () => {
    // The demo seeds an open ticket about the candidates' CSV export.
    const open = await api('ada', '/v1/tickets?scope=company&status=open&q=export&limit=10');
    const existing = (open.body as { items: { number: number; subject: string }[] }).items.find(
      (item) => /export csv/i.test(item.subject),
    );
    expect(existing).toBeDefined();

    const context = await talentiaContext(browser, 'ada');
    const page = await openTalentia(context, '/candidates');
    const dialog = await openPanel(page);
    await dialog.getByRole('tab', { name: 'Nouvelle demande' }).click();
    await dialog.getByRole('button', { name: /^Problème d'affichage/ }).click();
    const form = dialog.getByRole('form', { name: "Problème d'affichage" });
    // Different case, no accents, other word order: still the same problem.
    await form
      .getByRole('textbox', { name: /^Objet/ })
      .pressSequentially('export csv candidats vide', {
        delay: 20,
      });

    const similar = form.getByRole('region', { name: 'Demandes similaires déjà ouvertes' });
    await similar.waitFor();
    await expect.poll(() => similar.textContent()).toContain(existing?.subject ?? 'missing');
    expect(await similar.textContent()).toContain(`n° ${existing?.number}`);
    await context.close();
  });
});
