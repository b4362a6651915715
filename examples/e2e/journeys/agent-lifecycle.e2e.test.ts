import { createAgentClient } from '@aide/core';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  api,
  fileQuestion,
  launchChromium,
  openPanel,
  openTalentia,
  stack,
  talentiaContext,
} from '../src/harness';

// Journey 4: the support agent (agent API, as the demo's console uses it) takes Ada's ticket,
// asks for information, Ada answers from the widget, the agent resolves with a reason; Ada sees
// every change, rates once, and reopens within the window.

let browser: Browser;
const agent = createAgentClient({ baseUrl: stack.aideServer, apiKey: stack.agentKey });

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

/** The launcher's accessible name: "Aide", or "Aide (n)" with n unread tickets. */
function launcherName(page: Page): Promise<string | null> {
  return page.getByRole('button', { name: /^Aide( \(\d+\))?$/ }).getAttribute('aria-label');
}

/** Goes back to the list (all statuses) and opens ticket `number`, as a user checking on it. */
async function openTicket(dialog: Locator, number: number): Promise<Locator> {
  const back = dialog.getByRole('button', { name: 'Retour à la liste' });
  if ((await back.count()) > 0) {
    await back.click();
  }
  await dialog
    .getByRole('combobox', { name: 'Statut' })
    .selectOption({ label: 'Tous les statuts' });
  await dialog.getByRole('button', { name: new RegExp(`^n° ${number}(?!\\d)`) }).click();
  const article = dialog.getByRole('article', { name: new RegExp(`^Demande n° ${number}(?!\\d)`) });
  await article.waitFor();
  return article;
}

/** Reopens the ticket until its shown status is `label` (the widget also polls by itself). */
async function expectStatus(dialog: Locator, number: number, label: string): Promise<Locator> {
  let article = await openTicket(dialog, number);
  await expect
    .poll(
      async () => {
        const text =
          (await article
            .getByRole('paragraph')
            .filter({ hasText: /^Statut :/ })
            .first()
            .textContent()) ?? '';
        if (!text.includes(label)) {
          article = await openTicket(dialog, number);
        }
        return text;
      },
      { timeout: 20_000, interval: 500 },
    )
    .toContain(label);
  return article;
}

describe('journey 4: an agent works the ticket, the customer follows', () => {
  test('journey 4: take, ask, customer replies, resolve with reason, rate once, reopen', async () => {
    const word = `ref${Math.floor(Math.random() * 1e9)}`;
    const { id, number } = await fileQuestion(
      'ada',
      `Import LinkedIn en échec ${word}`,
      'Le fichier importé ne crée aucun candidat.',
    );

    const context = await talentiaContext(browser, 'ada');
    const page = await openTalentia(context);
    const dialog = await openPanel(page);
    await dialog.getByRole('tab', { name: 'Mes demandes' }).click();
    await expectStatus(dialog, number, 'Déclaré');

    await agent.setStatus(id, { status: 'in_progress' });
    await expectStatus(dialog, number, 'Pris en charge');

    await agent.reply(id, {
      body: 'Pouvez-vous nous envoyer le fichier importé ?',
      attachments: [],
    });
    await agent.setStatus(id, { status: 'waiting_on_customer' });
    let article = await expectStatus(dialog, number, 'En attente de votre réponse');
    await article.getByText('Pouvez-vous nous envoyer le fichier importé ?').waitFor();

    // Ada answers: the ticket goes back to the team, with the clock running again.
    const reply = article.getByRole('form', { name: 'Répondre' });
    await reply.getByRole('textbox', { name: 'Votre message' }).fill('Le voici, 42 lignes.');
    await reply.getByRole('button', { name: 'Envoyer' }).click();
    await article.getByText('Le voici, 42 lignes.').waitFor();
    await expect.poll(async () => (await agent.getTicket(id)).ticket.status).toBe('in_progress');
    await expectStatus(dialog, number, 'Pris en charge');

    await agent.setStatus(id, { status: 'resolved', reason: 'fixed' });
    article = await expectStatus(dialog, number, 'Résolu');
    // The reason is always shown with "Résolu".
    expect(
      await article
        .getByRole('paragraph')
        .filter({ hasText: /^Statut :/ })
        .first()
        .textContent(),
    ).toContain('Corrigé');

    const rating = article.getByRole('group', { name: 'La réponse vous a-t-elle aidé ?' });
    await rating.getByRole('button', { name: 'Satisfait', exact: true }).click();
    await article.getByRole('textbox', { name: /Un commentaire/ }).fill('Rapide et clair.');
    await article.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await expect.poll(async () => (await agent.getTicket(id)).ticket.rating?.score).toBe('good');
    // Once: the widget no longer offers it, and the API refuses a second rating.
    await expect
      .poll(() => rating.getByRole('button', { name: 'Satisfait', exact: true }).count())
      .toBe(0);
    const again = await api('ada', `/v1/tickets/${id}/rating`, {
      method: 'POST',
      idempotencyKey: crypto.randomUUID(),
      body: { score: 'bad' },
    });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect((await agent.getTicket(id)).ticket.rating?.score).toBe('good');

    // Reopening is offered within the window the server announces, and takes effect at once.
    await article.getByText(/Vous pouvez rouvrir cette demande jusqu’au/).waitFor();
    await article.getByRole('button', { name: 'Rouvrir la demande' }).click();
    await expect
      .poll(() =>
        article
          .getByRole('paragraph')
          .filter({ hasText: /^Statut :/ })
          .first()
          .textContent(),
      )
      .toContain('Pris en charge');
    expect((await agent.getTicket(id)).ticket.status).toBe('in_progress');

    // Back on another screen later, before opening the panel: nothing new, no badge...
    await page.close();
    const unreadCheck = (p: typeof page) =>
      p.waitForResponse((response) => response.url().includes('/v1/tickets?scope=mine'));
    const calm = await context.newPage();
    const checked = unreadCheck(calm);
    await calm.goto('/candidates');
    await checked;
    await expect.poll(() => launcherName(calm)).toBe('Aide');
    await calm.close();
    // ...then the agent answers, and the next page shows the badge on the launcher at once.
    await agent.reply(id, { body: 'Le correctif est déployé.', attachments: [] });
    const later = await context.newPage();
    const rechecked = unreadCheck(later);
    await later.goto('/candidates');
    await rechecked;
    await expect.poll(() => launcherName(later)).toBe('Aide (1)');
    await context.close();
  });
});
