import type { Meta, StoryObj } from '@storybook/preact-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { type StoryClientOptions, storyClient } from '../../test/fakes';
import { StoryFrame, StoryPanel } from '../shell/story-frame';
import { NewTicketView } from './new-ticket-view';

interface NewTicketStoryArgs extends StoryClientOptions {
  category?: string;
  theme: 'light' | 'dark';
  locale: 'fr' | 'en' | 'es';
  width: number;
  prefill?: Record<string, unknown>;
  entities?: { label: string; value: string }[];
}

function NewTicketStory(args: NewTicketStoryArgs) {
  return (
    <StoryFrame theme={args.theme} width={args.width}>
      <StoryPanel
        key={JSON.stringify(args)}
        input={{
          client: storyClient(args),
          options: {
            server: 'https://support.example.com',
            locale: args.locale,
            route: '/factures/2026-042',
          },
          hostContext: () => ({
            appVersion: '4.12.0',
            entities: args.entities ?? [{ label: 'Facture', value: 'F-2026-042' }],
          }),
          view: { name: 'new' },
        }}
      >
        <div class="panel" role="dialog" aria-label="Aide">
          <div class="panel-body">
            <NewTicketView category={args.category} prefill={args.prefill} />
          </div>
        </div>
      </StoryPanel>
    </StoryFrame>
  );
}

const meta = {
  title: 'Panel/Nouvelle demande',
  component: NewTicketStory,
  args: { theme: 'light', locale: 'fr', width: 420, admin: true },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    locale: { control: 'inline-radio', options: ['fr', 'en', 'es'] },
    width: { control: { type: 'range', min: 320, max: 640, step: 20 } },
    category: {
      control: 'select',
      options: [
        undefined,
        'general.question',
        'general.ui_issue',
        'general.improvement',
        'technical.api',
        'technical.incident',
        'technical.sql_report',
        'billing.question',
        'billing.company_details',
        'security.user_deletion',
        'security.mfa_reset',
      ],
    },
    createTicket: { control: 'inline-radio', options: ['ok', 'offline', 'slow'] },
    upload: { control: 'inline-radio', options: ['ok', 'stalled', 'fail'] },
    session: { control: 'inline-radio', options: ['ready', 'loading', 'error'] },
  },
} satisfies Meta<typeof NewTicketStory>;

export default meta;
type Story = StoryObj<typeof meta>;

export const CategoryPicker: Story = {};

export const Loading: Story = { args: { session: 'loading' } };

export const LoadError: Story = { args: { session: 'error' } };

export const MemberCannotFile: Story = { args: { admin: false } };

export const Question: Story = { args: { category: 'general.question' } };

export const DisplayIssue: Story = { args: { category: 'general.ui_issue' } };

export const ApiProblem: Story = { args: { category: 'technical.api' } };

export const Incident: Story = { args: { category: 'technical.incident' } };

export const SqlReportWithOtherFormat: Story = {
  args: { category: 'technical.sql_report', prefill: { output_format: 'other' } },
};

export const CompanyDetails: Story = { args: { category: 'billing.company_details' } };

export const UserDeletion: Story = { args: { category: 'security.user_deletion' } };

export const FormWithErrors: Story = {
  args: { category: 'security.user_deletion' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Envoyer la demande' }));
    await expect(await canvas.findByText(/Corrigez les champs signalés/)).toBeVisible();
    await expect(canvas.getByRole('textbox', { name: /^Objet/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  },
};

export const SimilarTicketsShown: Story = {
  args: {
    category: 'general.question',
    similar: [
      { id: 't-981', number: 981, subject: 'Export PDF des factures vide', status: 'in_progress' },
      {
        id: 't-990',
        number: 990,
        subject: 'Export des factures de mars impossible',
        status: 'new',
      },
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.type(
      await canvas.findByRole('textbox', { name: /^Objet/ }),
      'Export des factures',
    );
    await expect(
      await canvas.findByRole('region', { name: 'Demandes similaires déjà ouvertes' }),
    ).toBeVisible();
  },
};

export const ContextPreviewWithEntities: Story = {
  args: {
    category: 'general.question',
    entities: [
      { label: 'Candidat', value: '#42 — Marie Curie' },
      { label: 'Offre', value: 'Ingénieure logiciel (CDI)' },
    ],
  },
};

export const AttachmentUploading: Story = {
  args: { category: 'general.question', upload: 'stalled' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const picker = await canvas.findByLabelText('Ajouter des fichiers');
    await userEvent.upload(
      picker,
      new File(['x'.repeat(2048)], 'journal-erreurs.txt', { type: 'text/plain' }),
    );
    await expect(await canvas.findByRole('progressbar')).toBeVisible();
  },
};

export const AttachmentError: Story = {
  args: { category: 'general.question', upload: 'fail' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const picker = await canvas.findByLabelText('Ajouter des fichiers');
    await userEvent.upload(picker, new File(['x'], 'rapport.txt', { type: 'text/plain' }));
    await expect(await canvas.findByText('L’envoi de rapport.txt a échoué.')).toBeVisible();
  },
};

async function fillAndSend(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await userEvent.type(await canvas.findByRole('textbox', { name: /^Objet/ }), 'Export impossible');
  await userEvent.type(
    canvas.getByRole('textbox', { name: /^Description/ }),
    'Le bouton ne répond pas.',
  );
  await userEvent.click(canvas.getByRole('checkbox', { name: /J'accepte/ }));
  await userEvent.click(canvas.getByRole('button', { name: 'Envoyer la demande' }));
}

export const Sending: Story = {
  args: { category: 'general.question', createTicket: 'slow' },
  play: async ({ canvasElement }) => {
    await fillAndSend(canvasElement);
    await expect(
      await within(canvasElement).findByRole('button', { name: /Envoi en cours/ }),
    ).toBeVisible();
  },
};

export const OfflineQueued: Story = {
  args: { category: 'general.question', createTicket: 'offline' },
  play: async ({ canvasElement }) => {
    await fillAndSend(canvasElement);
    await expect(
      await within(canvasElement).findByRole('heading', { name: 'Demande mise en file d’attente' }),
    ).toBeVisible();
  },
};

export const Confirmation: Story = {
  args: { category: 'general.question' },
  play: async ({ canvasElement }) => {
    await fillAndSend(canvasElement);
    await waitFor(() =>
      expect(
        within(canvasElement).getByText('Votre demande n° 1042 a bien été enregistrée.'),
      ).toBeVisible(),
    );
  },
};

export const Dark: Story = { args: { category: 'security.user_deletion', theme: 'dark' } };

export const English: Story = { args: { category: 'technical.incident', locale: 'en' } };

export const Phone: Story = { args: { category: 'general.ui_issue', width: 360 } };

export const LongTexts: Story = {
  args: {
    category: 'general.question',
    width: 360,
    prefill: {
      subject:
        'Impossible d’exporter les factures du mois de mars au format PDF depuis l’écran de synthèse comptable',
    },
    entities: [
      {
        label: 'Dossier client avec un intitulé particulièrement long',
        value: 'ACME-INTERNATIONAL-HOLDING-2026-0000000000042-REFERENCE-TRES-LONGUE-SANS-ESPACES',
      },
    ],
  },
};
