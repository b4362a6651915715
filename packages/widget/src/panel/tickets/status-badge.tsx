import type { Resolution, TicketStatus } from '@aide/core';
import { useText } from './text';

/** Colour family of each status; the label always says the status, colour only helps. */
export function statusTone(
  status: TicketStatus,
): 'new' | 'active' | 'alert' | 'waiting' | 'done' | 'closed' {
  switch (status) {
    case 'new':
      return 'new';
    case 'in_progress':
      return 'active';
    case 'escalated':
      return 'alert';
    case 'waiting_on_customer':
      return 'waiting';
    case 'resolved_not_deployed':
    case 'resolved':
      return 'done';
    case 'closed':
      return 'closed';
    default:
      return status satisfies never;
  }
}

export interface StatusBadgeProps {
  status: TicketStatus;
  /** Shown for resolved and closed tickets: "Résolu" alone can hide a refusal. */
  resolution?: Resolution | null;
}

/** The status label, with the resolution reason when there is one. */
export function StatusBadge({ status, resolution }: StatusBadgeProps) {
  const text = useText();
  const label = text(`status.${status}`);
  const reason = resolution ? text(`reason.${resolution.reason}`) : null;
  return (
    <span class="badge" data-tone={statusTone(status)}>
      {label}
      {reason ? <span class="badge-reason"> · {reason}</span> : null}
    </span>
  );
}
