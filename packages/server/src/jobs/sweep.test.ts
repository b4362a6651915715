import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Author,
  defaultLifecyclePolicy,
  type LifecycleEvent,
  type Ticket,
  transition,
} from '@aide/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSmtpMailer, type Mailer } from '../notifications/mailer';
import { openPostgresStore } from '../store/postgres';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { type ManualClock, manualClock } from '../test-support/clock';
import { createTestDatabase, type RunningPostgres, startPostgres } from '../test-support/postgres';
import { type SmtpCapture, startSmtpCapture } from '../test-support/smtp';
import { draftTicket } from '../test-support/tickets';
import { runSweep, type SweepReport, startSweeper, syncWaitingJob, waitingJobKind } from './sweep';

const agent: Author = { kind: 'agent', id: 'agent-1', name: 'Grace Hopper' };
const customer: Author = { kind: 'customer', id: 'ada', name: 'Ada Lovelace' };
const policy = defaultLifecyclePolicy;
const appUrl = 'https://app.acme.test/dashboard';
const secretSubject = 'Salaire de Mme Dupont visible par tous';
const secretDescription = 'Le bulletin de paie confidentiel de mars est affiché';

interface Engine {
  name: string;
  /** A fresh database; `open()` gives another instance (connection) on it. */
  create(): Promise<{ open(): Promise<Store>; drop(): Promise<void> }>;
}

let postgres: RunningPostgres | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(() => postgres?.stop());

