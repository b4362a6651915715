import { z } from '../zod';

// The SLA state as shown to people and sent over the API. sla.ts computes it from a ticket's
// SlaRecord, the tenant's targets and the current time.

const timestamp = z.iso.datetime({ offset: true });

export const slaTargetStateSchema = z.object({
  /** Target in minutes (calendar or support-hours minutes, per tenant); null when none is set. */
  target_minutes: z.nullable(z.int().check(z.positive())),
  /** Minutes counted so far (pauses never count). */
  elapsed_minutes: z.number().check(z.nonnegative()),
  /** Minutes left before breach; negative once breached; null without a target. */
  remaining_minutes: z.nullable(z.number()),
  /** When the target will be (or was) reached if the clock keeps running; null when unknown. */
  due_at: z.nullable(timestamp),
  breached: z.boolean(),
  breached_at: z.nullable(timestamp),
  /** not_started, running, paused (waiting on customer / resolved not deployed) or stopped. */
  clock: z.enum(['not_started', 'running', 'paused', 'stopped']),
});
export type SlaTargetState = z.infer<typeof slaTargetStateSchema>;

export const slaStateSchema = z.object({
  first_response: slaTargetStateSchema,
  resolution: slaTargetStateSchema,
});
export type SlaState = z.infer<typeof slaStateSchema>;
