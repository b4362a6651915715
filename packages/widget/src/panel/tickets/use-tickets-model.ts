import { createTicketsModel, type TicketsModel } from '../../models/tickets';
import { ownerKey } from '../../models/unread';
import ticketsCss from '../../styles/tickets.css?inline';
import { useModel, usePanel } from '../context';

/**
 * The widget's one tickets model (list, open ticket, unread state), shared by both views. Their
 * stylesheet travels with them in this chunk and is adopted before their first paint.
 */
export function useTicketsModel(): TicketsModel {
  usePanel().adoptStyles(ticketsCss);
  return useModel('tickets', (panel) =>
    createTicketsModel({
      client: panel.client,
      storage: panel.storage,
      userKey: () => {
        const me = panel.session.me.value;
        return me ? ownerKey(me) : undefined;
      },
      setUnread: panel.setUnread,
      now: panel.now,
    }),
  );
}
