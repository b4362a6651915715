import { z } from '../zod';
import { type Category, defineCategory } from './define';
import { builtInField } from './meta';
import { attachmentIds, type CatalogOptions, optionalText } from './rules';

/**
 * An EU VAT identification number: two-letter country prefix and 2 to 13 letters or digits
 * (spaces, dots and dashes as people type them are tolerated). The tax office checks the rest.
 */
export const vatNumberPattern = /^[A-Z]{2}[0-9A-Z]{2,13}$/;

function compactVat(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

const supportingDocumentTypes = ['application/pdf', 'image/png', 'image/jpeg'];

/**
 * The `billing` group: a billing question, a change of company details.
 *
 * @example
 * const [question, companyDetails] = billingCategories();
 */
export function billingCategories(_options: CatalogOptions = {}): Category[] {
  const question = defineCategory({
    key: 'billing.question',
    group: 'billing',
    label_key: 'category.billing.question.label',
    description_key: 'category.billing.question.description',
    fields: [
      builtInField('invoice_number', 'text', {
        order: 0,
        required: false,
        help: true,
        placeholder: true,
        max_length: 64,
      }),
    ],
    schema: z.object({ invoice_number: optionalText(64) }),
  });

  const companyDetails = defineCategory({
    key: 'billing.company_details',
    group: 'billing',
    label_key: 'category.billing.company_details.label',
    description_key: 'category.billing.company_details.description',
    fields: [
      builtInField('new_company_name', 'text', {
        order: 0,
        required: false,
        help: true,
        max_length: 200,
      }),
      builtInField('vat_number', 'text', {
        order: 1,
        required: false,
        placeholder: true,
        max_length: 30,
      }),
      builtInField('supporting_document', 'attachments', {
        order: 2,
        required: true,
        help: true,
        multiple: true,
        accept: supportingDocumentTypes,
      }),
    ],
    schema: z
      .object({
        new_company_name: optionalText(200),
        vat_number: z.optional(
          z.string().check(
            z.trim(),
            z.maxLength(30),
            z.refine((value) => vatNumberPattern.test(compactVat(value)), {
              message: 'validation.invalid_vat_number',
            }),
          ),
        ),
        supporting_document: attachmentIds({
          min: 1,
          max: 5,
          messageKey: 'validation.document_required',
        }),
      })
      .check(
        z.refine(
          (values) => values.new_company_name !== undefined || values.vat_number !== undefined,
          {
            message: 'validation.company_name_or_vat',
            path: ['new_company_name'],
            // Checked even when another field failed, so every problem shows at once.
            when: (payload) => typeof payload.value === 'object' && payload.value !== null,
          },
        ),
      ),
  });

  return [question, companyDetails];
}
