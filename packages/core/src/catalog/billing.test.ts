import { describe, expect, it } from 'vitest';
import { es } from '../i18n/es';
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

describe('billing.question', () => {
  const schema = schemaOf('billing.question');

  it('accepts a question with or without an invoice number', () => {
    expect(validate(schema, { invoice_number: ' FA-2026-0042 ' }, t)).toEqual({
      success: true,
      data: { invoice_number: 'FA-2026-0042' },
    });
    expect(validate(schema, { invoice_number: '' }, t)).toEqual({ success: true, data: {} });
  });

  it('rejects an invoice number that is too long', () => {
    expect(validate(schema, { invoice_number: 'F'.repeat(65) }, t)).toEqual({
      success: false,
      errors: [{ path: 'invoice_number', message: 'Saisissez au plus 64 caractères.' }],
    });
  });
});

describe('billing.company_details', () => {
  const schema = schemaOf('billing.company_details');

  it('accepts a new company name alone, with its supporting document', () => {
    expect(
      validate(
        schema,
        { new_company_name: 'Acme Group SAS', supporting_document: ['att_kbis'] },
        t,
      ),
    ).toEqual({
      success: true,
      data: { new_company_name: 'Acme Group SAS', supporting_document: ['att_kbis'] },
    });
  });

  it('accepts a VAT number alone, typed with spaces', () => {
    expect(
      validate(schema, { vat_number: 'fr 12 345678901', supporting_document: ['att_kbis'] }, t)
        .success,
    ).toBe(true);
  });

  it('needs a new name or a VAT number, and the document, all said at once', () => {
    expect(validate(schema, { new_company_name: ' ', vat_number: '' }, t)).toEqual({
      success: false,
      errors: [
        { path: 'supporting_document', message: 'Ce champ est obligatoire.' },
        {
          path: 'new_company_name',
          message: 'Indiquez la nouvelle raison sociale, le numéro de TVA, ou les deux.',
        },
      ],
    });
    expect(validate(schema, { new_company_name: 'Acme', supporting_document: [] }, t)).toEqual({
      success: false,
      errors: [{ path: 'supporting_document', message: 'Joignez un justificatif.' }],
    });
  });

  it('rejects a VAT number that cannot be one', () => {
    for (const vat_number of ['123456789', 'FR1', 'FR 1234 5678 9012 3456']) {
      expect(validate(schema, { vat_number, supporting_document: ['att_kbis'] }, t)).toEqual({
        success: false,
        errors: [
          {
            path: 'vat_number',
            message: 'Saisissez un numéro de TVA intracommunautaire valide (ex. : FR12345678901).',
          },
        ],
      });
    }
  });

  it('says it in Spanish too', () => {
    const spanish = createTranslator({ locale: 'es', messages: es });
    expect(validate(schema, { supporting_document: ['att_1'] }, spanish)).toEqual({
      success: false,
      errors: [
        {
          path: 'new_company_name',
          message: 'Indique la nueva razón social, el número de IVA o ambos.',
        },
      ],
    });
  });
});
