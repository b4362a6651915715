import { z } from '../zod';

/** What a customer may do on a ticket; the widget offers exactly the allowed ones. */
export const customerActions = ['reply', 'close', 'reopen', 'rate'] as const;
export type CustomerAction = (typeof customerActions)[number];
export const customerActionSchema = z.enum(customerActions);
