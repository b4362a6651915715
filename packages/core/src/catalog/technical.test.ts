import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { es } from '../i18n/es';
import { fr } from '../i18n/fr';
import { createTranslator } from '../i18n/translate';
import { validate } from '../i18n/validation';
import { createDefaultCatalog, getCategory } from './catalog';

// Monday 23 November 2026, 10:00 UTC.
const now = new Date('2026-11-23T10:00:00Z');
const catalog = createDefaultCatalog({ now: () => now });
const t = createTranslator({ locale: 'fr', messages: fr });

function schemaOf(key: string) {
  const found = getCategory(catalog, key);
  if (found === undefined) {
    throw new Error(`no category ${key}`);
  }
  return found.fieldsSchema;
}

describe('technical.api', () => {
  const schema = schemaOf('technical.api');
  const valid = {
    endpoint_url: 'https://api.acme.test/v1/invoices?month=3',
    impact: 'high',
    error_message: '500 Internal Server Error',
    steps_to_reproduce: 'GET /v1/invoices?month=3',
    expected_behaviour: 'La liste des factures de mars',
  };

  it('accepts a described failing call', () => {
    expect(validate(schema, valid, t)).toEqual({ success: true, data: valid });
  });

  it('accepts http and https addresses only', () => {
    expect(
      validate(schema, { ...valid, endpoint_url: 'http://intranet.acme.test/api' }, t).success,
    ).toBe(true);
    for (const endpoint_url of [
      'ftp://acme.test/x',
      'javascript:alert(1)',
      'api.acme.test',
      'https://',
    ]) {
      expect(validate(schema, { ...valid, endpoint_url }, t)).toEqual({
        success: false,
        errors: [
          {
            path: 'endpoint_url',
            message: 'Saisissez une adresse web complète, commençant par https://.',
          },
        ],
      });
    }
  });

  it('requires the address, the impact and the steps to reproduce', () => {
    expect(validate(schema, { error_message: 'timeout' }, t)).toEqual({
      success: false,
      errors: [
        { path: 'endpoint_url', message: 'Ce champ est obligatoire.' },
        { path: 'impact', message: 'Ce champ est obligatoire.' },
        { path: 'steps_to_reproduce', message: 'Ce champ est obligatoire.' },
      ],
    });
  });

  it('offers four impact levels and nothing else', () => {
    expect(validate(schema, { ...valid, impact: 'blocking' }, t)).toEqual({
      success: false,
      errors: [{ path: 'impact', message: 'Choisissez une des options proposées.' }],
    });
  });
});

describe('technical.incident', () => {
  const schema = schemaOf('technical.incident');
  const valid = {
    severity: 'critical',
    page_url: 'https://app.acme.test/factures',
    started_at: '2026-11-23T09:30:00+01:00',
    steps_to_reproduce: '',
    steps_taken: 'Autre navigateur : même erreur',
  };

  it('accepts an incident that started in the past', () => {
    expect(validate(schema, valid, t)).toEqual({
      success: true,
      data: {
        severity: 'critical',
        page_url: 'https://app.acme.test/factures',
        started_at: '2026-11-23T09:30:00+01:00',
        steps_taken: 'Autre navigateur : même erreur',
      },
    });
  });

  it('refuses a start in the future, allowing a few minutes of clock difference', () => {
    expect(validate(schema, { ...valid, started_at: '2026-11-23T10:04:00Z' }, t).success).toBe(
      true,
    );
    expect(validate(schema, { ...valid, started_at: '2026-11-23T11:00:00Z' }, t)).toEqual({
      success: false,
      errors: [{ path: 'started_at', message: 'Cette date ne peut pas être dans le futur.' }],
    });
  });

  it('requires a date-time with its offset', () => {
    for (const started_at of ['hier soir', '2026-11-23T09:30', '2026-11-23']) {
      expect(validate(schema, { ...valid, started_at }, t)).toEqual({
        success: false,
        errors: [{ path: 'started_at', message: 'Saisissez une date et une heure valides.' }],
      });
    }
  });

  it('requires a severity among the four offered and a valid page address', () => {
    expect(
      validate(schema, { started_at: valid.started_at, page_url: 'file:///etc/passwd' }, t),
    ).toEqual({
      success: false,
      errors: [
        { path: 'severity', message: 'Ce champ est obligatoire.' },
        {
          path: 'page_url',
          message: 'Saisissez une adresse web complète, commençant par https://.',
        },
      ],
    });
    expect(validate(schema, { ...valid, severity: 'blocker' }, t)).toEqual({
      success: false,
      errors: [{ path: 'severity', message: 'Choisissez une des options proposées.' }],
    });
  });

  it('says it in Spanish too', () => {
    const spanish = createTranslator({ locale: 'es', messages: es });
    expect(validate(schema, { ...valid, started_at: '2027-01-01T00:00:00Z' }, spanish)).toEqual({
      success: false,
      errors: [{ path: 'started_at', message: 'Esta fecha no puede estar en el futuro.' }],
    });
  });
});

