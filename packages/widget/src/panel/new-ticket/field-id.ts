/** A stable DOM id for a form path (`fields.employees.0.name` → `aide-f-fields-employees-0-name`). */
export function fieldId(path: string): string {
  return `aide-f-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/**
 * Preact types `<input>` as a union discriminated by `type`; a type chosen at run time from the
 * field metadata has to be widened back to one accepted member.
 */
export function inputType(kind: 'text' | 'url' | 'email' | 'date'): 'text' {
  return kind as 'text';
}
