import { createTicketsModel, type TicketsModel } from '../../models/tickets';
import { useModel } from '../context';

/** The widget's one tickets model (list, open ticket, unread state), shared by both views. */
export function useTicketsModel(): TicketsModel {
  return useModel('tickets', (panel) =>
    createTicketsModel({
      client: panel.client,
      storage: panel.storage,
      userKey: () => panel.session.me.value?.user.id,
      setUnread: panel.setUnread,
      now: panel.now,
    }),
  );
}
