/**
 * Where a parsed JSON body holds a NUL character (U+0000), as a dotted path, or null. No text
 * is stored with one (PostgreSQL cannot hold it, and both engines refuse it alike), so a body
 * carrying one is refused as invalid input, naming the field, instead of failing in the store.
 *
 * @example
 * nulPath({ subject: 'ok', fields: { steps: ['a', 'b\u0000'] } }); // 'fields.steps.1'
 * nulPath({ subject: 'ok' }); // null
 */
export function nulPath(value: unknown, path: readonly string[] = []): string | null {
  if (typeof value === 'string') {
    return value.includes('\0') ? path.join('.') : null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = [...path, key];
    if (key.includes('\0')) {
      return at.join('.');
    }
    const found = nulPath(item, at);
    if (found !== null) {
      return found;
    }
  }
  return null;
}
