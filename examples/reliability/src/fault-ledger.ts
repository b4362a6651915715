import type { TicketDetail } from '@aide/core';
import type { IntendedTicket } from './fault-fleet';

// The count that decides the faults suite: what users meant to file against what the database
// holds. Subjects are unique per intended ticket (run id, client, number), so a subject stored
// twice is a duplicate and a subject missing is a lost ticket.

/** What the ledger needs of a stored ticket. */
export interface StoredTicketFacts {
  id: string;
  number: number;
  subject: string;
  description: string;
}

export interface Ledger {
  intended: number;
  stored: number;
  /** Intended tickets the database does not hold. */
  lost: number;
  /** Stored tickets beyond one per intended ticket (extra copies, or unknown subjects). */
  duplicated: number;
  /** Intended tickets whose user got no answer, or an answer naming another ticket. */
  mismatched: number;
}

/**
 * Compares intended tickets, the answers their users got and the stored tickets.
 *
 * @example
 * const ledger = reconcile(result.intended, result.answers, storedTickets);
 * ledger.lost; // 0 when every intended ticket is stored
 */
export function reconcile(
  intended: readonly IntendedTicket[],
  answers: ReadonlyMap<string, TicketDetail>,
  stored: readonly StoredTicketFacts[],
): Ledger {
  const bySubject = new Map<string, StoredTicketFacts[]>();
  for (const ticket of stored) {
    bySubject.set(ticket.subject, [...(bySubject.get(ticket.subject) ?? []), ticket]);
  }
  let lost = 0;
  let mismatched = 0;
  let matched = 0;
  for (const ticket of intended) {
    const copies = bySubject.get(ticket.body.subject) ?? [];
    const kept = copies[0];
    if (kept === undefined) {
      lost++;
    } else {
      matched++;
    }
    const answer = answers.get(ticket.key)?.ticket;
    const agrees =
      kept !== undefined &&
      copies.length === 1 &&
      answer !== undefined &&
      answer.id === kept.id &&
      answer.number === kept.number &&
      answer.subject === kept.subject &&
      answer.description === kept.description &&
      kept.description === ticket.body.description;
    if (!agrees) {
      mismatched++;
    }
  }
  return {
    intended: intended.length,
    stored: stored.length,
    lost,
    duplicated: stored.length - matched,
    mismatched,
  };
}
