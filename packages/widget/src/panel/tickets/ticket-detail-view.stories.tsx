import type { Resolution, TicketDetail, TicketStatus } from '@aide/core';
import type { Meta, StoryObj } from '@storybook/preact-vite';
import { useMemo } from 'preact/hooks';
import { expect, userEvent, within } from 'storybook/test';
import {
  agentAuthor,
  customerAuthor,
  fixedNow,
  makeDetail,
  makeMessage,
  makeSla,
  makeThread,
  makeTicket,
} from './fixtures';
import { createTicketsPanel, TicketsFrame, TicketsPanelProvider } from './harness';
import { TicketDetailView } from './ticket-detail-view';

type Variant =
  | 'new'
  | 'in_progress'
  | 'escalated'
  | 'waiting_on_customer'
  | 'resolved_not_deployed'
  | 'resolved'
  | 'closed_rated'
  | 'merged'
  | 'breached'
  | 'long_thread'
  | 'long_texts'
  | 'error';

interface DetailStoryArgs {
  variant: Variant;
  theme: 'light' | 'dark';
  width: number;
  locale: 'fr' | 'en' | 'es';
  dir: 'ltr' | 'rtl';
}

const iso = (minutesAgo: number) =>
  new Date(fixedNow.getTime() - minutesAgo * 60_000).toISOString();

function scenario(variant: Variant): {
  detail: TicketDetail;
  thread: ReturnType<typeof makeThread>;
} {
  const thread = makeThread();
  const base = (status: TicketStatus, resolution: Resolution | null = null) =>
    makeTicket({ status, resolution, resolved_at: resolution ? iso(60) : null });
  switch (variant) {
    case 'new':
      return {
        detail: makeDetail(base('new'), {
          sla: makeSla({ clock: 'not_started', elapsed_minutes: 0, remaining_minutes: 480 }),
        }),
        thread: { messages: thread.messages.slice(0, 1), events: thread.events.slice(0, 1) },
      };
    case 'in_progress':
      return { detail: makeDetail(base('in_progress')), thread };
    case 'escalated':
      thread.events.push({
        id: 'evt_esc',
        ticket_id: 'tkt_42',
        at: iso(50),
        actor: agentAuthor,
        kind: 'status_changed',
        from: 'in_progress',
        to: 'escalated',
        resolution: null,
      });
      return {
        detail: makeDetail(base('escalated'), { sla: makeSla({ remaining_minutes: 95 }) }),
        thread,
      };
    case 'waiting_on_customer':
      thread.events.push(
        {
          id: 'evt_w',
          ticket_id: 'tkt_42',
          at: iso(60 * 50),
          actor: agentAuthor,
          kind: 'status_changed',
          from: 'in_progress',
          to: 'waiting_on_customer',
          resolution: null,
        },
        {
          id: 'evt_p',
          ticket_id: 'tkt_42',
          at: iso(60 * 50),
          actor: agentAuthor,
          kind: 'sla_paused',
        },
        {
          id: 'evt_r',
          ticket_id: 'tkt_42',
          at: iso(60 * 2),
          actor: { kind: 'system', id: null, name: 'system' },
          kind: 'reminder_sent',
          reminder: 1,
        },
      );
      return {
        detail: makeDetail(base('waiting_on_customer'), {
          sla: makeSla({ clock: 'paused', remaining_minutes: 200 }),
        }),
        thread,
      };
    case 'resolved_not_deployed':
      return {
        detail: makeDetail(base('resolved_not_deployed'), {
          sla: makeSla({ clock: 'paused', remaining_minutes: 120 }),
        }),
        thread,
      };
    case 'resolved':
      thread.events.push({
        id: 'evt_res',
        ticket_id: 'tkt_42',
        at: iso(60),
        actor: agentAuthor,
        kind: 'status_changed',
        from: 'in_progress',
        to: 'resolved',
        resolution: { reason: 'fixed', duplicate_of: null },
      });
      return {
        detail: makeDetail(base('resolved', { reason: 'fixed', duplicate_of: null })),
        thread,
      };
    case 'closed_rated':
      return {
        detail: makeDetail(
          makeTicket({
            status: 'closed',
            resolution: { reason: 'answered', duplicate_of: null },
            rating: {
              score: 'good',
              comment: 'Réponse rapide et claire, merci !',
              rated_at: iso(30),
            },
          }),
          { allowed_actions: [] },
        ),
        thread,
      };
    case 'merged':
      thread.events.push({
        id: 'evt_m',
        ticket_id: 'tkt_42',
        at: iso(20),
        actor: agentAuthor,
        kind: 'merged',
        into: 'tkt_7',
        into_number: 7,
      });
      return {
        detail: makeDetail(
          makeTicket({
            status: 'closed',
            resolution: { reason: 'duplicate', duplicate_of: 'tkt_7' },
            merged_into: 'tkt_7',
          }),
          { allowed_actions: [] },
        ),
        thread,
      };
    case 'breached':
      return {
        detail: makeDetail(base('escalated'), {
          sla: {
            first_response: {
              target_minutes: 60,
              elapsed_minutes: 75,
              remaining_minutes: -15,
              due_at: iso(60 * 25),
              breached: true,
              breached_at: iso(60 * 25),
              clock: 'stopped',
            },
            resolution: {
              target_minutes: 480,
              elapsed_minutes: 610,
              remaining_minutes: -130,
              due_at: iso(130),
              breached: true,
              breached_at: iso(130),
              clock: 'running',
            },
          },
        }),
        thread,
      };
    case 'long_thread': {
      const messages = Array.from({ length: 24 }, (_, index) =>
        makeMessage({
          id: `msg_l${index}`,
          author: index % 2 === 0 ? customerAuthor : agentAuthor,
          body:
            index % 2 === 0
              ? `Message ${index + 1} : toujours le même souci.`
              : `Réponse ${index + 1} :\n\n\`\`\`\nGET /v1/invoices?month=2026-11 → 500\n\`\`\`\n\n> Nous enquêtons.\n\n- étape 1\n- étape 2`,
          created_at: iso(60 * (48 - index * 2)),
        }),
      );
      return {
        detail: makeDetail(base('in_progress')),
        thread: { messages, events: thread.events },
      };
    }
    case 'long_texts': {
      const subject =
        'تعذر تصدير الفواتير — Export impossible des factures pour l’établissement Villeurbanne-Gratte-Ciel-Nord-Est-Zone-Industrielle';
      thread.messages.push(
        makeMessage({
          id: 'msg_rtl',
          author: agentAuthor,
          body: 'مرحبا، لقد قمنا بتصحيح المشكلة. **شكرا** لصبرك.\n\nhttps://aide.example/articles/export-des-factures-mensuelles-avec-un-lien-tres-tres-long-qui-ne-se-coupe-pas',
          created_at: iso(10),
        }),
      );
      return { detail: makeDetail(makeTicket({ subject })), thread };
    }
    case 'error':
      return { detail: makeDetail(base('new')), thread };
    default:
      return variant satisfies never;
  }
}

