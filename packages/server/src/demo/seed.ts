import type { TicketStatus } from '@aide/core';
import type { ServerConfig } from '../config/config';
import type { UserIdentity } from '../identity/identity';
import type { Directory } from '../services/directory';
import { buildTenant } from '../services/tenants';
import {
  agentReply,
  agentSetStatus,
  createTicket,
  customerDecision,
  customerReply,
  type TicketContext,
} from '../services/tickets';
import type { Store } from '../store/store';
import { type DemoUser, demoTenantId, demoUsers } from './fixture';

/** The demo user as verified claims would describe them. */
export function demoIdentity(user: DemoUser): UserIdentity {
  return {
    kind: 'user',
    tenantId: demoTenantId,
    userId: user.sub,
    email: user.email,
    name: user.name,
    companyId: user.company,
    companyName: user.company_name,
    role: user.role,
    locale: 'fr',
  };
}

const agent = { id: 'agent:claire', name: 'Claire (support)', uploaderId: 'agent:Demo agent' };
const hour = 3_600_000;

interface Scenario {
  subject: string;
  description: string;
  category: string;
  fields: Record<string, unknown>;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  /** What happens after creation, in order. */
  steps: ((ticketId: string, context: TicketContext) => Promise<void>)[];
  status: TicketStatus;
}

/**
 * Seeds the demo tenant: its users (for the administrators list) and, once, one ticket per
 * status with a thread. Running it again keeps what is there (ticket #1 marks a seeded tenant).
 *
 * @example
 * await seedDemo(store, config, directory, new Date());
 */
export async function seedDemo(
  store: Store,
  config: ServerConfig,
  directory: Directory,
  now: Date,
): Promise<{ created: number }> {
  for (const user of Object.values(demoUsers)) {
    directory.remember(demoIdentity(user));
  }
  const tenantConfig = config.tenants.find((tenant) => tenant.id === demoTenantId);
  if (tenantConfig === undefined) {
    throw new Error('the demo tenant is not configured');
  }
  if ((await store.getTicketByNumber(demoTenantId, 1)) !== null) {
    return { created: 0 };
  }
  const tenant = buildTenant(tenantConfig);
  const ada = demoIdentity(demoUsers.ada);
  const bob = demoIdentity(demoUsers.bob);
  const take = (id: string, c: TicketContext) =>
    store.transaction(async (tx) => {
      await agentSetStatus(tx, c, agent, id, { status: 'in_progress' });
    });
  const answer = (body: string) => (id: string, c: TicketContext) =>
    store.transaction(async (tx) => {
      await agentReply(tx, c, agent, id, { body, attachments: [] });
    });
  const move =
    (status: TicketStatus, reason?: 'fixed' | 'answered' | 'declined') =>
    (id: string, c: TicketContext) =>
      store.transaction(async (tx) => {
        await agentSetStatus(
          tx,
          c,
          agent,
          id,
          reason === undefined ? { status } : { status, reason },
        );
      });
  const scenarios: Scenario[] = [
    {
      subject: "L'export CSV des candidats est vide",
      description: "Depuis ce matin, l'export CSV de la page Candidats ne contient que l'en-tête.",
      category: 'general.question',
      fields: {},
      priority: 'high',
      steps: [],
      status: 'new',
    },
    {
      subject: 'Comment ajouter un recruteur à une offre ?',
      description: 'Je ne trouve pas où inviter un recruteur externe sur une offre.',
      category: 'general.question',
      fields: {},
      priority: 'normal',
      steps: [take, answer('Bonjour Ada, nous regardons cela et revenons vers vous rapidement.')],
      status: 'in_progress',
    },
    {
      subject: 'Erreur 500 sur la page Rapports',
      description: 'La page **Rapports** affiche une erreur 500 quand on filtre sur 2025.',
      category: 'general.question',
      fields: {},
      priority: 'urgent',
      steps: [take, answer("Merci, nous transmettons à l'équipe technique."), move('escalated')],
      status: 'escalated',
    },
    {
      subject: 'Facture de novembre introuvable',
      description: "La facture de novembre n'apparaît pas dans l'espace Facturation.",
      category: 'billing.question',
      fields: {},
      priority: 'low',
      steps: [
        take,
        answer('Pouvez-vous nous indiquer le numéro de commande concerné ?'),
        move('waiting_on_customer'),
      ],
      status: 'waiting_on_customer',
    },
    {
      subject: 'Le tri par date ne fonctionne pas',
      description: 'Dans la liste des candidats, le tri par date mélange les mois.',
      category: 'general.question',
      fields: {},
      priority: 'normal',
      steps: [
        take,
        answer('Corrigé, la correction part avec la prochaine mise en production.'),
        move('resolved_not_deployed'),
      ],
      status: 'resolved_not_deployed',
    },
    {
      subject: 'Changer la langue des e-mails envoyés aux candidats',
      description: 'Nos e-mails aux candidats partent en anglais, nous les voulons en français.',
      category: 'general.question',
      fields: {},
      priority: 'normal',
      steps: [
        take,
        answer('Paramètres > Communication > Langue : choisissez Français.'),
        move('resolved', 'answered'),
      ],
      status: 'resolved',
    },
    {
      subject: 'Ajouter un champ « LinkedIn » aux fiches candidats',
      description: 'Il serait utile de stocker le profil LinkedIn de chaque candidat.',
      category: 'general.improvement',
      fields: { business_justification: 'Nos recruteurs le copient aujourd’hui à la main.' },
      priority: 'low',
      steps: [
        take,
        answer('Merci pour la suggestion, elle ne fait pas partie de la feuille de route.'),
        move('resolved', 'declined'),
        async (id, c) => {
          await store.transaction(async (tx) => {
            await customerDecision(tx, c, ada, id, { type: 'close', comment: 'Dommage, merci.' });
          });
          await store.transaction(async (tx) => {
            await customerDecision(tx, c, ada, id, { type: 'rate', score: 'good' });
          });
        },
      ],
      status: 'closed',
    },
  ];
  // Bob follows the company's tickets: he adds a detail to the first one.
  scenarios[0]?.steps.push((id, c) =>
    store.transaction(async (tx) => {
      await customerReply(tx, c, bob, id, {
        body: "Même constat de mon côté, sur l'export des offres aussi.",
        attachments: [],
      });
    }),
  );
  let clock = now.getTime() - scenarios.length * 24 * hour;
  const context = (): TicketContext => {
    clock += hour;
    return { tenant, now: new Date(clock), limits: config.limits };
  };
  let created = 0;
  for (const scenario of scenarios) {
    const detail = await store.transaction((tx) =>
      createTicket(tx, context(), ada, {
        category: scenario.category,
        subject: scenario.subject,
        description: scenario.description,
        priority: scenario.priority,
        fields: scenario.fields,
        attachments: [],
        consent: { accepted: true, text_version: '2026-01' },
        share_with_account_manager: false,
        context: { route: '/candidates', app_version: '4.2.0', locale: 'fr' },
      }),
    );
    created += 1;
    for (const step of scenario.steps) {
      await step(detail.ticket.id, context());
    }
    clock += 20 * hour;
  }
  return { created };
}
