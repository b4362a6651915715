import type { UserIdentity } from '../identity/identity';

interface KnownUser {
  name: string;
  role: 'admin' | 'member';
}

/**
 * People seen with a verified token, per tenant and company, so that a member can be told who
 * their administrators are. Identity lives with the host app: this only remembers what verified
 * claims said last (the demo seed registers its users at start).
 *
 * @example
 * directory.remember(identity);
 * directory.administrators('demo', 'acme'); // [{ name: 'Ada Lovelace' }]
 */
export function createDirectory() {
  const companies = new Map<string, Map<string, KnownUser>>();

  function remember(
    user: Pick<UserIdentity, 'tenantId' | 'companyId' | 'userId' | 'name' | 'role'>,
  ) {
    const key = `${user.tenantId}\u0000${user.companyId}`;
    let people = companies.get(key);
    if (people === undefined) {
      people = new Map();
      companies.set(key, people);
    }
    people.set(user.userId, { name: user.name, role: user.role });
  }

  function administrators(tenantId: string, companyId: string): { name: string }[] {
    const people = companies.get(`${tenantId}\u0000${companyId}`);
    if (people === undefined) {
      return [];
    }
    return [...people.values()]
      .filter((person) => person.role === 'admin')
      .map((person) => ({ name: person.name }))
      .sort((a, b) => a.name.localeCompare(b.name))
      .slice(0, 50);
  }

  return { remember, administrators };
}

export type Directory = ReturnType<typeof createDirectory>;
