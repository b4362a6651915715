/** French, the source language of the product: every other catalog follows its keys. */
export const fr = {
  'status.new': 'Déclaré',
  'status.in_progress': 'Pris en charge',
  'status.escalated': 'Escalade technique',
  'status.waiting_on_customer': 'En attente de votre réponse',
  'status.resolved_not_deployed': 'Résolu, non déployé',
  'status.resolved': 'Résolu',
  'status.closed': 'Fermé',
} as const;

export type MessageKey = keyof typeof fr;
export type Messages = Record<MessageKey, string>;
