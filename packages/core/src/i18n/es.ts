import type { Messages } from './fr';

export const es: Messages = {
  'status.new': 'Registrada',
  'status.in_progress': 'En curso',
  'status.escalated': 'Escalada técnica',
  'status.waiting_on_customer': 'Pendiente de su respuesta',
  'status.resolved_not_deployed': 'Resuelta, no desplegada',
  'status.resolved': 'Resuelta',
  'status.closed': 'Cerrada',
};
