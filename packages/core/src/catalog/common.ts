import { capturedContextSchema, prioritySchema } from '../ticket/ticket';
import { z } from '../zod';
import type { Category, CategoryFields } from './define';
import type { FieldMeta } from './field';
import { builtInField } from './meta';
import { attachmentIds, mustTick, requiredText } from './rules';

/** A subject is a concise title: it must fit in a list row. */
export const subjectMaxLength = 120;
export const descriptionMaxLength = 50_000;

/**
 * Fields every category asks for, before the category's own. `consent` is rendered as one
 * checkbox but its value is `{ accepted: true, text_version }` (the version of the consent text
 * the person read). The captured context has no field: the widget shows it as a removable list.
 */
export const commonFields: readonly FieldMeta[] = [
  builtInField('subject', 'text', {
    order: 0,
    required: true,
    help: true,
    placeholder: true,
    max_length: subjectMaxLength,
  }),
  builtInField('description', 'markdown', {
    order: 1,
    required: true,
    help: true,
    max_length: descriptionMaxLength,
  }),
  builtInField('priority', 'radio', {
    order: 2,
    required: false,
    help: true,
    options: prioritySchema.options,
  }),
  builtInField('attachments', 'attachments', { order: 3, required: false, multiple: true }),
  builtInField('share_with_account_manager', 'checkbox', { order: 4, required: false }),
  builtInField('consent', 'checkbox', { order: 5, required: true, help: true }),
];

export const consentInputSchema = z.object({
  accepted: mustTick('validation.consent_required'),
  text_version: z.string().check(z.minLength(1), z.maxLength(64)),
});

/** What every ticket form holds besides the category's own fields. */
export const commonFieldsSchema = z.object({
  subject: requiredText(subjectMaxLength),
  description: requiredText(descriptionMaxLength),
  priority: z._default(prioritySchema, 'normal'),
  attachments: z._default(attachmentIds(), []),
  share_with_account_manager: z._default(z.boolean(), false),
  consent: consentInputSchema,
  context: z._default(capturedContextSchema, {}),
});
export type CommonFields = z.infer<typeof commonFieldsSchema>;

const formSchemas = new WeakMap<Category, z.ZodMiniType>();

/**
 * The schema of a whole ticket form for one category: the common fields, `category` (the
 * category key) and `fields` (the category's own fields). It is also the body of
 * `POST /v1/tickets`, so the widget and the server validate with the same schema.
 *
 * @example
 * const result = validate(ticketFormSchema(getCategory(defaultCatalog, 'general.question')!), form, t);
 */
export function ticketFormSchema<Fields extends CategoryFields>(category: Category<Fields>) {
  const cached = formSchemas.get(category);
  if (cached !== undefined) {
    return cached as ReturnType<typeof buildFormSchema<Fields>>;
  }
  const schema = buildFormSchema(category);
  formSchemas.set(category, schema);
  return schema;
}

/**
 * Whether a text holds half of a surrogate pair without its other half (JSON can carry one as
 * `"\\ud800"`; it is not Unicode text, and PostgreSQL refuses to store it).
 *
 * @example
 * hasUnpairedSurrogate('\uD83D\uDE00'); // false
 * hasUnpairedSurrogate('\uD83D'); // true
 */
export function hasUnpairedSurrogate(text: string): boolean {
  // A loop rather than a lookbehind regex, which older Safari versions cannot even parse.
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xdc00 && code <= 0xdfff) {
      return true;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) {
        return true;
      }
      index += 1;
    }
  }
  return false;
}

/**
 * No text of a form may hold U+0000 or an unpaired surrogate: nobody types them, they are not
 * Unicode text a database can store (PostgreSQL refuses both), and JSON can still carry them.
 * They are refused where they are (at any depth), so the widget says so before the server.
 */
const storableText = z.superRefine<unknown>((form, context) => {
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === 'string') {
      if (value.includes('\u0000') || hasUnpairedSurrogate(value)) {
        context.addIssue({ code: 'custom', message: 'validation.unstorable_text', path });
      }
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) {
        visit(item, [...path, index]);
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        visit(item, [...path, key]);
      }
    }
  };
  visit(form, []);
});

function buildFormSchema<Fields extends CategoryFields>(category: Category<Fields>) {
  return z
    .extend(commonFieldsSchema, {
      category: z.literal(category.key),
      fields: category.fieldsSchema,
    })
    .check(storableText);
}

export type TicketForm<Fields extends CategoryFields = CategoryFields> = CommonFields & {
  category: string;
  fields: Fields;
};
