import { z } from '../zod';
import type { Translator } from './translate';

/** One problem of a form, ready to show next to the field it concerns. */
export interface FieldError {
  /** Dotted path of the field (`subject`, `fields.employees.0.profile_url`); '' for the whole form. */
  path: string;
  message: string;
}

export type ValidationResult<T> =
  | { success: true; data: T }
  | { success: false; errors: FieldError[] };

// Zod's issues as they reach us: the finalized shape plus what a parse with `reportInput`
// keeps (the offending input) and what refinements pass along (`params`).
type Issue = z.core.$ZodIssue & { input?: unknown; params?: Record<string, unknown> };

function isMissing(issue: Issue): boolean {
  if ('input' in issue) {
    return issue.input === undefined || issue.input === null;
  }
  // Without `reportInput` the input is gone; zod's English message still says what it received
  // (when a locale is installed: classic zod installs English, zod mini alone none).
  return / received (undefined|null)$/.test(issue.message);
}

function numbers(issue: Issue): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const name of ['minimum', 'maximum'] as const) {
    const value: unknown = (issue as unknown as Record<string, unknown>)[name];
    if (typeof value === 'number' || typeof value === 'bigint') {
      values[name] = Number(value);
    }
  }
  for (const [name, value] of Object.entries(issue.params ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') {
      values[name] = value;
    }
  }
  return values;
}

/** The message key for an issue zod raised by itself (no message key set by the schema). */
function keyOf(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (isMissing(issue)) {
        return 'validation.required';
      }
      if (issue.expected === 'int') {
        return 'validation.not_an_integer';
      }
      if (issue.expected === 'number') {
        return 'validation.not_a_number';
      }
      return 'validation.invalid';
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? 'validation.required' : 'validation.too_short';
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return 'validation.too_few_items';
      }
      return 'validation.number_too_small';
    case 'too_big':
      if (issue.origin === 'string') {
        return 'validation.too_long';
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return 'validation.too_many_items';
      }
      return 'validation.number_too_big';
    case 'invalid_format':
      switch (issue.format) {
        case 'url':
          return 'validation.invalid_url';
        case 'email':
          return 'validation.invalid_email';
        case 'date':
          return 'validation.invalid_date';
        case 'datetime':
          return 'validation.invalid_datetime';
        default:
          return 'validation.invalid_format';
      }
    case 'invalid_value':
      // A box that must be ticked reads the same whether it was left alone or unticked.
      if (issue.values.length === 1 && issue.values[0] === true) {
        return 'validation.must_tick';
      }
      return isMissing(issue) ? 'validation.required' : 'validation.invalid_option';
    case 'unrecognized_keys':
      return 'validation.unknown_field';
    case 'not_multiple_of':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return 'validation.invalid';
    default:
      return issue satisfies never;
  }
}

/**
 * Turns zod's issues into messages in the user's language. A schema's own message is used when
 * it is a message key (`'validation.employees_min'`); otherwise the issue's code picks the
 * message. Parse with `reportInput: true` (as `validate` does) so a missing value always reads
 * "required".
 *
 * @example
 * const result = schema.safeParse(form, { reportInput: true });
 * if (!result.success) { showErrors(formatValidationErrors(result.error, t)); }
 */
export function formatValidationErrors(
  error: { readonly issues: readonly z.core.$ZodIssue[] },
  t: Translator,
): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const issue of error.issues as Issue[]) {
    const path = issue.path.map(String).join('.');
    const key = t.has(issue.message) ? issue.message : keyOf(issue);
    const message = t(key, numbers(issue));
    const identity = `${path}\u0000${message}`;
    if (!seen.has(identity)) {
      seen.add(identity);
      errors.push({ path, message });
    }
  }
  return errors;
}

/**
 * Validates a value and, when it is invalid, says why in the user's language.
 *
 * @example
 * const result = validate(ticketFormSchema(category), form, t);
 * if (!result.success) { result.errors; } // [{ path: 'subject', message: 'Ce champ est obligatoire.' }]
 */
export function validate<Schema extends z.core.$ZodType>(
  schema: Schema,
  value: unknown,
  t: Translator,
): ValidationResult<z.output<Schema>> {
  // The function form takes a classic schema as well as a mini one.
  const result = z.safeParse(schema, value, { reportInput: true });
  if (result.success) {
    return { success: true, data: result.data };
  }
  return { success: false, errors: formatValidationErrors(result.error, t) };
}
