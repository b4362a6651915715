import { z } from '../zod';
import { type Category, defineCategory } from './define';
import { builtInField } from './meta';
import { attachmentIds, type CatalogOptions, optionalText, requiredText } from './rules';

/** Languages the product may have been displayed in when a display problem was seen. */
export const displayLanguages = ['fr', 'en', 'es', 'other'] as const;

const imageTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/**
 * The `general` group: a plain question, a display problem, an improvement idea.
 *
 * @example
 * const [question, uiIssue, improvement] = generalCategories();
 */
export function generalCategories(_options: CatalogOptions = {}): Category[] {
  const question = defineCategory({
    key: 'general.question',
    group: 'general',
    label_key: 'category.general.question.label',
    description_key: 'category.general.question.description',
    fields: [],
    schema: z.object({}),
  });

  const uiIssue = defineCategory({
    key: 'general.ui_issue',
    group: 'general',
    label_key: 'category.general.ui_issue.label',
    description_key: 'category.general.ui_issue.description',
    fields: [
      builtInField('steps_to_reproduce', 'textarea', {
        order: 0,
        required: true,
        help: true,
        placeholder: true,
        max_length: 5000,
      }),
      builtInField('expected_behaviour', 'textarea', {
        order: 1,
        required: false,
        max_length: 5000,
      }),
      builtInField('screenshot', 'attachments', {
        order: 2,
        required: true,
        help: true,
        multiple: true,
        accept: imageTypes,
      }),
      builtInField('language_shown', 'select', {
        order: 3,
        required: false,
        options: displayLanguages,
      }),
    ],
    schema: z.object({
      steps_to_reproduce: requiredText(5000),
      expected_behaviour: optionalText(5000),
      screenshot: attachmentIds({ min: 1, max: 10, messageKey: 'validation.screenshot_required' }),
      language_shown: z.optional(z.enum(displayLanguages)),
    }),
  });

  const improvement = defineCategory({
    key: 'general.improvement',
    group: 'general',
    label_key: 'category.general.improvement.label',
    description_key: 'category.general.improvement.description',
    fields: [
      builtInField('business_justification', 'textarea', {
        order: 0,
        required: false,
        help: true,
        max_length: 5000,
      }),
    ],
    schema: z.object({ business_justification: optionalText(5000) }),
  });

  return [question, uiIssue, improvement];
}
