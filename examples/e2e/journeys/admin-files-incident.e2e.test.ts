import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  launchChromium,
  openPanel,
  openTalentia,
  parisDateTime,
  stack,
  talentiaContext,
  waitForMail,
} from '../src/harness';

// Journey 1: Ada (admin of Acme) reads the doc for the screen she is on, files an incident with
// a log file and a screenshot, gets the ticket number, finds it in "Mes demandes" as "Déclaré",
// and the demo's SMTP inbox receives the "ticket received" e-mail.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

describe('journey 1: an administrator files an incident', () => {
  test('journey 1: docs for the route, incident with attachments, number, status, e-mail', async () => {
    const context = await talentiaContext(browser, 'ada');
    // The demo's doc links point to the vendor's site, which this closed network cannot reach.
    await context.route(/^https:\/\/(docs|videos)\.example\.com\//, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Doc</title><h1>Doc</h1>' }),
    );
    const page = await openTalentia(context, '/candidates');
    const dialog = await openPanel(page);

    // The doc for this screen comes first and opens in a new tab.
    const forThisPage = dialog.getByRole('region', { name: 'Pour cette page' });
    const docLink = forThisPage.getByRole('link', { name: /Importer des candidats/ });
    await expect.poll(() => docLink.count()).toBe(1);
    const [docTab] = await Promise.all([context.waitForEvent('page'), docLink.click()]);
    await docTab.waitForLoadState();
    expect(docTab.url()).toBe('https://docs.example.com/candidats/import');
    await docTab.close();

    await dialog.getByRole('tab', { name: 'Nouvelle demande' }).click();
    await dialog.getByRole('button', { name: /^Incident/ }).click();
    const form = dialog.getByRole('form', { name: 'Incident' });
    await form.getByRole('textbox', { name: /^Objet/ }).fill('Export des candidats bloqué');
    await form
      .getByRole('textbox', { name: /^Description/ })
      .fill("L'export CSV tourne sans fin depuis ce matin.");
    await form.getByRole('radio', { name: 'Majeure' }).check();
    await form.getByLabel(/^Début de l'incident/).fill(parisDateTime(-60));
    await form.getByLabel('Ajouter des fichiers').setInputFiles({
      name: 'export.log',
      mimeType: 'text/plain',
      buffer: Buffer.from('2026-11-23T08:59:59Z export started\n2026-11-23T09:30:00Z timeout\n'),
    });
    await form.getByRole('button', { name: 'Retirer export.log' }).waitFor();

    // Screen capture needs a person to pick a screen in the browser's own dialog, which a
    // headless run cannot do: the fallback is to attach an image of the screen.
    const screenshot = await page.screenshot();
    await form.getByLabel('Ajouter des fichiers').setInputFiles({
      name: 'ecran.png',
      mimeType: 'image/png',
      buffer: screenshot,
    });
    await form.getByRole('button', { name: 'Retirer ecran.png' }).waitFor();

    await form.getByRole('checkbox', { name: /J'accepte/ }).check();
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();

    const done = dialog.getByRole('status').filter({ hasText: /Votre demande n° \d+/ });
    await done.waitFor();
    const number = Number((await done.textContent())?.match(/n° (\d+)/)?.[1]);
    expect(number).toBeGreaterThan(0);

    await dialog.getByRole('tab', { name: 'Mes demandes' }).click();
    const row = dialog.getByRole('button', { name: new RegExp(`^n° ${number}(?!\\d)`) });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('Déclaré');
    await expect.poll(() => row.textContent()).toContain('Export des candidats bloqué');

    const mail = await waitForMail(
      (candidate) =>
        candidate.to.includes('ada@acme.test') &&
        new RegExp(`n° ${number}(?!\\d)`).test(candidate.subject),
    );
    // Notifications say what happened and link to the ticket; never the ticket's content.
    expect(mail.text).not.toContain("L'export CSV tourne sans fin");
    // A person trying the demo sees it on the inbox page too.
    const inboxPage = await context.newPage();
    await inboxPage.goto(`${stack.hub}/inbox`);
    await inboxPage.getByRole('heading', { name: mail.subject }).waitFor();
    await inboxPage.close();

    const link = mail.text.match(/https?:\/\/\S+#aide-ticket=[\w-]+/)?.[0];
    expect(link).toBeDefined();

    // Following the e-mail's link opens the ticket in the panel.
    const fromMail = await context.newPage();
    await fromMail.goto(link ?? '');
    await fromMail
      .getByRole('dialog', { name: 'Aide' })
      .getByRole('article', { name: new RegExp(`^Demande n° ${number}(?!\\d)`) })
      .waitFor();
    await context.close();
  });
});
