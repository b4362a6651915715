import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../src/chromium';
import { repoRoot } from '../src/stack';

// `pnpm --filter @aide/example-demo screenshots`, with `pnpm demo` running: the README's
// pictures of the widget in Talentia, taken in Debian's Chromium, written to docs/screenshots/.

const saasHost = process.env.TALENTIA_URL ?? 'http://127.0.0.1:5173';
const out = resolve(repoRoot, 'docs/screenshots');
await mkdir(out, { recursive: true });

const browser = await launchChromium();

async function talentia(width: number, height: number, path: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width, height },
    deviceScaleFactor: 1,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  await context.addCookies([{ name: 'talentia_user', value: 'ada', url: saasHost }]);
  const page = await context.newPage();
  await page.goto(`${saasHost}${path}`);
  await page.getByRole('button', { name: 'Aide', exact: true }).waitFor();
  return page;
}

async function open(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Aide', exact: true }).click();
  await page.getByRole('dialog', { name: 'Aide' }).getByRole('tab').first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: `${out}/${name}.png`, animations: 'disabled', caret: 'hide' });
  console.log(`docs/screenshots/${name}.png`);
}

const desktop = await talentia(1280, 800, '/candidates');
await desktop.waitForLoadState('networkidle');
// The launcher as a visitor first sees it, with the part of the page around it (the host
// decides where it sits: Talentia puts it in its header).
await desktop.mouse.move(0, 0);
const button = await desktop.getByRole('button', { name: 'Aide', exact: true }).boundingBox();
if (!button) {
  throw new Error('the launcher has no box on the page');
}
const x = Math.max(0, button.x + button.width + 24 - 560);
const y = Math.max(0, button.y - 24);
await desktop.screenshot({
  path: `${out}/launcher.png`,
  clip: { x, y, width: Math.min(560, 1280 - x), height: Math.min(160, 800 - y) },
  animations: 'disabled',
});
console.log('docs/screenshots/launcher.png');

await open(desktop);
const dialog = desktop.getByRole('dialog', { name: 'Aide' });
await dialog.getByRole('region', { name: 'Pour cette page' }).waitFor();
await shot(desktop, 'documentation');

await dialog.getByRole('tab', { name: 'Nouvelle demande' }).click();
await dialog.getByRole('button', { name: 'Incident', exact: true }).waitFor();
await desktop.waitForLoadState('networkidle');
await shot(desktop, 'new-ticket');
await dialog.getByRole('button', { name: 'Incident', exact: true }).click();
await dialog.getByRole('button', { name: 'Envoyer la demande' }).click();
await dialog.getByRole('alert').first().waitFor();
await shot(desktop, 'form-errors');

await dialog.getByRole('tab', { name: 'Mes demandes' }).click();
await dialog.getByRole('list', { name: 'Demandes' }).waitFor();
await shot(desktop, 'tickets');
await dialog.getByRole('list', { name: 'Demandes' }).getByRole('button').first().click();
await dialog.getByRole('article').getByRole('heading').first().waitFor();
await desktop.waitForLoadState('networkidle');
await shot(desktop, 'ticket-detail');

const phone = await talentia(360, 740, '/candidates');
await open(phone);
await shot(phone, 'phone');

await browser.close();
