import { afterEach, beforeEach, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { type SmtpCapture, startSmtpCapture } from '../test-support/smtp';
import { draftTicket } from '../test-support/tickets';
import { createSmtpMailer, type Mailer } from './mailer';
import { deliverOutbox, notifyCustomers, notifyRequester, retryDelayMs } from './outbox';

let store: Store;
let smtp: SmtpCapture;
let mailer: Mailer;
const now = new Date('2026-03-02T09:00:00Z');
const linkFor = () => ({ appUrl: 'https://app.acme.test/' });

beforeEach(async () => {
  store = await openSqliteStore({ path: ':memory:' });
  smtp = await startSmtpCapture();
  mailer = createSmtpMailer({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    from: 'Acme Support <support@vendor.test>',
  });
});

afterEach(async () => {
  mailer.close();
  await smtp.stop();
  await store.close();
});

it('e-mails the requester that the ticket was received, with its number and link and nothing of its content', async () => {
  const draft = draftTicket({
    subject: 'Mot de passe admin : Hunter2',
    description: 'Le serveur 10.0.0.7 refuse la connexion',
    context: { locale: 'fr-FR' },
  });
  const ticket = await store.transaction(async (tx) => {
    const stored = await tx.insertTicket(draft);
    await notifyRequester(tx, stored.ticket, 'ticket_received', {
      now,
      dedupeKey: `received:${draft.id}`,
    });
    return stored.ticket;
  });
  const report = await deliverOutbox({
    store,
    mailer,
    now,
    owner: 'web-1',
    linkFor,
    teamNameFor: () => 'Acme',
  });
  expect(report).toEqual({ sent: 1, retried: 0, failed: 0 });
  const [mail] = await smtp.waitFor(1);
  expect(mail?.to).toEqual(['ada@acme.test']);
  expect(mail?.from).toBe('support@vendor.test');
  expect(mail?.subject).toBe('Demande n° 1 bien reçue');
  expect(mail?.text).toContain(`https://app.acme.test/#aide-ticket=${ticket.id}`);
  expect(mail?.text).toContain("L'équipe Acme");
  for (const secret of ['Hunter2', 'Mot de passe', '10.0.0.7', 'refuse la connexion']) {
    expect(mail?.raw).not.toContain(secret);
    expect(mail?.text).not.toContain(secret);
    expect(mail?.html).not.toContain(secret);
  }
  expect((await store.listNotifications('tenant-a', ticket.id))[0]?.status).toBe('sent');
  // Nothing left to send.
  expect(await deliverOutbox({ store, mailer, now, owner: 'web-1', linkFor })).toEqual({
    sent: 0,
    retried: 0,
    failed: 0,
  });
});

it('queues nothing for a requester without an e-mail address', async () => {
  const { ticket } = await store.insertTicket(
    draftTicket({ requester: { id: 'bob', name: 'Bob', email: null } }),
  );
  const queued = await store.transaction((tx) =>
    notifyRequester(tx, ticket, 'resolved', { now, data: { reason: 'fixed' } }),
  );
  expect(queued).toBeNull();
  expect(await store.listNotifications('tenant-a', ticket.id)).toEqual([]);
});

it('gives up after the last attempt and keeps the error', async () => {
  const { ticket } = await store.insertTicket(draftTicket({ context: { locale: 'en' } }));
  await store.transaction((tx) =>
    notifyRequester(tx, ticket, 'agent_replied', { now, data: { actorName: 'Grace' } }),
  );
  smtp.failNext(2);
  const first = await deliverOutbox({ store, mailer, now, owner: 'a', linkFor, maxAttempts: 2 });
  expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
  const later = new Date(now.getTime() + retryDelayMs(0));
  const second = await deliverOutbox({
    store,
    mailer,
    now: later,
    owner: 'a',
    linkFor,
    maxAttempts: 2,
  });
  expect(second).toEqual({ sent: 0, retried: 0, failed: 1 });
  const [record] = await store.listNotifications('tenant-a', ticket.id);
  expect(record).toMatchObject({ status: 'failed', attempts: 2 });
  expect(record?.lastError).toContain('451');
  expect(smtp.mails).toEqual([]);
});

it('backs off exponentially up to an hour', () => {
  expect([0, 1, 2, 3, 10].map(retryDelayMs)).toEqual([
    60_000, 120_000, 240_000, 480_000, 3_600_000,
  ]);
});

it('notifies the requester and customer participants once per address, never agents', async () => {
  const { ticket } = await store.insertTicket(
    draftTicket({
      participants: [
        { id: 'ada', name: 'Ada Lovelace', email: 'ADA@acme.test', role: 'requester' },
        { id: 'bob', name: 'Bob Martin', email: 'bob@acme.test', role: 'participant' },
        { id: 'nomail', name: 'No Mail', email: null, role: 'participant' },
        { id: 'grace', name: 'Grace Hopper', email: 'grace@vendor.test', role: 'agent' },
      ],
    }),
  );
  const notify = () =>
    store.transaction((tx) =>
      notifyCustomers(tx, ticket, 'resolved', {
        now,
        data: { reason: 'fixed' },
        dedupeKey: `resolved:${ticket.id}`,
      }),
    );
  expect((await notify()).map((each) => each.recipientEmail)).toEqual([
    'ada@acme.test',
    'bob@acme.test',
  ]);
  expect(await notify()).toEqual([]);
  await deliverOutbox({ store, mailer, now, owner: 'a', linkFor });
  const mails = await smtp.waitFor(2);
  expect(mails.map((mail) => mail.to[0]).sort()).toEqual(['ada@acme.test', 'bob@acme.test']);
});
