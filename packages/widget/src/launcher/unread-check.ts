import { ownerKey, readSeen, seenStorageKey, unreadIds } from '../models/unread';
import type { AideOptions } from '../types';

/**
 * How many of the user's tickets have activity they have not seen, for the launcher's badge
 * right after the page loads (before the panel's code is ever fetched). Plain fetch, no zod
 * and no ky: this chunk is loaded on every page of a user who has used *Mes demandes* before.
 * Any failure counts as nothing unread: the badge is a hint, the list is the truth.
 */
export async function countUnread(
  options: Pick<AideOptions, 'server' | 'getToken'>,
  storage: Storage,
): Promise<number> {
  const { server, getToken } = options;
  if (!server || !getToken) {
    return 0;
  }
  const token = await getToken({ refresh: false });
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(new URL(path, server), {
      headers: { accept: 'application/json', authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw new Error(`${path}: ${response.status}`);
    }
    return response.json();
  };
  const me = (await get('/v1/me')) as { user?: { id?: unknown }; company?: { id?: unknown } };
  const user = me.user?.id;
  const company = me.company?.id;
  if (typeof user !== 'string' || typeof company !== 'string') {
    return 0;
  }
  const seen = readSeen(
    storage,
    seenStorageKey(ownerKey({ user: { id: user }, company: { id: company } })),
  );
  if (Object.keys(seen).length === 0) {
    return 0;
  }
  const page = (await get('/v1/tickets?scope=mine&limit=30')) as { items?: unknown };
  const items = Array.isArray(page.items) ? page.items : [];
  return unreadIds(
    items.filter(
      (item): item is { id: string; last_activity_at: string } =>
        typeof item?.id === 'string' && typeof item?.last_activity_at === 'string',
    ),
    seen,
  ).size;
}
