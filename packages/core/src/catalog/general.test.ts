import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { fr } from '../i18n/fr';
import { createTranslator } from '../i18n/translate';
import { validate } from '../i18n/validation';
import { createDefaultCatalog, getCategory } from './catalog';

const catalog = createDefaultCatalog({ now: () => new Date('2026-11-23T10:00:00Z') });
const t = createTranslator({ locale: 'fr', messages: fr });

function category(key: string) {
  const found = getCategory(catalog, key);
  if (found === undefined) {
    throw new Error(`no category ${key}`);
  }
  return found;
}

describe('general.question', () => {
  it('asks nothing beyond the common fields', () => {
    expect(category('general.question').fields).toEqual([]);
    expect(validate(category('general.question').fieldsSchema, {}, t)).toEqual({
      success: true,
      data: {},
    });
  });

  it('drops values it does not ask for', () => {
    expect(validate(category('general.question').fieldsSchema, { surprise: 'x' }, t)).toEqual({
      success: true,
      data: {},
    });
  });

  it('rejects fields that are not an object', () => {
    const result = validate(category('general.question').fieldsSchema, 'texte', t);
    expect(result).toEqual({
      success: false,
      errors: [{ path: '', message: "Cette valeur n'est pas valide." }],
    });
  });
});

describe('general.ui_issue', () => {
  const schema = category('general.ui_issue').fieldsSchema;

  it('accepts steps, a screenshot and the language shown', () => {
    expect(
      validate(
        schema,
        {
          steps_to_reproduce: '1. Ouvrir Factures\n2. Le bouton Exporter déborde',
          expected_behaviour: '',
          screenshot: ['att_1'],
          language_shown: 'fr',
        },
        t,
      ),
    ).toEqual({
      success: true,
      data: {
        steps_to_reproduce: '1. Ouvrir Factures\n2. Le bouton Exporter déborde',
        screenshot: ['att_1'],
        language_shown: 'fr',
      },
    });
  });

  it('requires the steps to reproduce and a screenshot', () => {
    expect(validate(schema, { steps_to_reproduce: '   ', screenshot: [] }, t)).toEqual({
      success: false,
      errors: [
        { path: 'steps_to_reproduce', message: 'Ce champ est obligatoire.' },
        { path: 'screenshot', message: "Joignez au moins une capture d'écran." },
      ],
    });
    expect(validate(schema, {}, t)).toEqual({
      success: false,
      errors: [
        { path: 'steps_to_reproduce', message: 'Ce champ est obligatoire.' },
        { path: 'screenshot', message: 'Ce champ est obligatoire.' },
      ],
    });
  });

  it('rejects a language that is not offered and steps that are too long', () => {
    expect(
      validate(
        schema,
        { steps_to_reproduce: 'x'.repeat(5001), screenshot: ['att_1'], language_shown: 'de' },
        t,
      ),
    ).toEqual({
      success: false,
      errors: [
        { path: 'steps_to_reproduce', message: 'Saisissez au plus 5\u202f000 caractères.' },
        { path: 'language_shown', message: 'Choisissez une des options proposées.' },
      ],
    });
  });

  it('accepts only images for the screenshot', () => {
    const screenshot = category('general.ui_issue').fields.find(
      (field) => field.name === 'screenshot',
    );
    expect(screenshot?.accept?.every((type) => type.startsWith('image/'))).toBe(true);
  });

  it('says it in English too', () => {
    const english = createTranslator({ locale: 'en', messages: en });
    expect(validate(schema, { steps_to_reproduce: 'x', screenshot: [] }, english)).toEqual({
      success: false,
      errors: [{ path: 'screenshot', message: 'Attach at least one screenshot.' }],
    });
  });
});

describe('general.improvement', () => {
  const schema = category('general.improvement').fieldsSchema;

  it('accepts an idea with or without a business justification', () => {
    expect(validate(schema, {}, t)).toEqual({ success: true, data: {} });
    expect(validate(schema, { business_justification: 'Gagner 2 h par semaine' }, t)).toEqual({
      success: true,
      data: { business_justification: 'Gagner 2 h par semaine' },
    });
  });

  it('rejects a justification that is too long or not text', () => {
    expect(validate(schema, { business_justification: 'x'.repeat(5001) }, t)).toEqual({
      success: false,
      errors: [
        { path: 'business_justification', message: 'Saisissez au plus 5\u202f000 caractères.' },
      ],
    });
    expect(validate(schema, { business_justification: 12 }, t)).toEqual({
      success: false,
      errors: [{ path: 'business_justification', message: "Cette valeur n'est pas valide." }],
    });
  });
});
