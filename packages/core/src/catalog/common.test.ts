import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fr } from '../i18n/fr';
import { createTranslator } from '../i18n/translate';
import { validate } from '../i18n/validation';
import { defaultCatalog, getCategory } from './catalog';
import { commonFields, commonFieldsSchema, ticketFormSchema } from './common';

const t = createTranslator({ locale: 'fr', messages: fr });

function categoryOf(key: string) {
  const found = getCategory(defaultCatalog, key);
  if (found === undefined) {
    throw new Error(`no category ${key}`);
  }
  return found;
}

const form = {
  category: 'general.question',
  subject: 'Export des factures impossible',
  description: 'Depuis ce matin, **rien** ne se passe.',
  consent: { accepted: true, text_version: '2026-01' },
  fields: {},
};

describe('ticketFormSchema', () => {
  it('fills in the defaults a person did not have to choose', () => {
    expect(validate(ticketFormSchema(categoryOf('general.question')), form, t)).toEqual({
      success: true,
      data: {
        ...form,
        priority: 'normal',
        attachments: [],
        share_with_account_manager: false,
        context: {},
      },
    });
  });

  it('requires a subject and a description, not just blanks', () => {
    const result = validate(
      ticketFormSchema(categoryOf('general.question')),
      { ...form, subject: '   ', description: '' },
      t,
    );
    expect(result).toEqual({
      success: false,
      errors: [
        { path: 'subject', message: 'Ce champ est obligatoire.' },
        { path: 'description', message: 'Ce champ est obligatoire.' },
      ],
    });
  });

  it('keeps the subject concise', () => {
    expect(
      validate(
        ticketFormSchema(categoryOf('general.question')),
        { ...form, subject: 'x'.repeat(121) },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [{ path: 'subject', message: 'Saisissez au plus 120 caractères.' }],
    });
  });

  it('will not send without consent to the processing of the data', () => {
    expect(
      validate(
        ticketFormSchema(categoryOf('general.question')),
        { ...form, consent: { accepted: false, text_version: '2026-01' } },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [
        {
          path: 'consent.accepted',
          message: 'Votre accord est nécessaire pour envoyer une demande.',
        },
      ],
    });
  });

  it('offers the four priorities only', () => {
    expect(
      validate(
        ticketFormSchema(categoryOf('general.question')),
        { ...form, priority: 'critical' },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [{ path: 'priority', message: 'Choisissez une des options proposées.' }],
    });
  });

  it("validates the category's own fields under fields.", () => {
    expect(
      validate(
        ticketFormSchema(categoryOf('security.mfa_reset')),
        { ...form, category: 'security.mfa_reset', fields: { employees: [] } },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [
        { path: 'fields.employees', message: 'Ajoutez au moins un collaborateur.' },
        { path: 'fields.irreversible_ack', message: 'Cochez cette case pour continuer.' },
      ],
    });
  });

  it('refuses a body meant for another category', () => {
    expect(
      validate(
        ticketFormSchema(categoryOf('general.question')),
        { ...form, category: 'billing.question' },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [{ path: 'category', message: 'Choisissez une des options proposées.' }],
    });
  });

  it('refuses an unpaired surrogate in any text, and keeps a paired one', () => {
    const category = categoryOf('general.question');
    const refused = (text: string) =>
      validate(ticketFormSchema(category), { ...form, description: text }, t).success === false;
    expect(refused('avant \uD83D après')).toBe(true);
    expect(refused('avant \uDC00 après')).toBe(true);
    expect(refused('x\uDC00\uD83Dy')).toBe(true);
    expect(refused('un \uD83D\uDE00 sourire')).toBe(false);
  });

  it('refuses a NUL character in any text, at the place it is', () => {
    const employee = {
      name: 'Ada\u0000',
      employee_number: 'E1',
      profile_url: 'https://x.test/ada',
    };
    const result = validate(
      ticketFormSchema(categoryOf('security.mfa_reset')),
      {
        ...form,
        category: 'security.mfa_reset',
        description: 'avant\u0000après',
        fields: { employees: [employee], irreversible_ack: true },
      },
      t,
    );
    expect(result.success === false && result.errors.map((error) => error.path)).toEqual([
      'description',
      'fields.employees.0.name',
    ]);
    // The person is told what is wrong with a text that looks fine on screen.
    expect(result.success === false && result.errors[0]?.message).toBe(
      'Ce texte contient un caractère invisible qui ne peut pas être enregistré : retapez-le, ou collez-le sans mise en forme.',
    );
  });

  it('returns the same schema for the same category (cheap to call on every keystroke)', () => {
    const category = categoryOf('technical.api');
    expect(ticketFormSchema(category)).toBe(ticketFormSchema(category));
  });

  it('exports the whole form to JSON Schema', () => {
    const schema = z.toJSONSchema(ticketFormSchema(categoryOf('technical.sql_report')), {
      io: 'input',
    });
    expect(schema).toMatchObject({
      type: 'object',
      required: ['subject', 'description', 'consent', 'category', 'fields'],
      properties: { category: { const: 'technical.sql_report' }, subject: { maxLength: 120 } },
    });
  });
});

describe('commonFields', () => {
  it('describes every common field of the schema except the captured context', () => {
    expect(commonFields.map((field) => field.name)).toEqual([
      'subject',
      'description',
      'priority',
      'attachments',
      'share_with_account_manager',
      'consent',
    ]);
    expect(Object.keys(commonFieldsSchema.shape).sort()).toEqual(
      [...commonFields.map((field) => field.name), 'context'].sort(),
    );
  });
});
