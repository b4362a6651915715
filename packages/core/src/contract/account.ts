import { categoryDescriptorSchema } from '../catalog/descriptor';
import { consentSchema, personSchema, prioritySchema, ticketSchema } from '../ticket/ticket';
import { z } from '../zod';

// GET /v1/me and GET /v1/config: who the widget is talking for, and what the tenant offers.

const id = ticketSchema.shape.id;
const name = personSchema.shape.name;

/** Roles carried by the host token's `role` claim. */
export const userRoles = ['admin', 'member'] as const;
export type UserRole = (typeof userRoles)[number];
export const userRoleSchema = z.enum(userRoles);

/** GET /v1/me: everything here comes from verified token claims and tenant settings. */
export const meResponseSchema = z.object({
  user: z.object({ id, name, email: personSchema.shape.email, role: userRoleSchema }),
  company: z.object({ id, name }),
  capabilities: z.object({
    can_create_ticket: z.boolean(),
    can_view_company_tickets: z.boolean(),
  }),
  /** Who a member should ask to file a ticket for them; names only. */
  administrators: z.array(z.object({ name })).check(z.maxLength(50)),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const docKinds = ['doc', 'video'] as const;
export type DocKind = (typeof docKinds)[number];

/** A documentation page or video tutorial, shown when the host app's route matches. */
export const docLinkSchema = z.object({
  id,
  title: z.string().check(z.minLength(1), z.maxLength(200)),
  url: z.url({ protocol: /^https?$/ }).check(z.maxLength(2048)),
  kind: z.enum(docKinds),
  tags: z.array(z.string().check(z.minLength(1), z.maxLength(50))).check(z.maxLength(20)),
  /** Host app routes the link applies to (`/invoices/*`); empty means everywhere. */
  routes: z.array(z.string().check(z.minLength(1), z.maxLength(500))).check(z.maxLength(50)),
});
export type DocLink = z.infer<typeof docLinkSchema>;

/** Targets of one priority, in minutes; null means no target. */
export const slaTargetMinutesSchema = z.object({
  first_response_minutes: z.nullable(z.int().check(z.positive())),
  resolution_minutes: z.nullable(z.int().check(z.positive())),
});
/** SLA targets for every priority (the record is exhaustive: each priority has an entry). */
export const configSlaTargetsSchema = z.record(prioritySchema, slaTargetMinutesSchema);
export type ConfigSlaTargets = z.infer<typeof configSlaTargetsSchema>;

export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof weekdays)[number];

// `24:00` closes a window at midnight.
const clockTime = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM (24 h)'));

/** When support answers, in the tenant's time zone; null in the config means around the clock. */
export const supportHoursSchema = z.object({
  /** IANA time zone, for example `Europe/Paris`. */
  timezone: z.string().check(z.minLength(1), z.maxLength(64)),
  days: z
    .array(z.object({ day: z.enum(weekdays), opens: clockTime, closes: clockTime }))
    .check(z.maxLength(21)),
});
export type SupportHours = z.infer<typeof supportHoursSchema>;

/** GET /v1/config: tenant settings the widget needs before showing anything. */
export const configResponseSchema = z.object({
  docs: z.array(docLinkSchema).check(z.maxLength(500)),
  /** Keys of the enabled categories, in display order. */
  categories: z.array(ticketSchema.shape.category).check(z.maxLength(100)),
  sla_targets: configSlaTargetsSchema,
  support_hours: z.nullable(supportHoursSchema),
  /** How long after resolution a customer may reopen a ticket. */
  reopen_window_days: z.int().check(z.gte(0), z.lte(365)),
  /** Version of the consent text the user must accept; sent back with a new ticket. */
  consent_text_version: consentSchema.shape.text_version,
});
export type ConfigResponse = z.infer<typeof configResponseSchema>;

/** GET /v1/categories: the enabled categories, each with its fields and JSON Schema. */
export const categoriesResponseSchema = z.object({
  items: z.array(categoryDescriptorSchema).check(z.maxLength(100)),
});
export type CategoriesResponse = z.infer<typeof categoriesResponseSchema>;
