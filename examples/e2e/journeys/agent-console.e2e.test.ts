import { createAgentClient } from '@aide/core';
import { decodeJwt } from 'jose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileQuestion, launchChromium, stack } from '../src/harness';

// The demo's own tooling: the agent console a person uses to answer tickets, and the host
// token the README tells vendors to sign (accepted by the real server, claims as documented).

let browser: Browser;
const agent = createAgentClient({ baseUrl: stack.aideServer, apiKey: stack.agentKey });

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser.close();
});

describe('demo tooling', () => {
  test('the agent console answers a ticket and resolves it with a reason', async () => {
    const word = `ref${Math.floor(Math.random() * 1e9)}`;
    const { id, number } = await fileQuestion(
      'ada',
      `Question pour la console ${word}`,
      'Comment archiver une offre ?',
    );

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${stack.hub}/agent/`);
    await page
      .getByRole('button', { name: new RegExp(`^n° ${number} · Question pour la console`) })
      .click();
    await page
      .getByRole('heading', { name: `n° ${number} · Question pour la console ${word}` })
      .waitFor();

    const reply = page.getByRole('form', { name: 'Répondre' });
    await reply.getByRole('textbox', { name: /Réponse au client/ }).fill('Menu Offres > Archiver.');
    await reply.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await page.getByText('Menu Offres > Archiver.').waitFor();

    const status = page.getByRole('form', { name: 'Changer le statut' });
    await status
      .getByRole('combobox', { name: 'Nouveau statut' })
      .selectOption({ label: 'Résoudre' });
    await status
      .getByRole('combobox', { name: 'Motif de résolution' })
      .selectOption({ label: 'Réponse apportée' });
    await status.getByRole('button', { name: 'Appliquer' }).click();
    await page.getByText('Résolu (Réponse apportée)').first().waitFor();

    const { ticket } = await agent.getTicket(id);
    expect(ticket.status).toBe('resolved');
    expect(ticket.resolution?.reason).toBe('answered');
    const thread = await agent.getThread(id);
    expect(thread.messages.map((message) => message.body)).toContain('Menu Offres > Archiver.');
    await page.close();
  });

  test("Talentia's backend signs the token the README describes, and the server accepts it", async () => {
    const page = await browser.newPage();
    await page.context().addCookies([{ name: 'talentia_user', value: 'bob', url: stack.saasHost }]);
    await page.goto(`${stack.saasHost}/candidates`);
    const token = await page.evaluate(() => fetch('/api/aide-token').then((r) => r.text()));
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      iss: 'demo',
      aud: 'aide',
      sub: 'bob',
      email: 'bob@acme.test',
      name: 'Bob Martin',
      company: 'acme',
      company_name: 'Acme SARL',
      role: 'member',
      locale: 'fr',
    });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBeLessThanOrEqual(15 * 60);

    const me = await fetch(`${stack.aideServer}/v1/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({
      user: { id: 'bob', role: 'member' },
      capabilities: { can_create_ticket: false },
    });
    await page.close();
  });
});