const engines: Engine[] = [
  {
    name: 'SQLite',
    create: async () => {
      const directory = mkdtempSync(join(tmpdir(), 'aide-sweep-'));
      return {
        open: () => openSqliteStore({ path: join(directory, 'aide.sqlite') }),
        drop: async () => rmSync(directory, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'PostgreSQL',
    create: async () => {
      const database = await createTestDatabase(postgres!.url);
      return { open: () => openPostgresStore({ url: database.url }), drop: database.drop };
    },
  },
];

describe.each(engines)('sweep on $name', (engine) => {
  let database: Awaited<ReturnType<Engine['create']>>;
  let stores: Store[];
  let smtp: SmtpCapture;
  let mailer: Mailer;
  let clock: ManualClock;
  const t0 = '2026-03-02T09:00:00.000Z';

  beforeEach(async () => {
    database = await engine.create();
    stores = [await database.open(), await database.open()];
    smtp = await startSmtpCapture();
    mailer = createSmtpMailer({
      host: smtp.host,
      port: smtp.port,
      secure: false,
      ignoreTLS: true,
      from: 'Support <support@vendor.test>',
    });
    clock = manualClock(t0);
  });

  afterEach(async () => {
    mailer.close();
    await smtp.stop();
    await Promise.all(stores.map((store) => store.close()));
    await database.drop();
  });

  async function apply(store: Store, ticket: Ticket, event: LifecycleEvent): Promise<Ticket> {
    const current = await store.getTicket(ticket.tenant_id, ticket.id);
    const result = transition(current!.ticket, event, clock.now(), policy);
    if (!result.ok) {
      throw new Error(result.error.message);
    }
    return store.transaction(async (tx) => {
      const saved = await tx.updateTicket(result.ticket, current!.version);
      await syncWaitingJob(tx, saved.ticket, policy);
      return saved.ticket;
    });
  }

  async function waitingTicket(store: Store, locale = 'fr'): Promise<Ticket> {
    const { ticket } = await store.insertTicket(
      draftTicket({
        subject: secretSubject,
        description: secretDescription,
        created_at: t0,
        updated_at: t0,
        last_activity_at: t0,
        context: { locale },
      }),
    );
    const taken = await apply(store, ticket, { type: 'take', actor: agent });
    return apply(store, taken, { type: 'wait_for_customer', actor: agent });
  }

  function sweep(store: Store, owner: string): Promise<SweepReport> {
    // Small batches make the two sweepers interleave instead of one taking everything at once.
    return runSweep({
      store,
      now: clock.now(),
      policyFor: () => policy,
      mailer,
      appUrl,
      owner,
      batchSize: 2,
      teamNameFor: () => 'Acme',
    });
  }

  async function sweepTogether() {
    const [a, b] = await Promise.all([sweep(stores[0]!, 'a'), sweep(stores[1]!, 'b')]);
    return {
      reminders: a.reminders + b.reminders,
      autoResolved: a.autoResolved + b.autoResolved,
      sent: a.mail.sent + b.mail.sent,
      split: `${a.jobs}/${b.jobs}`,
    };
  }

  async function reminderEvents(store: Store, ticket: Ticket) {
    return (await store.listEvents(ticket.tenant_id, ticket.id)).filter(
      (event) => event.kind === 'reminder_sent',
    );
  }

  it('reminds at +2 and +5 days and auto-resolves at +10, each once, with two sweepers and a restart', async () => {
    const tickets: Ticket[] = [];
    for (let index = 0; index < 8; index++) {
      tickets.push(await waitingTicket(stores[0]!));
    }

    clock.set('2026-03-03T09:00:00.000Z');
    expect(await sweepTogether()).toMatchObject({ reminders: 0, autoResolved: 0, sent: 0 });

    clock.set('2026-03-04T09:01:00.000Z');
    const first = await sweepTogether();
    expect(first).toMatchObject({ reminders: 8, autoResolved: 0, sent: 8 });
    expect(await sweepTogether()).toMatchObject({ reminders: 0, sent: 0 });
    for (const ticket of tickets) {
      expect(await reminderEvents(stores[1]!, ticket)).toHaveLength(1);
    }

    // Restart one instance: everything it needs is in the database.
    await stores[0]!.close();
    stores[0] = await database.open();
    clock.set('2026-03-07T10:00:00.000Z');
    expect(await sweepTogether()).toMatchObject({ reminders: 8, autoResolved: 0, sent: 8 });

    clock.set('2026-03-12T09:00:00.000Z');
    expect(await sweepTogether()).toMatchObject({ reminders: 0, autoResolved: 8, sent: 8 });
    expect(await sweepTogether()).toMatchObject({ reminders: 0, autoResolved: 0, sent: 0 });

    for (const ticket of tickets) {
      const stored = (await stores[0]!.getTicket(ticket.tenant_id, ticket.id))!.ticket;
      expect(stored.status).toBe('resolved');
      expect(stored.resolution?.reason).toBe('no_response');
      expect(await reminderEvents(stores[0]!, ticket)).toHaveLength(2);
      expect(
        await stores[0]!.getJob({
          tenantId: ticket.tenant_id,
          ticketId: ticket.id,
          kind: waitingJobKind,
        }),
      ).toBeNull();
      expect(
        (await stores[0]!.listNotifications(ticket.tenant_id, ticket.id)).map((each) => each.kind),
      ).toEqual(['waiting_reminder', 'waiting_reminder', 'auto_resolved']);
    }

    const mails = await smtp.waitFor(24);
    expect(mails).toHaveLength(24);
    const perTicket = new Map<number, string[]>();
    for (const mail of mails) {
      expect(mail.to).toEqual(['ada@acme.test']);
      expect(mail.text).not.toContain(secretSubject);
      expect(mail.text).not.toContain(secretDescription);
      expect(mail.html).not.toContain('Salaire');
      const number = Number(/n° (\d+)/.exec(mail.subject)?.[1]);
      perTicket.set(number, [...(perTicket.get(number) ?? []), mail.subject]);
    }
    expect([...perTicket.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(perTicket.get(3)).toEqual([
      'Rappel 1 : votre réponse est attendue sur la demande n° 3',
      'Rappel 2 : votre réponse est attendue sur la demande n° 3',
      'Demande n° 3 résolue sans réponse de votre part',
    ]);
    const third = tickets[2]!;
    expect(mails.find((mail) => mail.subject.includes('n° 3'))?.text).toContain(
      `${appUrl}#aide-ticket=${third.id}`,
    );
    console.info(`[${engine.name}] 8 reminders split between two sweepers: ${first.split}`);
  });

  it('sends nothing to a customer who replied before the reminder', async () => {
    const ticket = await waitingTicket(stores[0]!);
    clock.set('2026-03-03T12:00:00.000Z');
    await apply(stores[0]!, ticket, { type: 'reply', actor: customer });
    clock.set('2026-03-14T12:00:00.000Z');
    expect(await sweepTogether()).toMatchObject({ reminders: 0, autoResolved: 0, sent: 0 });
    expect((await stores[0]!.getTicket(ticket.tenant_id, ticket.id))?.ticket.status).toBe(
      'in_progress',
    );
    expect(await stores[0]!.listNotifications(ticket.tenant_id, ticket.id)).toEqual([]);
  });

  it('finishes a job whose ticket left the waiting status without cancelling it', async () => {
    const ticket = await waitingTicket(stores[0]!);
    const current = await stores[0]!.getTicket(ticket.tenant_id, ticket.id);
    const replied = transition(current!.ticket, { type: 'reply', actor: customer }, clock.now());
    // An update that forgot syncWaitingJob: the sweep must still do nothing and clean up.
    await stores[0]!.updateTicket(replied.ok ? replied.ticket : ticket, current!.version);
    clock.set('2026-03-05T09:00:00.000Z');
    const report = await sweep(stores[0]!, 'a');
    expect(report).toMatchObject({ jobs: 1, idle: 1, reminders: 0 });
    expect(
      await stores[0]!.getJob({
        tenantId: ticket.tenant_id,
        ticketId: ticket.id,
        kind: waitingJobKind,
      }),
    ).toBeNull();
  });

  it('after a long outage, only auto-resolves (no burst of stale reminders)', async () => {
    const ticket = await waitingTicket(stores[0]!, 'es');
    clock.set('2026-03-20T09:00:00.000Z');
    expect(await sweepTogether()).toMatchObject({ reminders: 0, autoResolved: 1, sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('Solicitud n.º 1 resuelta sin respuesta suya');
    expect(mail?.text).toContain('El equipo de Acme');
    expect(mail?.text).toContain(`#aide-ticket=${ticket.id}`);
  });

  it('retries a mail the SMTP server refused, with backoff, and sends it once', async () => {
    await waitingTicket(stores[0]!, 'en');
    smtp.failNext(1);
    clock.set('2026-03-04T09:00:00.000Z');
    const first = await sweep(stores[0]!, 'a');
    expect(first.mail).toEqual({ sent: 0, retried: 1, failed: 0 });
    clock.advance({ ms: 30_000 });
    expect((await sweep(stores[1]!, 'b')).mail).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock.advance({ ms: 31_000 });
    expect((await sweep(stores[1]!, 'b')).mail).toEqual({ sent: 1, retried: 0, failed: 0 });
    const mails = await smtp.waitFor(1);
    expect(mails.map((mail) => mail.subject)).toEqual([
      'Reminder 1: your reply is needed on request #1',
    ]);
  });

  /** A sweeper on the first store with the test clock and mailer, collecting its reports. */
  function startTestSweeper(timing: { intervalMs: number; nudgeDelayMs?: number }) {
    const reports: SweepReport[] = [];
    const sweeper = startSweeper({
      ...timing,
      clock: clock.now,
      store: stores[0]!,
      policyFor: () => policy,
      mailer,
      appUrl,
      onReport: (report) => reports.push(report),
    });
    return { sweeper, reports };
  }

  it('runs on an interval with an injected clock until stopped', async () => {
    const ticket = await waitingTicket(stores[0]!, 'en');
    clock.set('2026-03-04T10:00:00.000Z');
    const { sweeper, reports } = startTestSweeper({ intervalMs: 10 });
    await smtp.waitFor(1);
    await sweeper.stop();
    const after = reports.length;
    // Thirty intervals: a sweeper still running would have reported again by then, even with a
    // pass slowed down by a busy machine.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reports.length).toBe(after);
    expect(reports.reduce((sum, report) => sum + report.reminders, 0)).toBe(1);
    expect(await reminderEvents(stores[0]!, ticket)).toHaveLength(1);
  });

  it('a nudge runs a pass soon, whatever the interval, and a burst of nudges shares it', async () => {
    const ticket = await waitingTicket(stores[0]!, 'en');
    clock.set('2026-03-04T10:00:00.000Z');
    const { sweeper, reports } = startTestSweeper({ intervalMs: 3_600_000, nudgeDelayMs: 20 });
    for (let i = 0; i < 5; i++) {
      sweeper.nudge();
    }
    await smtp.waitFor(1);
    await vi.waitFor(() => expect(reports).toHaveLength(1));
    expect(reports[0]?.reminders).toBe(1);
    expect(await reminderEvents(stores[0]!, ticket)).toHaveLength(1);
    await sweeper.stop();
    sweeper.nudge();
    // Fifteen nudge delays: a stopped sweeper that still obeyed would have reported by then,
    // even with a pass slowed down by a busy machine.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reports).toHaveLength(1);
  });

  it('purges idempotency records once they are more than 24 hours old, not before', async () => {
    const scope = { tenantId: 'tenant-a', userId: 'ada', key: 'k1' };
    await stores[0]!.beginIdempotency(scope, 'hash', clock.now());
    clock.advance({ hours: 23 });
    expect((await sweep(stores[0]!, 'a')).idempotencyPurged).toBe(0);
    expect((await stores[0]!.beginIdempotency(scope, 'hash', clock.now())).state).toBe(
      'in_progress',
    );
    clock.advance({ hours: 2 });
    expect((await sweep(stores[0]!, 'a')).idempotencyPurged).toBe(1);
    await expect(
      runSweep({
        store: stores[0]!,
        now: clock.now(),
        policyFor: () => policy,
        appUrl,
        idempotencyRetentionMs: 3_600_000,
      }),
    ).rejects.toThrow('at least 24 hours');
  });

  it('leaves a job claimed by another instance alone until that claim expires', async () => {
    const ticket = await waitingTicket(stores[0]!);
    clock.set('2026-03-04T10:00:00.000Z');
    const [claimed] = await stores[1]!.claimDueJobs({
      now: clock.now(),
      owner: 'crashed-instance',
      leaseMs: 10 * 60_000,
    });
    expect(claimed?.ticketId).toBe(ticket.id);
    expect(await sweep(stores[0]!, 'a')).toMatchObject({ jobs: 0, reminders: 0 });
    clock.advance({ minutes: 11 });
    expect(await sweep(stores[0]!, 'a')).toMatchObject({ jobs: 1, reminders: 1 });
    // The crashed instance's late answer is refused: the reminder stays done once.
    expect(await stores[1]!.finishJob(claimed!.id, 'crashed-instance', null)).toBe(false);
    expect(await reminderEvents(stores[0]!, ticket)).toHaveLength(1);
  });

  it('retries a job that failed, later, with the error kept', async () => {
    const ticket = await waitingTicket(stores[0]!);
    clock.set('2026-03-04T10:00:00.000Z');
    const failing = await runSweep({
      store: stores[0]!,
      now: clock.now(),
      policyFor: () => {
        throw new Error('tenant configuration unavailable');
      },
      appUrl,
    });
    expect(failing).toMatchObject({ jobs: 1, errors: 1, reminders: 0 });
    const key = { tenantId: ticket.tenant_id, ticketId: ticket.id, kind: waitingJobKind };
    expect(await stores[0]!.getJob(key)).toMatchObject({
      attempts: 1,
      lastError: 'Error: tenant configuration unavailable',
      dueAt: new Date('2026-03-04T10:01:00.000Z'),
    });
    expect(await sweep(stores[0]!, 'a')).toMatchObject({ jobs: 0 });
    clock.advance({ minutes: 1 });
    expect(await sweep(stores[0]!, 'a')).toMatchObject({ jobs: 1, reminders: 1, errors: 0 });
  });
});
