import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { createTranslator } from './translate';
import { formatValidationErrors, validate } from './validation';

const t = createTranslator({ locale: 'fr', messages: fr });

describe('validate', () => {
  it('returns the parsed data when the value is valid', () => {
    const schema = z.object({ name: z.string().trim().min(1) });
    expect(validate(schema, { name: '  Ada ' }, t)).toEqual({
      success: true,
      data: { name: 'Ada' },
    });
  });

  it('says a missing or blank value is required', () => {
    const schema = z.object({
      name: z.string().trim().min(1),
      count: z.int(),
      kind: z.enum(['a', 'b']),
    });
    expect(validate(schema, { name: '   ' }, t)).toEqual({
      success: false,
      errors: [
        { path: 'name', message: 'Ce champ est obligatoire.' },
        { path: 'count', message: 'Ce champ est obligatoire.' },
        { path: 'kind', message: 'Ce champ est obligatoire.' },
      ],
    });
  });

  it('gives lengths and counts with the right plural', () => {
    const schema = z.object({
      code: z.string().min(3).max(5),
      tags: z.array(z.string()).min(2).max(3),
    });
    const short = validate(schema, { code: 'ab', tags: ['x'] }, t);
    expect(short.success ? [] : short.errors).toEqual([
      { path: 'code', message: 'Saisissez au moins 3 caractères.' },
      { path: 'tags', message: 'Ajoutez au moins 2 éléments.' },
    ]);
    const long = validate(schema, { code: 'abcdef', tags: ['a', 'b', 'c', 'd'] }, t);
    expect(long.success ? [] : long.errors).toEqual([
      { path: 'code', message: 'Saisissez au plus 5 caractères.' },
      { path: 'tags', message: 'Ajoutez au plus 3 éléments.' },
    ]);
  });

  it('names the format that is wrong', () => {
    const schema = z.object({
      site: z.url(),
      mail: z.email(),
      day: z.iso.date(),
      at: z.iso.datetime({ offset: true }),
      kind: z.enum(['a', 'b']),
      seats: z.int().min(1).max(30),
    });
    const result = validate(
      schema,
      { site: 'pas une url', mail: 'ada@', day: '2026-02-30', at: 'hier', kind: 'c', seats: 1.5 },
      t,
    );
    expect(result.success ? [] : result.errors).toEqual([
      { path: 'site', message: 'Saisissez une adresse web complète, commençant par https://.' },
      { path: 'mail', message: 'Saisissez une adresse e-mail valide.' },
      { path: 'day', message: 'Saisissez une date valide.' },
      { path: 'at', message: 'Saisissez une date et une heure valides.' },
      { path: 'kind', message: 'Choisissez une des options proposées.' },
      { path: 'seats', message: 'Saisissez un nombre entier.' },
    ]);
    const tooMany = validate(schema.pick({ seats: true }), { seats: 31 }, t);
    expect(tooMany.success ? [] : tooMany.errors).toEqual([
      { path: 'seats', message: 'Saisissez un nombre inférieur ou égal à 30.' },
    ]);
  });

  it('uses a message key set by the schema, with its parameters', () => {
    const schema = z.object({
      box: z.literal(true),
      team: z.array(z.string()).min(1, { message: 'validation.employees_min' }),
      code: z.string().refine(() => false, { message: 'acme.code_taken', params: { code: 'X1' } }),
    });
    const vendor = createTranslator({
      locale: 'fr',
      messages: fr,
      overrides: { 'acme.code_taken': 'Le code {code} est déjà pris.' },
    });
    const result = validate(schema, { box: false, team: [], code: 'X1' }, vendor);
    expect(result.success ? [] : result.errors).toEqual([
      { path: 'box', message: 'Cochez cette case pour continuer.' },
      { path: 'team', message: 'Ajoutez au moins un collaborateur.' },
      { path: 'code', message: 'Le code X1 est déjà pris.' },
    ]);
  });

  it('joins nested paths with dots', () => {
    const schema = z.object({ people: z.array(z.object({ url: z.url() })) });
    const result = validate(schema, { people: [{ url: 'https://a.test' }, { url: 'x' }] }, t);
    expect(result.success ? [] : result.errors).toEqual([
      {
        path: 'people.1.url',
        message: 'Saisissez une adresse web complète, commençant par https://.',
      },
    ]);
  });

  it('speaks English and Spanish', () => {
    const schema = z.object({ name: z.string().min(1), site: z.url() });
    const english = validate(
      schema,
      { site: 'x' },
      createTranslator({ locale: 'en', messages: en }),
    );
    expect(english.success ? [] : english.errors).toEqual([
      { path: 'name', message: 'This field is required.' },
      { path: 'site', message: 'Enter a full web address, starting with https://.' },
    ]);
    const spanish = validate(
      schema,
      { site: 'x' },
      createTranslator({ locale: 'es', messages: es }),
    );
    expect(spanish.success ? [] : spanish.errors).toEqual([
      { path: 'name', message: 'Este campo es obligatorio.' },
      { path: 'site', message: 'Introduzca una dirección web completa que empiece por https://.' },
    ]);
  });
});

describe('formatValidationErrors', () => {
  it('still recognises a missing value in an error parsed without reportInput', () => {
    const result = z.object({ name: z.string() }).safeParse({});
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(formatValidationErrors(result.error, t)).toEqual([
        { path: 'name', message: 'Ce champ est obligatoire.' },
      ]);
    }
  });

  it('reports a wrong type as an invalid value, not as missing', () => {
    const result = z.object({ name: z.string() }).safeParse({ name: 42 }, { reportInput: true });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(formatValidationErrors(result.error, t)).toEqual([
        { path: 'name', message: "Cette valeur n'est pas valide." },
      ]);
    }
  });
});