function DetailStory(args: DetailStoryArgs) {
  const context = useMemo(() => {
    const { detail, thread } = scenario(args.variant);
    return createTicketsPanel({
      details: { tkt_42: detail },
      threads: { tkt_42: thread },
      failTicket: args.variant === 'error',
      locale: args.locale,
    });
  }, [args.variant, args.locale]);
  return (
    <TicketsFrame theme={args.theme} width={args.width} dir={args.dir}>
      <TicketsPanelProvider value={context}>
        <TicketDetailView id="tkt_42" />
      </TicketsPanelProvider>
    </TicketsFrame>
  );
}

const meta = {
  title: 'Mes demandes/Detail',
  component: DetailStory,
  args: { variant: 'in_progress', theme: 'light', width: 420, locale: 'fr', dir: 'ltr' },
  argTypes: {
    variant: {
      control: 'select',
      options: [
        'new',
        'in_progress',
        'escalated',
        'waiting_on_customer',
        'resolved_not_deployed',
        'resolved',
        'closed_rated',
        'merged',
        'breached',
        'long_thread',
        'long_texts',
        'error',
      ],
    },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['fr', 'en', 'es'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    width: { control: { type: 'range', min: 320, max: 640, step: 20 } },
  },
} satisfies Meta<typeof DetailStory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const New: Story = { args: { variant: 'new' } };
export const InProgress: Story = { args: { variant: 'in_progress' } };
export const Escalated: Story = { args: { variant: 'escalated' } };
export const WaitingOnCustomerSlaPaused: Story = { args: { variant: 'waiting_on_customer' } };
export const ResolvedNotDeployed: Story = { args: { variant: 'resolved_not_deployed' } };
export const ResolvedRateOrReopen: Story = {
  args: { variant: 'resolved' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Satisfait' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Envoyer mon avis' }));
    await expect(await canvas.findByText('Votre avis : Satisfait')).toBeVisible();
  },
};
export const ClosedRated: Story = { args: { variant: 'closed_rated' } };
export const Merged: Story = { args: { variant: 'merged' } };
export const SlaBreached: Story = { args: { variant: 'breached' } };
export const LongThread: Story = { args: { variant: 'long_thread' } };
export const LongTextsRtl: Story = { args: { variant: 'long_texts', dir: 'rtl', width: 360 } };
export const LoadError: Story = { args: { variant: 'error' } };
export const Dark: Story = { args: { variant: 'resolved', theme: 'dark' } };
export const CloseConfirmation: Story = {
  args: { variant: 'in_progress' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Fermer la demande…' }));
    await expect(canvas.getByText(/Fermer définitivement/)).toHaveFocus();
  },
};
