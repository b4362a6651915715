import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { createTranslator } from '../i18n/translate';
import { validate } from '../i18n/validation';
import { defaultCatalog, getCategory } from './catalog';

const t = createTranslator({ locale: 'fr', messages: fr });

function schemaOf(key: string) {
  const found = getCategory(defaultCatalog, key);
  if (found === undefined) {
    throw new Error(`no category ${key}`);
  }
  return found.fieldsSchema;
}

const grace = {
  name: 'Grace Hopper',
  employee_number: 'E-0042',
  profile_url: 'https://app.acme.test/people/42',
};

describe('security.user_deletion', () => {
  const schema = schemaOf('security.user_deletion');
  const valid = {
    employees: [grace],
    business_justification: 'Départ de la société le 30 novembre',
    irreversible_ack: true,
  };

  it('accepts named employees, a justification and the acknowledgement', () => {
    expect(validate(schema, valid, t)).toEqual({ success: true, data: valid });
  });

  it('needs at least one employee', () => {
    expect(validate(schema, { ...valid, employees: [] }, t)).toEqual({
      success: false,
      errors: [{ path: 'employees', message: 'Ajoutez au moins un collaborateur.' }],
    });
  });

  it('needs the name, number and profile address of every employee', () => {
    expect(
      validate(
        schema,
        {
          ...valid,
          employees: [grace, { name: 'Alan', employee_number: ' ', profile_url: 'profil 7' }],
        },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [
        { path: 'employees.1.employee_number', message: 'Ce champ est obligatoire.' },
        {
          path: 'employees.1.profile_url',
          message: 'Saisissez une adresse web complète, commençant par https://.',
        },
      ],
    });
  });

  it('will not go ahead until the irreversibility box is ticked', () => {
    expect(validate(schema, { ...valid, irreversible_ack: false }, t)).toEqual({
      success: false,
      errors: [{ path: 'irreversible_ack', message: 'Cochez cette case pour continuer.' }],
    });
    const { irreversible_ack: _unticked, ...withoutBox } = valid;
    expect(validate(schema, withoutBox, t)).toEqual({
      success: false,
      errors: [{ path: 'irreversible_ack', message: 'Cochez cette case pour continuer.' }],
    });
  });

  it('requires a business justification', () => {
    expect(validate(schema, { ...valid, business_justification: '' }, t)).toEqual({
      success: false,
      errors: [{ path: 'business_justification', message: 'Ce champ est obligatoire.' }],
    });
  });
});

describe('security.mfa_reset', () => {
  const schema = schemaOf('security.mfa_reset');

  it('accepts employees and the acknowledgement', () => {
    expect(validate(schema, { employees: [grace], irreversible_ack: true }, t)).toEqual({
      success: true,
      data: { employees: [grace], irreversible_ack: true },
    });
  });

  it('says what is missing, all at once', () => {
    expect(validate(schema, {}, t)).toEqual({
      success: false,
      errors: [
        { path: 'employees', message: 'Ce champ est obligatoire.' },
        { path: 'irreversible_ack', message: 'Cochez cette case pour continuer.' },
      ],
    });
  });

  it('refuses a profile link that is not a web page', () => {
    expect(
      validate(
        schema,
        {
          employees: [{ ...grace, profile_url: 'javascript:alert(1)' }],
          irreversible_ack: true,
        },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [
        {
          path: 'employees.0.profile_url',
          message: 'Saisissez une adresse web complète, commençant par https://.',
        },
      ],
    });
  });

  it('says it in English too', () => {
    const english = createTranslator({ locale: 'en', messages: en });
    expect(validate(schema, { employees: [], irreversible_ack: false }, english)).toEqual({
      success: false,
      errors: [
        { path: 'employees', message: 'Add at least one employee.' },
        { path: 'irreversible_ack', message: 'Tick this box to continue.' },
      ],
    });
  });
});