describe('technical.sql_report', () => {
  const schema = schemaOf('technical.sql_report');

  it('accepts a report request in a listed format', () => {
    expect(
      validate(
        schema,
        {
          data_wanted: 'Factures 2026 par établissement',
          filters: 'Statut payé',
          output_format: 'xlsx',
          wanted_by: '2026-11-24',
        },
        t,
      ),
    ).toEqual({
      success: true,
      data: {
        data_wanted: 'Factures 2026 par établissement',
        filters: 'Statut payé',
        output_format: 'xlsx',
        wanted_by: '2026-11-24',
      },
    });
  });

  it('asks which format when "other" is chosen, and only then', () => {
    expect(validate(schema, { data_wanted: 'Factures', output_format: 'other' }, t)).toEqual({
      success: false,
      errors: [{ path: 'output_format_other', message: 'Ce champ est obligatoire.' }],
    });
    expect(
      validate(
        schema,
        { data_wanted: 'Factures', output_format: 'other', output_format_other: 'Parquet' },
        t,
      ),
    ).toEqual({
      success: true,
      data: { data_wanted: 'Factures', output_format: 'other', output_format_other: 'Parquet' },
    });
    // Typed before switching back to CSV: the hidden answer is neither required nor kept.
    expect(
      validate(
        schema,
        { data_wanted: 'Factures', output_format: 'csv', output_format_other: 'x'.repeat(500) },
        t,
      ),
    ).toEqual({ success: true, data: { data_wanted: 'Factures', output_format: 'csv' } });
  });

  it('shows every problem at once, the conditional one included', () => {
    expect(validate(schema, { output_format: 'other', wanted_by: '2026-11-22' }, t)).toEqual({
      success: false,
      errors: [
        { path: 'data_wanted', message: 'Ce champ est obligatoire.' },
        { path: 'wanted_by', message: "Choisissez une date postérieure à aujourd'hui." },
        { path: 'output_format_other', message: 'Ce champ est obligatoire.' },
      ],
    });
  });

  it('wants the wanted-by date after today and a real calendar date', () => {
    const base = { data_wanted: 'Factures', output_format: 'csv' };
    expect(validate(schema, { ...base, wanted_by: '2026-11-22' }, t)).toEqual({
      success: false,
      errors: [{ path: 'wanted_by', message: "Choisissez une date postérieure à aujourd'hui." }],
    });
    expect(validate(schema, { ...base, wanted_by: '2027-02-29' }, t)).toEqual({
      success: false,
      errors: [{ path: 'wanted_by', message: 'Saisissez une date valide.' }],
    });
  });

  it("never refuses someone's tomorrow, whatever their time zone", () => {
    // 10:00 UTC on the 23rd is still the 22nd in UTC-11 (Niue): the 23rd is their tomorrow.
    const base = { data_wanted: 'Factures', output_format: 'csv' };
    expect(validate(schema, { ...base, wanted_by: '2026-11-23' }, t).success).toBe(true);
    expect(validate(schema, { ...base, wanted_by: '2026-11-22' }, t).success).toBe(false);
  });

  it('reads "today" from the clock it was built with', () => {
    const later = createDefaultCatalog({ now: () => new Date('2026-12-01T08:00:00Z') });
    const laterSchema = getCategory(later, 'technical.sql_report')?.fieldsSchema;
    const value = { data_wanted: 'Factures', output_format: 'csv', wanted_by: '2026-11-24' };
    expect(validate(schema, value, t).success).toBe(true);
    expect(laterSchema === undefined ? undefined : validate(laterSchema, value, t).success).toBe(
      false,
    );
  });

  it('says it in English too', () => {
    const english = createTranslator({ locale: 'en', messages: en });
    expect(
      validate(
        schema,
        { data_wanted: 'x', output_format: 'csv', wanted_by: '2026-01-01' },
        english,
      ),
    ).toEqual({
      success: false,
      errors: [{ path: 'wanted_by', message: 'Choose a date after today.' }],
    });
  });
});
