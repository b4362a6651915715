import { z } from '../zod';
import { type Category, defineCategory } from './define';
import { builtInField } from './meta';
import { type CatalogOptions, requiredText } from './rules';

/**
 * The `simple` preset: the four categories of a small help centre (question, problem, need,
 * other), all in the `simple` group. Only `problem` asks for more than a subject and a
 * description.
 *
 * @example
 * const [question, problem, need, other] = simpleCategories();
 */
export function simpleCategories(_options: CatalogOptions = {}): Category[] {
  const question = defineCategory({
    key: 'simple.question',
    group: 'simple',
    label_key: 'category.simple.question.label',
    description_key: 'category.simple.question.description',
    fields: [],
    schema: z.object({}),
  });
  const problem = defineCategory({
    key: 'simple.problem',
    group: 'simple',
    label_key: 'category.simple.problem.label',
    description_key: 'category.simple.problem.description',
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
        required: true,
        max_length: 5000,
      }),
    ],
    schema: z.object({
      steps_to_reproduce: requiredText(5000),
      expected_behaviour: requiredText(5000),
    }),
  });
  const need = defineCategory({
    key: 'simple.need',
    group: 'simple',
    label_key: 'category.simple.need.label',
    description_key: 'category.simple.need.description',
    fields: [],
    schema: z.object({}),
  });
  const other = defineCategory({
    key: 'simple.other',
    group: 'simple',
    label_key: 'category.simple.other.label',
    description_key: 'category.simple.other.description',
    fields: [],
    schema: z.object({}),
  });
  return [question, problem, need, other];
}
