import type { ServerConfigInput } from '../config/config';

// DESIGN.md section 7's demo fixture. Docs, examples and end-to-end tests rely on every value
// here: change none of them without changing those.

export const demoTenantId = 'demo';
export const demoSecret = 'demo-secret-change-me';
export const demoAgentKey = 'demo-agent-key';
export const demoOrigins = ['http://localhost:*', 'http://127.0.0.1:*'];

export interface DemoUser {
  sub: string;
  name: string;
  email: string;
  role: 'admin' | 'member';
  company: string;
  company_name: string;
}

export const demoUsers = {
  ada: {
    sub: 'ada',
    name: 'Ada Lovelace',
    email: 'ada@acme.test',
    role: 'admin',
    company: 'acme',
    company_name: 'Acme SARL',
  },
  bob: {
    sub: 'bob',
    name: 'Bob Martin',
    email: 'bob@acme.test',
    role: 'member',
    company: 'acme',
    company_name: 'Acme SARL',
  },
  eve: {
    sub: 'eve',
    name: 'Eve Durand',
    email: 'eve@globex.test',
    role: 'member',
    company: 'globex',
    company_name: 'Globex',
  },
} as const satisfies Record<string, DemoUser>;

/** The demo tenant's configuration (merged under any `--config` file). */
export function demoConfig(): ServerConfigInput {
  return {
    tenants: [
      {
        id: demoTenantId,
        name: 'Demo SaaS',
        secret: demoSecret,
        allowed_origins: demoOrigins,
        only_admins_create: true,
        company_view: true,
        agent_keys: [{ name: 'Demo agent', key: demoAgentKey }],
        locale: 'fr',
        support_hours: {
          timezone: 'Europe/Paris',
          days: (['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const).map((day) => ({
            day,
            opens: '09:00',
            closes: '18:00',
          })),
        },
        docs: [
          {
            id: 'getting-started',
            title: 'Bien démarrer avec Demo SaaS',
            url: 'https://docs.example.com/demarrer',
            kind: 'doc',
            tags: ['démarrage'],
            routes: [],
          },
          {
            id: 'video-tour',
            title: 'Visite guidée en 3 minutes',
            url: 'https://videos.example.com/visite-guidee',
            kind: 'video',
            tags: ['démarrage', 'vidéo'],
            routes: [],
          },
          {
            id: 'candidates-import',
            title: 'Importer des candidats',
            url: 'https://docs.example.com/candidats/import',
            kind: 'doc',
            tags: ['candidats'],
            routes: ['/candidates'],
          },
          {
            id: 'candidates-video',
            title: 'Suivre un candidat (vidéo)',
            url: 'https://videos.example.com/candidats',
            kind: 'video',
            tags: ['candidats'],
            routes: ['/candidates'],
          },
          {
            id: 'reports-export',
            title: 'Exporter un rapport en CSV',
            url: 'https://docs.example.com/rapports/export',
            kind: 'doc',
            tags: ['rapports', 'export'],
            routes: ['/reports'],
          },
          {
            id: 'settings-users',
            title: 'Gérer les utilisateurs et les rôles',
            url: 'https://docs.example.com/parametres/utilisateurs',
            kind: 'doc',
            tags: ['paramètres'],
            routes: ['/settings'],
          },
          {
            id: 'settings-mfa',
            title: 'Activer la double authentification (vidéo)',
            url: 'https://videos.example.com/parametres/mfa',
            kind: 'video',
            tags: ['sécurité'],
            routes: ['/settings'],
          },
        ],
      },
    ],
  };
}
