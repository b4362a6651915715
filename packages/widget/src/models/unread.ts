// Unread tracking shared by *Mes demandes* (tickets.ts) and the check the launcher runs after
// the page has loaded (launcher/unread-check.ts). No import of core here: the launcher's check
// must stay a few hundred bytes, without zod or ky.

/**
 * Whose data a stored key holds: the user within their company, as the server scopes everything
 * (the same user id signed for two companies is two people). Each part is encoded, so neither
 * can run into the other.
 *
 * @example
 * ownerKey({ user: { id: 'ada' }, company: { id: 'acme' } }); // 'acme:ada'
 */
export function ownerKey(me: { user: { id: string }; company: { id: string } }): string {
  return `${encodeURIComponent(me.company.id)}:${encodeURIComponent(me.user.id)}`;
}

/** Where a user's last-seen activity per ticket is kept (`owner` from `ownerKey`). */
export function seenStorageKey(owner: string): string {
  return `aide.tickets.seen.${owner}`;
}

/** The last-seen map of a user: ticket id → the `last_activity_at` the user saw. */
export function readSeen(storage: Storage | null | undefined, key: string): Record<string, string> {
  try {
    const raw = storage?.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.fromEntries(
        Object.entries(parsed).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string',
        ),
      );
    }
  } catch {
    // A corrupt or unavailable store only costs the unread badge.
  }
  return {};
}

/**
 * Tickets with activity the user has not seen. A ticket never seen is not unread: the user
 * filed it or has not looked at the list yet, and the list marks it seen on first sight.
 */
export function unreadIds(
  tickets: readonly { id: string; last_activity_at: string }[],
  seen: Readonly<Record<string, string>>,
): Set<string> {
  const ids = new Set<string>();
  for (const ticket of tickets) {
    const last = seen[ticket.id];
    if (last !== undefined && last < ticket.last_activity_at) {
      ids.add(ticket.id);
    }
  }
  return ids;
}
