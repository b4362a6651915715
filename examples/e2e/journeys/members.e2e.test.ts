import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  api,
  launchChromium,
  openPanel,
  openTalentia,
  postQuestion,
  talentiaContext,
} from '../src/harness';

// Journeys 5 and 6: what a member may do, and what another company's member may see.

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

/** Numbers of the tickets listed in "Mes demandes" once the list has settled. */
async function listedNumbers(dialog: Locator): Promise<number[]> {
  const list = dialog.getByRole('list', { name: 'Demandes' });
  await dialog
    .getByText(/demande\(s\) affichée\(s\)|Aucun résultat trouvé/)
    .first()
    .waitFor();
  if ((await list.count()) === 0) {
    return [];
  }
  const names = await list
    .getByRole('button')
    .evaluateAll((buttons) => buttons.map((button) => button.textContent ?? ''));
  return names.map((name) => Number(name.match(/^n° (\d+)/)?.[1])).sort((a, b) => a - b);
}

/** The tickets of Acme, as the agent API sees them (the source of truth for the journeys). */
async function acmeTicketNumbers(): Promise<number[]> {
  const { status, body } = await api('ada', '/v1/tickets?scope=company&limit=100');
  expect(status).toBe(200);
  return (body as { items: { number: number }[] }).items
    .map((item) => item.number)
    .sort((a, b) => a - b);
}

describe('journeys 5 and 6: members', () => {
  test('journey 5: a member is told who may file, follows the company tickets, and the API refuses creation', async () => {
    const context = await talentiaContext(browser, 'bob');
    const page = await openTalentia(context, '/reports');
    const dialog = await openPanel(page);

    await dialog.getByRole('tab', { name: 'Nouvelle demande' }).click();
    const notice = dialog.getByRole('region', {
      name: 'Seuls les administrateurs peuvent ouvrir une demande',
    });
    await notice.waitFor();
    expect(await notice.getByRole('listitem').allTextContents()).toEqual(['Ada Lovelace']);
    expect(await dialog.getByRole('form').count()).toBe(0);

    // Docs stay available, with this screen's first.
    await dialog.getByRole('tab', { name: 'Documentation' }).click();
    await dialog
      .getByRole('region', { name: 'Pour cette page' })
      .getByRole('link', { name: /Exporter un rapport en CSV/ })
      .waitFor();

    await dialog.getByRole('tab', { name: 'Mes demandes' }).click();
    await dialog.getByRole('radio', { name: 'Toute l’entreprise' }).check();
    await dialog
      .getByRole('combobox', { name: 'Statut' })
      .selectOption({ label: 'Tous les statuts' });
    const expected = await acmeTicketNumbers();
    expect(expected.length).toBeGreaterThan(0);
    // The list is windowed: its count covers every ticket, the rendered rows are some of them.
    await dialog.getByText(`${expected.length} demande(s) affichée(s)`).first().waitFor();
    const listed = await listedNumbers(dialog);
    expect(listed.length).toBeGreaterThan(0);
    expect(expected).toEqual(expect.arrayContaining(listed));

    // The server decides from the verified role, whatever the browser sends.
    const refused = await postQuestion(
      'bob',
      'Je voudrais ouvrir une demande',
      'En tant que membre.',
    );
    expect(refused.status).toBe(403);
    expect(await acmeTicketNumbers()).toEqual(expected);
    await context.close();
  });

  test("journey 6: another company's member sees none of Acme's tickets", async () => {
    const context = await talentiaContext(browser, 'eve');
    const page = await openTalentia(context, '/candidates');
    const dialog = await openPanel(page);
    await dialog.getByRole('tab', { name: 'Mes demandes' }).click();
    await dialog.getByRole('radio', { name: 'Toute l’entreprise' }).check();
    await dialog
      .getByRole('combobox', { name: 'Statut' })
      .selectOption({ label: 'Tous les statuts' });
    await dialog.getByText('Aucun résultat trouvé').first().waitFor();
    expect(await listedNumbers(dialog)).toEqual([]);

    // Not even by id: another company's ticket answers 404, as if it did not exist.
    const acme = await api('ada', '/v1/tickets?scope=company&limit=1');
    const acmeId = (acme.body as { items: { id: string }[] }).items[0]?.id;
    expect(acmeId).toBeDefined();
    expect((await api('eve', `/v1/tickets/${acmeId}`)).status).toBe(404);
    await context.close();
  });
});
