import type { Messages } from './fr';

export const en: Messages = {
  'status.new': 'Submitted',
  'status.in_progress': 'In progress',
  'status.escalated': 'Escalated',
  'status.waiting_on_customer': 'Waiting for your reply',
  'status.resolved_not_deployed': 'Resolved, not deployed',
  'status.resolved': 'Resolved',
  'status.closed': 'Closed',
};
