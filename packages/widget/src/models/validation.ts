import { type Translator, validate } from '@aide/core';

/**
 * Validates a form with its schema (core's `validate`) and returns one message per dotted path,
 * in the user's language.
 */
export function formErrors(
  schema: Parameters<typeof validate>[0],
  value: unknown,
  t: Translator,
): Record<string, string> {
  const result = validate(schema, value, t);
  const errors: Record<string, string> = {};
  if (!result.success) {
    for (const error of result.errors) {
      errors[error.path] ??= error.message;
    }
  }
  return errors;
}
