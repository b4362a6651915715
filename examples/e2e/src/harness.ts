import { findDemoUser, signAideToken } from '@aide/example-saas-host/backend';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect, inject } from 'vitest';

// What every journey needs: Debian's Chromium, a signed-in Talentia tab, the ❔ Aide panel, the
// demo inbox. Selection is by role and accessible name only (getByRole pierces the widget's open
// shadow root).

export const stack = inject('stack');

/** Debian's Chromium (never a downloaded browser); AIDE_CHROMIUM overrides the path. */
export { launchChromium } from '@aide/example-demo/chromium';

export type DemoUserId = 'ada' | 'bob' | 'eve';

/** A browser context signed in to Talentia as a demo user (the host's session cookie). */
export async function talentiaContext(
  browser: Browser,
  user: DemoUserId,
  options: { width?: number; height?: number } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: stack.saasHost,
    viewport: { width: options.width ?? 1280, height: options.height ?? 860 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  await context.addCookies([{ name: 'talentia_user', value: user, url: stack.saasHost }]);
  return context;
}

/** Opens a Talentia screen and waits for the ❔ Aide launcher. */
export async function openTalentia(context: BrowserContext, path = '/candidates'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(path);
  await launcher(page).waitFor();
  return page;
}

export function launcher(page: Page, name = 'Aide'): Locator {
  return page.getByRole('button', { name, exact: true });
}

export function panel(page: Page, name = 'Aide'): Locator {
  return page.getByRole('dialog', { name });
}

/** Clicks the launcher and waits for the panel dialog. */
export async function openPanel(page: Page, name = 'Aide'): Promise<Locator> {
  await launcher(page, name).click();
  const dialog = panel(page, name);
  await dialog.waitFor();
  return dialog;
}

export interface InboxMail {
  to: string[];
  subject: string;
  text: string;
}

export async function inbox(): Promise<InboxMail[]> {
  const response = await fetch(`${stack.hub}/inbox.json`);
  return (await response.json()) as InboxMail[];
}

/**
 * Waits until the demo's SMTP inbox holds a mail matching `predicate`. The server's sweep
 * delivers its e-mail outbox every 30 seconds, hence the default.
 */
export async function waitForMail(
  predicate: (mail: InboxMail) => boolean,
  timeoutMs = 60_000,
): Promise<InboxMail> {
  let found: InboxMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await inbox()).find(predicate);
        return found !== undefined;
      },
      { timeout: timeoutMs, interval: 250 },
    )
    .toBe(true);
  return found as InboxMail;
}

/** A host token for direct API calls, signed exactly as Talentia's backend signs it. */
export async function tokenFor(user: DemoUserId): Promise<string> {
  const found = findDemoUser(user);
  if (found === undefined) {
    throw new Error(`no demo user ${user}`);
  }
  return signAideToken(found);
}

/** Calls the Aide server's widget API as a demo user. */
export async function api(
  user: DemoUserId,
  path: string,
  init: { method?: string; body?: unknown; idempotencyKey?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { Authorization: `Bearer ${await tokenFor(user)}` };
  if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (init.idempotencyKey !== undefined) {
    headers['Idempotency-Key'] = init.idempotencyKey;
  }
  const response = await fetch(`${stack.aideServer}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** Sends a valid `general.question` create-ticket request as `user`, whatever it answers. */
export function postQuestion(
  user: DemoUserId,
  subject: string,
  description: string,
): Promise<{ status: number; body: unknown }> {
  return api(user, '/v1/tickets', {
    method: 'POST',
    idempotencyKey: crypto.randomUUID(),
    body: {
      category: 'general.question',
      subject,
      description,
      priority: 'normal',
      fields: {},
      attachments: [],
      consent: { accepted: true, text_version: '1' },
      share_with_account_manager: false,
      context: {},
    },
  });
}

/**
 * Files a `general.question` ticket through the real API as `user` (a journey's starting point
 * when the widget's form is not what it tests); fails the test unless the server created it.
 */
export async function fileQuestion(
  user: DemoUserId,
  subject: string,
  description: string,
): Promise<{ id: string; number: number }> {
  const created = await postQuestion(user, subject, description);
  if (created.status !== 201) {
    throw new Error(
      `filing "${subject}" answered ${created.status}: ${JSON.stringify(created.body)}`,
    );
  }
  return (created.body as { ticket: { id: string; number: number } }).ticket;
}

/** A `datetime-local` value in the browser's time zone (Europe/Paris), `minutes` from now. */
export function parisDateTime(minutes: number): string {
  const at = new Date(Date.now() + minutes * 60_000);
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
  return parts.replace(' ', 'T');
}
