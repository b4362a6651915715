import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, launcher, openTalentia, panel, talentiaContext } from '../src/harness';

// Journey 9: Talentia's language setting switches the open panel between French, English and
// Spanish without a reload (mountAide's setLocale).

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

describe('journey 9: locales', () => {
  test('journey 9: English and Spanish switch at run time, panel open', async () => {
    const context = await talentiaContext(browser, 'ada');
    const page = await openTalentia(context, '/settings');
    await launcher(page, 'Aide').click();
    const french = panel(page, 'Aide');
    await french.getByRole('tab', { name: 'Nouvelle demande' }).waitFor();
    await page.evaluate(() => {
      (window as unknown as { reloaded: boolean }).reloaded = false;
    });

    const language = page.getByRole('combobox', { name: 'Langue de l’interface' });
    await language.selectOption('en');
    const english = panel(page, 'Help');
    await english.getByRole('tab', { name: 'New request' }).waitFor();
    await english.getByRole('tab', { name: 'My requests' }).waitFor();
    await english.getByRole('button', { name: 'Close' }).waitFor();
    await english.getByRole('region', { name: 'For this page' }).waitFor();
    expect(await launcher(page, 'Help').count()).toBe(1);

    await language.selectOption('es');
    const spanish = panel(page, 'Ayuda');
    await spanish.getByRole('tab', { name: 'Nueva solicitud' }).waitFor();
    await spanish.getByRole('tab', { name: 'Mis solicitudes' }).click();
    await spanish.getByRole('button', { name: 'Cerrar' }).waitFor();
    expect(await launcher(page, 'Ayuda').count()).toBe(1);

    // The same document all along: the switch happened at run time.
    expect(await page.evaluate(() => (window as unknown as { reloaded: boolean }).reloaded)).toBe(
      false,
    );
    await language.selectOption('fr');
    await panel(page, 'Aide').getByRole('tab', { name: 'Mes demandes' }).waitFor();
    await context.close();
  });
});
