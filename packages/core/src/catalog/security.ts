import { z } from '../zod';
import { type Category, defineCategory } from './define';
import { builtInField } from './meta';
import { type CatalogOptions, employeeList, mustTick, requiredText } from './rules';

/**
 * The `security` group: deleting users, resetting multi-factor authentication. Both act on
 * named employees and ask the administrator to acknowledge that it cannot be undone.
 *
 * @example
 * const [userDeletion, mfaReset] = securityCategories();
 */
export function securityCategories(_options: CatalogOptions = {}): Category[] {
  const userDeletion = defineCategory({
    key: 'security.user_deletion',
    group: 'security',
    label_key: 'category.security.user_deletion.label',
    description_key: 'category.security.user_deletion.description',
    fields: [
      builtInField('employees', 'employees', {
        order: 0,
        required: true,
        help: true,
        multiple: true,
      }),
      builtInField('business_justification', 'textarea', {
        order: 1,
        required: true,
        help: true,
        max_length: 5000,
      }),
      builtInField('irreversible_ack', 'checkbox', { order: 2, required: true }),
    ],
    schema: z.object({
      employees: employeeList(),
      business_justification: requiredText(5000),
      irreversible_ack: mustTick(),
    }),
  });

  const mfaReset = defineCategory({
    key: 'security.mfa_reset',
    group: 'security',
    label_key: 'category.security.mfa_reset.label',
    description_key: 'category.security.mfa_reset.description',
    fields: [
      builtInField('employees', 'employees', {
        order: 0,
        required: true,
        help: true,
        multiple: true,
      }),
      builtInField('irreversible_ack', 'checkbox', { order: 1, required: true }),
    ],
    schema: z.object({ employees: employeeList(), irreversible_ack: mustTick() }),
  });

  return [userDeletion, mfaReset];
}
