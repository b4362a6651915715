import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  api,
  launchChromium,
  openPanel,
  openTalentia,
  stack,
  talentiaContext,
} from '../src/harness';

// Journey 2: nothing typed is lost and nothing is sent twice: the draft survives a reload, a
// second attempt after a lost response does not create a second ticket, and a ticket sent
// while offline goes out exactly once when the connection returns.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

/** A word no seeded ticket contains, to find this run's tickets through the API's search. */
function marker(): string {
  return `ref${Math.floor(Math.random() * 1e9)}`;
}

/** Ada's tickets whose subject contains `word`, as the server has them. */
async function ticketsWith(word: string): Promise<{ number: number; subject: string }[]> {
  const { status, body } = await api('ada', `/v1/tickets?scope=mine&q=${word}&limit=100`);
  expect(status).toBe(200);
  return (body as { items: { number: number; subject: string }[] }).items.filter((item) =>
    item.subject.includes(word),
  );
}

async function questionForm(page: Page): Promise<Locator> {
  const dialog = await openPanel(page);
  await dialog.getByRole('tab', { name: 'Nouvelle demande' }).click();
  const form = dialog.getByRole('form', { name: 'Question' });
  if ((await form.count()) === 0) {
    await dialog.getByRole('button', { name: 'Question', exact: true }).click();
  }
  await form.waitFor();
  return form;
}

async function fillQuestion(form: Locator, subject: string): Promise<void> {
  await form.getByRole('textbox', { name: /^Objet/ }).fill(subject);
  await form.getByRole('textbox', { name: /^Description/ }).fill('Détails de la question.');
  await form.getByRole('checkbox', { name: /J'accepte/ }).check();
}

describe('journey 2: drafts, lost responses and offline sending', () => {
  test('journey 2a: the draft survives a reload in the middle of typing', async () => {
    const context = await talentiaContext(browser, 'ada');
    const page = await openTalentia(context);
    const form = await questionForm(page);
    const word = marker();
    await form
      .getByRole('textbox', { name: /^Objet/ })
      .pressSequentially(`Droits du recruteur ${word}`);
    await form
      .getByRole('textbox', { name: /^Description/ })
      .pressSequentially('Comment donner accès');
    await form.getByText('Brouillon enregistré').waitFor();

    await page.reload();
    const restored = await questionForm(page);
    await restored.getByText('Votre brouillon a été restauré.').waitFor();
    expect(await restored.getByRole('textbox', { name: /^Objet/ }).inputValue()).toBe(
      `Droits du recruteur ${word}`,
    );
    expect(await restored.getByRole('textbox', { name: /^Description/ }).inputValue()).toBe(
      'Comment donner accès',
    );
    expect(await ticketsWith(word)).toEqual([]);
    await context.close();
  });

  test('journey 2b: a second attempt after a lost response does not create a second ticket', async () => {
    const context = await talentiaContext(browser, 'ada');
    const page = await openTalentia(context);
    const form = await questionForm(page);
    const word = marker();
    await fillQuestion(form, `Réponse perdue ${word}`);

    // The server receives and stores the first POST, but its answer never reaches the page.
    let lost = 0;
    await page.route(`${stack.aideServer}/v1/tickets`, async (route) => {
      if (route.request().method() === 'POST' && lost === 0) {
        lost++;
        await route.fetch();
        await route.abort('connectionreset');
        return;
      }
      await route.continue();
    });
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    await expect.poll(() => lost).toBe(1);
    await expect.poll(async () => (await ticketsWith(word)).length).toBe(1);

    // Whatever the widget did next (retry, queue), the user ends with one confirmed ticket.
    const dialog = page.getByRole('dialog', { name: 'Aide' });
    const queued = dialog.getByText('Demande mise en file d’attente');
    const done = dialog.getByRole('status').filter({ hasText: /n° \d+/ });
    await expect.poll(async () => (await queued.count()) + (await done.count())).toBeGreaterThan(0);
    if ((await done.count()) === 0) {
      // Queued: the next page load sends it, with the same idempotency key.
      await page.unroute(`${stack.aideServer}/v1/tickets`);
      await page.reload();
      await openPanel(page);
      await page
        .getByRole('dialog', { name: 'Aide' })
        .getByRole('tab', { name: 'Mes demandes' })
        .click();
    }
    const [ticket] = await ticketsWith(word);
    await page
      .getByRole('dialog', { name: 'Aide' })
      .getByText(new RegExp(`n° ${ticket?.number}(?!\\d)`))
      .first()
      .waitFor();
    expect(await ticketsWith(word)).toHaveLength(1);
    await context.close();
  });

  test('journey 2c: offline, the ticket is queued and sent exactly once back online', async () => {
    const context = await talentiaContext(browser, 'ada');
    const page = await openTalentia(context);
    const form = await questionForm(page);
    const word = marker();
    await fillQuestion(form, `Envoi hors ligne ${word}`);

    await context.setOffline(true);
    await form.getByRole('button', { name: 'Envoyer la demande' }).click();
    const dialog = page.getByRole('dialog', { name: 'Aide' });
    await dialog.getByText('Demande mise en file d’attente').waitFor();
    expect(await ticketsWith(word)).toEqual([]);

    await context.setOffline(false);
    const sent = dialog.getByText(/Votre demande en attente n° \d+ a été envoyée/);
    await sent.waitFor({ timeout: 30_000 });
    const tickets = await ticketsWith(word);
    expect(tickets).toHaveLength(1);
    expect(await sent.textContent()).toContain(`n° ${tickets[0]?.number}`);

    // Going offline and online again sends nothing more.
    await context.setOffline(true);
    await context.setOffline(false);
    await page.waitForTimeout(2000);
    expect(await ticketsWith(word)).toHaveLength(1);
    await context.close();
  });
});
