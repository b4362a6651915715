import { SignJWT } from 'jose';

// Talentia's side of the Aide contract: the host backend knows who is signed in and vouches for
// it with a short-lived HS256 JWT signed with the tenant's secret (README, "Embed it"). The
// browser never chooses its own claims: it only names which demo account it is signed in as.

/** A signed-in Talentia user, as the host app's own session knows them. */
export interface HostUser {
  id: string;
  email: string;
  name: string;
  company: string;
  companyName: string;
  role: 'admin' | 'member';
  title: string;
}

/** The demo fixture of DESIGN.md section 7: the accounts the user switcher offers. */
export const demoUsers: readonly HostUser[] = [
  {
    id: 'ada',
    email: 'ada@acme.test',
    name: 'Ada Lovelace',
    company: 'acme',
    companyName: 'Acme SARL',
    role: 'admin',
    title: 'Administratrice · Acme SARL',
  },
  {
    id: 'bob',
    email: 'bob@acme.test',
    name: 'Bob Martin',
    company: 'acme',
    companyName: 'Acme SARL',
    role: 'member',
    title: 'Recruteur · Acme SARL',
  },
  {
    id: 'eve',
    email: 'eve@globex.test',
    name: 'Eve Durand',
    company: 'globex',
    companyName: 'Globex',
    role: 'member',
    title: 'Recruteuse · Globex',
  },
];

export const demoTenant = { id: 'demo', secret: 'demo-secret-change-me' } as const;

/** Finds a demo account by id; undefined for anything else. */
export function findDemoUser(id: string | null | undefined): HostUser | undefined {
  return demoUsers.find((user) => user.id === id);
}

/**
 * Signs the token the widget sends as `Authorization: Bearer`: the same ten lines the README
 * gives vendors. Lifetime 10 minutes (the server refuses more than 15).
 *
 * @example
 * const token = await signAideToken(findDemoUser('ada')!, { locale: 'fr' });
 */
export async function signAideToken(
  user: HostUser,
  options: { locale?: string; tenant?: string; secret?: string; now?: Date } = {},
): Promise<string> {
  const secret = new TextEncoder().encode(options.secret ?? demoTenant.secret);
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({
    email: user.email,
    name: user.name,
    company: user.company,
    company_name: user.companyName,
    role: user.role,
    locale: options.locale ?? 'fr',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.tenant ?? demoTenant.id)
    .setAudience('aide')
    .setSubject(user.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + 10 * 60)
    .sign(secret);
}

/** Locales the demo hosts may ask for; anything else falls back to French. */
export function pickLocale(value: string | null | undefined): 'fr' | 'en' | 'es' {
  return value === 'en' || value === 'es' ? value : 'fr';
}
