import type { Meta, StoryObj } from '@storybook/preact-vite';
import { useMemo } from 'preact/hooks';
import { expect, userEvent, within } from 'storybook/test';
import { makeSummaries, makeTicket, summaryOf } from './fixtures';
import {
  createTicketsPanel,
  TicketsFrame,
  TicketsPanelProvider,
  type TicketsSetup,
} from './harness';
import { TicketsView } from './tickets-view';

interface ListStoryArgs {
  theme: 'light' | 'dark';
  width: number;
  locale: 'fr' | 'en' | 'es';
  /** How many tickets the fake server holds. */
  count: number;
  canSeeCompany: boolean;
  state: 'ready' | 'loading' | 'error';
  dir: 'ltr' | 'rtl';
  longTexts: boolean;
}

const longSubject =
  'مشكلة في تصدير الفواتير الشهرية — Export impossible des factures du mois de novembre pour l’établissement de Villeurbanne-Gratte-Ciel (AnticonstitutionnellementTrèsLongMotSansEspace)';

function ListStory(args: ListStoryArgs) {
  const context = useMemo(() => {
    const tickets = args.longTexts
      ? makeSummaries(args.count).map((ticket, index) => ({
          ...ticket,
          subject: index % 2 === 0 ? longSubject : ticket.subject,
          requester_name: 'Ada Lovelace-Byron de la Très Longue Famille',
        }))
      : makeSummaries(args.count);
    const setup: TicketsSetup = {
      tickets,
      pageSize: args.count > 100 ? args.count : 20,
      canSeeCompany: args.canSeeCompany,
      hangList: args.state === 'loading',
      failList: args.state === 'error',
      locale: args.locale,
      // Every status by default, so all the badges show.
      filters: { status: 'all' },
    };
    return createTicketsPanel(setup);
  }, [args.count, args.canSeeCompany, args.state, args.locale, args.longTexts]);
  return (
    <TicketsFrame theme={args.theme} width={args.width} dir={args.dir}>
      <TicketsPanelProvider value={context}>
        <TicketsView />
      </TicketsPanelProvider>
    </TicketsFrame>
  );
}

const meta = {
  title: 'Mes demandes/List',
  component: ListStory,
  args: {
    theme: 'light',
    width: 420,
    locale: 'fr',
    count: 14,
    canSeeCompany: true,
    state: 'ready',
    dir: 'ltr',
    longTexts: false,
  },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['fr', 'en', 'es'] },
    state: { control: 'inline-radio', options: ['ready', 'loading', 'error'] },
    dir: { control: 'inline-radio', options: ['ltr', 'rtl'] },
    width: { control: { type: 'range', min: 320, max: 640, step: 20 } },
    count: { control: { type: 'number', min: 0, max: 10_000 } },
  },
} satisfies Meta<typeof ListStory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('list', { name: 'Demandes' })).toBeVisible();
  },
};

export const Loading: Story = { args: { state: 'loading' } };

export const Empty: Story = { args: { count: 0 } };

export const NoResults: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(await canvas.findByLabelText('Rechercher (numéro, objet)'), 'introuvable');
    await expect(await canvas.findByText('Aucun résultat trouvé')).toBeVisible();
  },
};

export const ErrorWithRetry: Story = { args: { state: 'error' } };

export const ManyVirtualized: Story = {
  args: { count: 10_000 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const list = await canvas.findByRole('list', { name: 'Demandes' });
    // Only the visible rows (and a few more) are in the DOM.
    await expect(within(list).getAllByRole('listitem').length).toBeLessThan(30);
  },
};

export const MineOnly: Story = { args: { canSeeCompany: false } };

export const LongTextsRtl: Story = { args: { longTexts: true, dir: 'rtl', width: 360 } };

export const Dark: Story = { args: { theme: 'dark' } };

export const English: Story = { args: { locale: 'en' } };

export const Phone: Story = { args: { width: 360 } };

let eachStatusContext: ReturnType<typeof createTicketsPanel> | undefined;

/** One row per status, to compare the badges. */
export const EachStatus: Story = {
  args: { count: 7 },
  render: (args) => {
    const tickets = (
      [
        ['new', null],
        ['in_progress', null],
        ['escalated', null],
        ['waiting_on_customer', null],
        ['resolved_not_deployed', null],
        ['resolved', 'answered'],
        ['closed', 'declined'],
      ] as const
    ).map(([status, reason], index) =>
      summaryOf(
        makeTicket({
          id: `tkt_${index}`,
          number: 100 + index,
          status,
          resolution: reason ? { reason, duplicate_of: null } : null,
        }),
      ),
    );
    eachStatusContext ??= createTicketsPanel({ tickets, filters: { status: 'all' } });
    const context = eachStatusContext;
    return (
      <TicketsFrame theme={args.theme} width={args.width}>
        <TicketsPanelProvider value={context}>
          <TicketsView />
        </TicketsPanelProvider>
      </TicketsFrame>
    );
  },
};
