import { describe, expect, it } from 'vitest';
import { fr } from '../i18n/fr';
import { createTranslator } from '../i18n/translate';
import { validate } from '../i18n/validation';
import { categoriesByGroup, getCategory, simpleCatalog } from './catalog';

const t = createTranslator({ locale: 'fr', messages: fr });

function schemaOf(key: string) {
  const found = getCategory(simpleCatalog, key);
  if (found === undefined) {
    throw new Error(`no category ${key}`);
  }
  return found.fieldsSchema;
}

describe('the simple preset', () => {
  it('lists question, problem, need and other in one group', () => {
    expect(
      categoriesByGroup(simpleCatalog).map((group) => [
        t(group.label_key),
        group.categories.map((category) => t(category.label_key)),
      ]),
    ).toEqual([['Demandes', ['Question', 'Problème', 'Besoin', 'Autre']]]);
  });

  it('asks nothing more for a question, a need or anything else', () => {
    for (const key of ['simple.question', 'simple.need', 'simple.other']) {
      expect(validate(schemaOf(key), {}, t)).toEqual({ success: true, data: {} });
    }
  });

  it('asks for the steps to reproduce and the expected behaviour of a problem', () => {
    const schema = schemaOf('simple.problem');
    expect(
      validate(
        schema,
        { steps_to_reproduce: 'Cliquer sur Exporter', expected_behaviour: 'Un fichier CSV' },
        t,
      ),
    ).toEqual({
      success: true,
      data: { steps_to_reproduce: 'Cliquer sur Exporter', expected_behaviour: 'Un fichier CSV' },
    });
    expect(validate(schema, { steps_to_reproduce: 'Cliquer sur Exporter' }, t)).toEqual({
      success: false,
      errors: [{ path: 'expected_behaviour', message: 'Ce champ est obligatoire.' }],
    });
    expect(validate(schema, { steps_to_reproduce: '', expected_behaviour: '  ' }, t)).toEqual({
      success: false,
      errors: [
        { path: 'steps_to_reproduce', message: 'Ce champ est obligatoire.' },
        { path: 'expected_behaviour', message: 'Ce champ est obligatoire.' },
      ],
    });
  });
});
